import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayering } from './layering.js';
import { findModuleCycles } from './module-cycles.js';
import { checkPackageMetadata } from './package-metadata.js';
import { readWorkspace, type WorkspacePackage, workspaceRoot } from './workspace.js';

const workspace = readWorkspace();

function fake(
  name: string,
  layer: WorkspacePackage['layer'],
  dependencies: string[] = [],
  sourceImports = dependencies,
): WorkspacePackage {
  return {
    name,
    dir: `packages/${name}`,
    layer,
    private: false,
    manifest: {},
    dependencies,
    devDependencies: [],
    sourceImports,
  };
}

describe('the workspace', () => {
  it('contains the kernel packages and the three apps', () => {
    const names = workspace.map((pkg) => pkg.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '@lineage/errors',
        '@lineage/content-hash',
        '@lineage/sqlite-store',
        '@lineage/safe-fs',
        '@lineage/line-diff',
        '@lineage/atomic',
        '@lineage/skillmeat-sync',
        '@lineage/onx-manifest',
      ]),
    );
  });

  it('obeys the layering rule with no cycles', () => {
    expect(checkLayering(workspace)).toEqual([]);
  });

  it('has no import cycle between the modules of any package', () => {
    const cycles = workspace.flatMap((pkg) =>
      findModuleCycles(join(workspaceRoot, pkg.dir, 'src')).map((cycle) => `${pkg.name}: ${cycle.join(' → ')}`),
    );
    expect(cycles).toEqual([]);
  });

  it('gives every publishable package complete metadata', () => {
    expect(workspace.flatMap((pkg) => checkPackageMetadata(pkg, workspaceRoot))).toEqual([]);
  });

  it('keeps apps thin: at most 15% of the source lines live in apps', () => {
    const lines = (layer: (layer: string | undefined) => boolean) =>
      workspace
        .filter((pkg) => layer(pkg.layer))
        .reduce((sum, pkg) => sum + sourceLines(join(workspaceRoot, pkg.dir, 'src')), 0);
    const inApps = lines((layer) => layer === 'app');
    const inAll = lines((layer) => layer !== 'tooling');
    expect(inApps / inAll).toBeLessThanOrEqual(0.15);
  });
});

describe('checkLayering', () => {
  it('reports upward dependencies, runtime dependencies on apps, undeclared imports and cycles', () => {
    const problems = checkLayering([
      fake('@lineage/errors', 'kernel', ['@lineage/graph']),
      fake('@lineage/graph', 'domain', ['@lineage/errors']),
      fake('@lineage/app', 'app', [], ['@lineage/graph']),
      fake('@lineage/lib', 'domain', ['@lineage/app']),
      fake('@lineage/loose', undefined),
    ]);
    expect(problems).toEqual([
      '@lineage/errors (kernel) depends upward on @lineage/graph (domain)',
      '@lineage/app: src imports @lineage/graph without declaring it in "dependencies"',
      '@lineage/lib: depends at run time on app package @lineage/app',
      '@lineage/loose: no "lineage.layer" in package.json (one of kernel, domain, cli, app, tooling)',
      'dependency cycle: @lineage/errors → @lineage/graph → @lineage/errors',
    ]);
  });

  it('allows a domain library on a lower domain library', () => {
    expect(
      checkLayering([fake('@lineage/graph', 'domain'), fake('@lineage/tags', 'domain', ['@lineage/graph'])]),
    ).toEqual([]);
  });
});

describe('findModuleCycles', () => {
  it('reports each cycle once, type-only imports included, and ignores test files', () => {
    const src = mkdtempSync(join(tmpdir(), 'module-cycles-'));
    try {
      mkdirSync(join(src, 'sub'));
      const write = (path: string, text: string) => writeFileSync(join(src, path), text);
      write('a.ts', "import { b } from './b.js';\nexport const a = b;\n");
      write('b.ts', "import type { C } from './sub/c.js';\nexport const b = 1 as unknown as C;\n");
      write('sub/c.ts', "import { a } from '../a.js';\nexport type C = typeof a;\n");
      write('d.ts', "import { a } from './a.js';\nexport const d = a;\n");
      write('d.test.ts', "import { d } from './d.js';\nimport './a.js';\n");
      write('e.ts', "export const e = await import('./e.js');\n");
      expect(findModuleCycles(src)).toEqual([
        ['a.ts', 'b.ts', 'sub/c.ts', 'a.ts'],
        ['e.ts', 'e.ts'],
      ]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});

function sourceLines(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .reduce((sum, entry) => sum + readFileSync(join(entry.parentPath, entry.name), 'utf8').split('\n').length, 0);
}
