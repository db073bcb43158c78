import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryWithVersions } from '../../test/fixture-repo.js';
import { FactsProvider } from '../analysis/facts-provider.js';
import { GitSource } from '../git-source.js';
import { BlobStore, captureSnapshot } from './capture.js';

const repo = repositoryWithVersions([
  [
    'v1',
    {
      'package.json': JSON.stringify({
        name: '@acme/core',
        version: '1.0.0',
        exports: { '.': './dist/index.js', './validators': './dist/validators/index.js' },
      }),
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } // built\n}',
      'src/index.ts':
        "export * from './validators/index.js';\nexport { readText as read } from './io.js';\nexport * as util from './util.js';\n",
      'src/validators/index.ts': "export { BaseValidator } from './base.js';\n",
      'src/validators/base.ts':
        "import { helper } from '../util.js';\n/** @public */\nexport class BaseValidator { validate(v: string) { return helper(v); } }\nexport class Hidden {}\n",
      'src/io.ts':
        '/** @since 0.7.0 */\nexport function readText(path: string, encoding = "utf8") { return path + encoding; }\n',
      'src/util.ts': 'export function helper(v: string) { return v.length > 0; }\n',
      'src/io.test.ts': 'export const notApi = 1;\n',
    },
  ],
]);

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('captureSnapshot', () => {
  it('maps entry points to sources and exposes the public API through re-exports', async () => {
    const snapshot = await captureSnapshot(new BlobStore(GitSource.open(repo)), 'v1', new FactsProvider());
    expect(snapshot.files.map((f) => f.path)).toEqual([
      'src/index.ts',
      'src/io.ts',
      'src/util.ts',
      'src/validators/base.ts',
      'src/validators/index.ts',
    ]);
    expect(snapshot.packages[0]?.entries).toEqual([
      { specifier: '@acme/core', target: './dist/index.js', file: 'src/index.ts' },
      { specifier: '@acme/core/validators', target: './dist/validators/index.js', file: 'src/validators/index.ts' },
    ]);
    const exposures = [...snapshot.symbols.values()].flatMap((s) =>
      s.exposures.map((e) => `${e.specifier}:${e.name}=${s.fq}`),
    );
    expect(exposures.sort()).toEqual([
      '@acme/core/validators:BaseValidator=src/validators/base#BaseValidator',
      '@acme/core:BaseValidator=src/validators/base#BaseValidator',
      '@acme/core:read=src/io#readText',
      '@acme/core:util.helper=src/util#helper',
    ]);
    const base = snapshot.symbols.get('@acme/core src/validators/base#BaseValidator');
    expect(base?.uses).toEqual(['@acme/core src/util#helper']);
    expect(snapshot.symbols.get('@acme/core src/validators/base#BaseValidator.validate')?.uses).toEqual([
      '@acme/core src/util#helper',
    ]);
  });
});

describe('analysis workers and the facts cache', () => {
  it('give the same snapshot as analysis in this thread, and spare unchanged files on the next run', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const cacheDir = mkdtempSync(join(tmpdir(), 'symbol-diff-cache-'));
    const many: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'many', exports: './src/index.ts' }),
    };
    for (let i = 0; i < 100; i++) many[`src/m${i}.ts`] = `export function f${i}(x: number) { return x + ${i}; }\n`;
    many['src/index.ts'] = Array.from({ length: 100 }, (_, i) => `export * from './m${i}.js';`).join('\n');
    const edited = { ...many, 'src/m7.ts': 'export function f7(x: number) { return x * 7; }\n' };
    const big = repositoryWithVersions([
      ['one', many],
      ['two', edited],
    ]);
    try {
      const inThread = await captureSnapshot(new BlobStore(GitSource.open(big)), 'one', new FactsProvider());
      const first = new FactsProvider({ parallel: 2, cacheDir });
      const inWorkers = await captureSnapshot(new BlobStore(GitSource.open(big)), 'one', first);
      expect(first.stats).toEqual({ analysed: 101, cached: 0, reused: 0 });
      expect(inWorkers.files).toEqual(inThread.files);
      const second = new FactsProvider({ parallel: 2, cacheDir });
      await captureSnapshot(new BlobStore(GitSource.open(big)), 'two', second);
      expect(second.stats).toEqual({ analysed: 1, cached: 100, reused: 0 });
    } finally {
      rmSync(big, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
