import { beforeAll, describe, expect, it } from 'vitest';
import type { FileFacts, SymbolFacts } from '../facts.js';
import { analyzeSource } from './analyze-file.js';
import { sketchSimilarity } from './tokens.js';
import { loadTypeScript, type TS } from './typescript.js';

let ts: typeof TS;
beforeAll(async () => {
  ts = await loadTypeScript();
});

const analyze = (text: string, lang: Parameters<typeof analyzeSource>[1] = 'typescript') =>
  analyzeSource(ts, lang, text);
const symbol = (facts: FileFacts, path: string) => facts.symbols.find((s) => s.path === path) as SymbolFacts;

describe('analyzeSource', () => {
  it('names declarations and members by symbol path, leaving private members out', () => {
    const facts = analyze(`
      export class Store<T> extends Base implements Disposable {
        static create() { return new Store(); }
        protected items: T[] = [];
        private secret = 1;
        #hidden = 2;
        constructor(public readonly name: string, private id: number) { super(); }
        get size() { return this.items.length; }
        set size(value: number) {}
        add(item: T): void;
        add(item: T, at: number): void;
        add(item: T, at?: number) { this.items.push(item); }
      }
      export namespace Store { export function helper() {} function internal() {} }
      export enum Color { Red = 'red', Green = 'green' }
      export type Options = { retries?: number } & { timeout: number };
      interface Local { a: string }
    `);
    expect(facts.symbols.map((s) => `${s.path}:${s.kind}`).sort()).toEqual(
      [
        'Color:enum',
        'Color.Green:enum-member',
        'Color.Red:enum-member',
        'Local:interface',
        'Local.a:property',
        'Options:type',
        'Options.retries:property',
        'Options.timeout:property',
        'Store:class',
        'Store.add:method',
        'Store.constructor:constructor',
        'Store.create:method',
        'Store.helper:function',
        'Store.items:property',
        'Store.name:property',
        'Store.size:accessor',
      ].sort(),
    );
    const add = symbol(facts, 'Store.add');
    expect(add.overloads).toHaveLength(2);
    expect(add.params?.map((p) => p.name)).toEqual(['item']);
    expect(symbol(facts, 'Store.create').static).toBe(true);
    expect(symbol(facts, 'Store.items').protected).toBe(true);
    expect(symbol(facts, 'Store').heritage).toEqual({ extends: ['Base'], implements: ['Disposable'] });
    expect(symbol(facts, 'Store').exported).toBe('named');
    expect(symbol(facts, 'Local').exported).toBeUndefined();
  });

  it('reads release tags, @since and @deprecated from JSDoc', () => {
    const facts = analyze(`
      /**
       * Reads text.
       * @beta
       * @since 1.4.0
       * @deprecated Use {@link readText} instead.
       */
      export function read(path: string) { return path; }
      /** @internal */
      export const secret = 1;
    `);
    expect(symbol(facts, 'read').doc).toEqual({
      text: 'Reads text.',
      tags: ['beta'],
      since: '1.4.0',
      deprecated: 'Use {@link readText} instead.',
    });
    expect(symbol(facts, 'secret').doc?.tags).toEqual(['internal']);
  });

  it('records parameters with defaults, destructured and inline option properties', () => {
    const facts = analyze(`
      export function read(path: string, { encoding = 'utf8', flag }: { encoding?: string; flag: string }, retries = 3) {}
    `);
    expect(symbol(facts, 'read').params).toEqual([
      { name: 'path', optional: false, rest: false, type: 'string' },
      {
        name: '$arg1',
        optional: false,
        rest: false,
        type: '{ encoding?: string; flag: string }',
        bindings: [
          { property: 'encoding', local: 'encoding', default: "'utf8'" },
          { property: 'flag', local: 'flag' },
        ],
        members: [
          { name: 'encoding', type: 'string', optional: true },
          { name: 'flag', type: 'string', optional: false },
        ],
      },
      { name: 'retries', optional: true, rest: false, default: '3' },
    ]);
  });

  it('recognises aliases: re-bound names, pass-through types, forwarding bodies, empty subclasses', () => {
    const facts = analyze(`
      export const Old = New;
      export type OldType<T> = NewType<T>;
      export class OldClass extends NewClass {}
      export function oldFn(a: string, b: number) { return newFn(a, b); }
      export class Api { old(x: number) { return this.neu(x); } get legacy() { return this.modern; } neu(x: number) { return x; } modern = 1; }
      export function notAlias() { return compute(1); }
    `);
    expect(symbol(facts, 'Old').aliasOf).toBe('New');
    expect(symbol(facts, 'OldType').aliasOf).toBe('NewType');
    expect(symbol(facts, 'OldClass').aliasOf).toBe('NewClass');
    expect(symbol(facts, 'oldFn').aliasOf).toBe('newFn');
    expect(symbol(facts, 'Api.old').aliasOf).toBe('this.neu');
    expect(symbol(facts, 'Api.legacy').aliasOf).toBe('this.modern');
    expect(symbol(facts, 'notAlias').aliasOf).toBeUndefined();
  });

  it('lists imports and every form of export', () => {
    const facts = analyze(`
      import def, { a, b as c, type T } from './x.js';
      import * as ns from '../ns';
      import type { U } from './u';
      import legacy = require('./legacy');
      export { a as renamed, c };
      /** @deprecated */
      export { old as older } from './old.js';
      export * from './star.js';
      export * as space from './space.js';
      export type { V } from './v.js';
      export default def;
    `);
    expect(facts.imports).toEqual([
      {
        specifier: './x.js',
        line: 2,
        typeOnly: false,
        default: 'def',
        names: [
          { imported: 'a', local: 'a', typeOnly: false },
          { imported: 'b', local: 'c', typeOnly: false },
          { imported: 'T', local: 'T', typeOnly: true },
        ],
      },
      { specifier: '../ns', line: 3, typeOnly: false, namespace: 'ns', names: [] },
      { specifier: './u', line: 4, typeOnly: true, names: [{ imported: 'U', local: 'U', typeOnly: true }] },
      { specifier: './legacy', line: 5, typeOnly: false, namespace: 'legacy', names: [] },
    ]);
    expect(facts.exports.map((e) => [e.kind, 'exported' in e ? e.exported : (e.as ?? '*'), e.typeOnly])).toEqual([
      ['local', 'renamed', false],
      ['local', 'c', false],
      ['from', 'older', false],
      ['star', '*', false],
      ['star', 'space', false],
      ['from', 'V', true],
      ['local', 'default', false],
    ]);
    expect(facts.exports[2]?.doc?.deprecated).toBe(true);
  });

  it('masks the own name and parameter names, so a pure rename keeps shape, body and sketch', () => {
    const before = symbol(
      analyze('export function readText(path: string, encoding = "utf8") { return path + encoding; }'),
      'readText',
    );
    const renamed = symbol(
      analyze('export function loadText(path: string, encoding = "utf8") { return path + encoding; }'),
      'loadText',
    );
    const argRenamed = symbol(
      analyze('export function readText(path: string, codec = "utf8") { return path + codec; }'),
      'readText',
    );
    expect(renamed.shapeHash).toBe(before.shapeHash);
    expect(renamed.sigHash).not.toBe(before.sigHash);
    expect(argRenamed.bodyHash).toBe(before.bodyHash);
    expect(argRenamed.shapeHash).not.toBe(before.shapeHash);
    expect(sketchSimilarity(argRenamed.sketch, before.sketch)).toBe(1);
  });

  it('keeps a template literal or regular expression from swallowing what follows', () => {
    // Source text with template literals, built so that this file has none.
    const template = (inner: string) => `\`x$\{${inner}}y\``;
    const f = `export function f() { return ${template('a')}; }\n`;
    const facts = analyze(`export const a = ${template('1')};\nexport const r = /\`/g;\n${f}`);
    expect(facts.symbols.map((s) => s.path)).toEqual(['a', 'r', 'f']);
    const alone = symbol(analyze(f), 'f');
    expect(symbol(facts, 'f').bodyHash).toBe(alone.bodyHash);
  });

  it('parses JavaScript and declaration files', () => {
    const js = analyze(
      'export function f(a, b = 1) { return a + b; }\nexport default class { m() {} }\n',
      'javascript',
    );
    expect(js.symbols.map((s) => s.path)).toEqual(['f', 'default', 'default.m']);
    const dts = analyze(
      'export declare function g(x: number): string;\ndeclare namespace N { function h(): void }\nexport { N };\n',
      'declaration',
    );
    expect(dts.symbols.map((s) => s.path)).toEqual(['g', 'N', 'N.h']);
  });
});
