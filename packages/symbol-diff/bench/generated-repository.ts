import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '@lineage/test-utils';

/**
 * A synthetic library of `files` modules in directories of 100, with barrels, imports
 * between modules, classes, interfaces, functions and constants — and three commits:
 * `v1`; `v2` with renamed classes, methods and option keys and moved files; `v3` = `v2` with
 * one file edited (the cache benchmark).
 */
export function generatedRepository(files: number): { dir: string; renames: number; moves: number } {
  const dir = mkdtempSync(join(tmpdir(), 'symbol-diff-bench-'));
  git(dir, ['init', '-q', '-b', 'main']);
  const dirs = Math.ceil(files / 100);
  const renamed = (i: number) => i % 500 === 7;
  const moved = (i: number) => i % 500 === 250;
  const pathOf = (i: number, version: number) =>
    version > 1 && moved(i)
      ? `src/moved${Math.floor(i / 100)}/file${i}.ts`
      : `src/mod${Math.floor(i / 100)}/file${i}.ts`;
  for (const version of [1, 2, 3]) {
    // Each version is written afresh: a moved file must disappear from its old place.
    rmSync(join(dir, 'src'), { recursive: true, force: true });
    for (let d = 0; d < dirs; d++) {
      const members = Array.from({ length: 100 }, (_, k) => d * 100 + k).filter((i) => i < files);
      const local = members.filter((i) => !(version > 1 && moved(i)));
      write(dir, `src/mod${d}/index.ts`, local.map((i) => `export * from './file${i}.js';\n`).join(''));
      const away = members.filter((i) => version > 1 && moved(i));
      if (away.length > 0) {
        write(dir, `src/moved${d}/index.ts`, away.map((i) => `export * from './file${i}.js';\n`).join(''));
      }
    }
    const barrels = Array.from({ length: dirs }, (_, d) => `export * from './mod${d}/index.js';\n`);
    if (version > 1) {
      for (let d = 0; d < dirs; d++) {
        if (Array.from({ length: 100 }, (_, k) => d * 100 + k).some((i) => i < files && moved(i))) {
          barrels.push(`export * from './moved${d}/index.js';\n`);
        }
      }
    }
    write(dir, 'src/index.ts', barrels.join(''));
    write(
      dir,
      'package.json',
      `${JSON.stringify({ name: '@bench/core', version: `${version}.0.0`, type: 'module', exports: './src/index.ts' })}\n`,
    );
    for (let i = 0; i < files; i++) {
      const text = moduleText(i, version > 1 && renamed(i), version === 3 && i === 4242 % files);
      write(dir, pathOf(i, version), text);
    }
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', `v${version}`]);
    git(dir, ['tag', `v${version}`]);
  }
  const count = (test: (i: number) => boolean) => Array.from({ length: files }, (_, i) => i).filter(test).length;
  return { dir, renames: count(renamed), moves: count(moved) };
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function moduleText(i: number, renamed: boolean, edited: boolean): string {
  const peer = (i * 7919 + 13) % Math.max(1, i);
  const cls = renamed ? `Worker${i}` : `Service${i}`;
  const method = renamed ? `run${i}` : `compute${i}`;
  const key = renamed ? `deadline${i}` : `timeout${i}`;
  const importLine = i > 0 ? `import { helper${peer} } from '../mod${Math.floor(peer / 100)}/file${peer}.js';\n\n` : '';
  const call = i > 0 ? `helper${peer}(input)` : 'input';
  return `${importLine}/** Options of service ${i}: how it retries and how long it waits. */
export interface Options${i} {
  /** Attempts before giving up. */
  retries?: number;
  /** Milliseconds before a call is abandoned. */
  ${key}?: number;
  label: string;
}

/** Service ${i}: computes values for its callers and remembers them. */
export class ${cls} {
  private readonly cache = new Map<number, number>();

  constructor(readonly options: Options${i}) {}

  /** The value for an input, computed once. */
  ${method}(input: number, factor = 2): number {
    const known = this.cache.get(input);
    if (known !== undefined) return known;
    const value = ${call} * factor + ${i};
    this.cache.set(input, value);
    return value;
  }

  /** A line describing this service. */
  describe(): string {
    return \`\${this.options.label} #${i} (\${this.cache.size} cached, \${this.options.retries ?? 0} retries)\`;
  }
}

/** Adds this module's offset to a value. */
export function helper${i}(value: number): number {
  let result = value;
  for (let step = 0; step < ${(i % 5) + 1}; step++) result += ${i % 7};
  return result${edited ? ' - 1' : ''};
}

export const LIMIT_${i} = ${i * 3};
`;
}
