import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { snapshotOf } from '../../test/snapshot-of.js';
import { formatGraph, formatStamps, formatTree } from './snapshot-files.js';

const files = {
  'package.json': JSON.stringify({ name: '@acme/core', version: '0.9.0', exports: './src/index.ts' }),
  'src/index.ts': "export { BaseValidator } from './validators/base.js';\nexport * from './beta.js';\n",
  'src/validators/base.ts': [
    '/**',
    ' * Validates.',
    ' * @since 0.7.0',
    ' */',
    'export class BaseValidator {',
    '  /** @deprecated use check */',
    '  validate(v: string) { return this.check(v); }',
    '  check(v: string) { return v.length > 0; }',
    '}',
    '/** @internal */',
    'export class Unlisted {}',
  ].join('\n'),
  'src/beta.ts': '/** @beta */\nexport function preview() {}\n',
};

describe('snapshot files', () => {
  it('writes the .tree as YAML version 2 with files, hashes and symbols', async () => {
    const tree = parse(formatTree(await snapshotOf(files)));
    expect(tree.version).toBe(2);
    expect(tree.packages).toEqual([
      { name: '@acme/core', version: '0.9.0', dir: '.', entries: [{ specifier: '@acme/core', file: 'src/index.ts' }] },
    ]);
    const base = tree.files.find((f: { path: string }) => f.path === 'src/validators/base.ts');
    expect(base.lang).toBe('typescript');
    expect(base.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(base.symbols.map((s: { fq: string; kind: string }) => `${s.fq} ${s.kind}`)).toEqual([
      'src/validators/base#BaseValidator class',
      'src/validators/base#BaseValidator.validate method',
      'src/validators/base#BaseValidator.check method',
      'src/validators/base#Unlisted class',
    ]);
    expect(base.symbols[0].sig_sha).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stamps exports with public_api, internal and experimental tags, since and deprecated', async () => {
    const stamps = parse(formatStamps(await snapshotOf(files))).stamps;
    const byFq = new Map(stamps.flatMap((s: { exports: Array<{ fq: string }> }) => s.exports.map((e) => [e.fq, e])));
    expect(byFq.get('src/validators/base#BaseValidator')).toEqual({
      fq: 'src/validators/base#BaseValidator',
      tags: ['public_api'],
      since: '0.7.0',
      deprecated: false,
    });
    expect(byFq.get('src/validators/base#BaseValidator.validate')).toMatchObject({
      deprecated: true,
      deprecation: 'use check',
    });
    expect(byFq.get('src/validators/base#Unlisted')).toMatchObject({ tags: ['internal'] });
    expect(byFq.get('src/beta#preview')).toMatchObject({ tags: ['experimental'] });
    // Each file names its package: an FQN is relative to it.
    expect(new Set(stamps.map((s: { package: string }) => s.package))).toEqual(new Set(['@acme/core']));
  });

  it('writes the symbol graph with the public API and its edges, the same bytes every time', async () => {
    const text = formatGraph(await snapshotOf(files));
    expect(formatGraph(await snapshotOf(files))).toBe(text);
    const graph = JSON.parse(text);
    expect(graph.exposures.map((e: { name: string; fq: string }) => `${e.name}=${e.fq}`)).toEqual([
      'BaseValidator=src/validators/base#BaseValidator',
      'preview=src/beta#preview',
    ]);
    expect(graph.edges).toContainEqual({
      kind: 'reexport',
      from: '@acme/core src/index',
      to: '@acme/core src/validators/base',
      names: ['BaseValidator'],
    });
    expect(graph.edges).toContainEqual({
      kind: 'reexport-star',
      from: '@acme/core src/index',
      to: '@acme/core src/beta',
    });
  });
});
