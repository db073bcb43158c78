import { describe, expect, it } from 'vitest';
import { exposuresOf, snapshotOf } from '../../test/snapshot-of.js';

const pkg = (name: string, extra: Record<string, unknown> = {}) => JSON.stringify({ name, ...extra });

describe('linkSnapshot', () => {
  it('follows barrels, export *, export { a as b }, default exports and namespace re-exports', async () => {
    const snapshot = await snapshotOf({
      'package.json': pkg('lib', {
        exports: { '.': './dist/index.js', './extra': { types: './dist/extra.d.ts', default: './dist/extra.js' } },
      }),
      'src/index.ts': [
        "export * from './a/index.js';",
        "export { default as Widget, helper as assist } from './widget.js';",
        "import * as geometry from './geometry.js';",
        'export { geometry };',
        "/** @deprecated use assist */\nexport { helper } from './widget.js';",
        "export * from './cycle1.js';",
      ].join('\n'),
      'src/a/index.ts': "export * from './impl.js';\nexport type { Shape } from '../geometry.js';\n",
      'src/a/impl.ts': 'export function make() {}\nfunction hidden() {}\n',
      'src/widget.ts': 'export default class Widget {}\nexport function helper() {}\n',
      'src/geometry.ts': 'export interface Shape { area(): number }\nexport const PI = 3.14;\n',
      'src/cycle1.ts': "export * from './cycle2.js';\nexport const one = 1;\n",
      'src/cycle2.ts': "export * from './cycle1.js';\nexport const two = 2;\n",
      'src/extra.ts': "export { make as build } from './a/impl.js';\n",
    });
    expect(exposuresOf(snapshot)).toEqual([
      'lib/extra:build=src/a/impl#make',
      'lib:Shape=src/geometry#Shape',
      'lib:Widget=src/widget#Widget',
      'lib:assist=src/widget#helper',
      'lib:geometry.PI=src/geometry#PI',
      'lib:geometry.Shape=src/geometry#Shape',
      'lib:helper=src/widget#helper (deprecated)',
      'lib:make=src/a/impl#make',
      'lib:one=src/cycle1#one',
      'lib:two=src/cycle2#two',
    ]);
    const edges = snapshot.graph.edges
      .filter((e) => e.kind !== 'uses')
      .map((e) => `${e.kind} ${e.from} -> ${e.to} ${e.names?.join(',') ?? ''}`.trim());
    expect(edges).toContain('reexport-star lib src/index -> lib src/a/index');
    expect(edges).toContain('reexport lib src/index -> lib src/widget default as Widget');
    expect(edges).toContain('reexport lib src/index -> lib src/geometry geometry');
    expect(edges).toContain('import lib src/index -> lib src/geometry * as geometry');
  });

  it('handles a workspace package by package, resolving imports across packages', async () => {
    const snapshot = await snapshotOf({
      'package.json': pkg('root', { private: true, workspaces: ['packages/*'] }),
      'packages/core/package.json': pkg('@acme/core', { main: './lib/index.js', types: './lib/index.d.ts' }),
      'packages/core/tsconfig.json': '{ "compilerOptions": { "outDir": "./lib", "rootDir": "./source" } }',
      'packages/core/source/index.ts': 'export class Base {}\n',
      'packages/ext/package.json': pkg('@acme/ext', { exports: './dist/index.js' }),
      'packages/ext/src/index.ts': "import { Base } from '@acme/core';\nexport class Ext extends Base {}\n",
      'tools/script.ts': 'export const notInAPackage = 1;\n',
    });
    expect(snapshot.packages.map((p) => [p.name, p.dir, p.entries.map((e) => e.file)])).toEqual([
      ['@acme/core', 'packages/core', ['source/index.ts']],
      ['@acme/ext', 'packages/ext', ['src/index.ts']],
    ]);
    expect(exposuresOf(snapshot)).toEqual([
      '@acme/core:Base=source/index#Base',
      '@acme/ext:Ext=@acme/ext src/index#Ext',
    ]);
    expect(snapshot.symbols.get('@acme/ext src/index#Ext')?.bases).toEqual(['@acme/core source/index#Base']);
    expect(snapshot.files.map((f) => f.path)).not.toContain('tools/script.ts');
  });

  it('expands subpath patterns and prefers declarations over the JavaScript beside them', async () => {
    const snapshot = await snapshotOf({
      'package.json': pkg('pat', { exports: { './*': './lib/*.js' } }),
      'lib/one.js': 'export function one() {}\n',
      'lib/one.d.ts': 'export declare function one(): void;\n',
      'lib/two.js': 'export const two = 2;\n',
    });
    expect(snapshot.packages[0]?.entries.map((e) => `${e.specifier} ${e.file}`)).toEqual([
      'pat/one lib/one.d.ts',
      'pat/two lib/two.js',
    ]);
    const one = [...snapshot.symbols.values()].find((s) => s.fq === 'lib/one#one');
    expect(one?.file).toBe('lib/one.d.ts');
  });

  it('resolves aliases and inheritance to symbol ids', async () => {
    const snapshot = await snapshotOf({
      'package.json': pkg('alias', { exports: './src/index.ts' }),
      'src/index.ts':
        "import { Next } from './next.js';\n/** @deprecated */\nexport const Prev = Next;\nexport { Next };\nexport class Child extends Next { legacy() { return this.modern(); } modern() {} }\n",
      'src/next.ts': 'export class Next {}\n',
    });
    expect(snapshot.symbols.get('alias src/index#Prev')?.aliasOf).toBe('alias src/next#Next');
    expect(snapshot.symbols.get('alias src/index#Child.legacy')?.aliasOf).toBe('alias src/index#Child.modern');
    expect(snapshot.symbols.get('alias src/index#Child')?.bases).toEqual(['alias src/next#Next']);
  });

  it('treats a tree without package.json as one package with an index entry', async () => {
    const snapshot = await snapshotOf({ 'src/index.ts': 'export const x = 1;\n' });
    expect(snapshot.packages.map((p) => p.name)).toEqual(['fixture']);
    expect(exposuresOf(snapshot)).toEqual(['fixture:x=src/index#x']);
  });
});
