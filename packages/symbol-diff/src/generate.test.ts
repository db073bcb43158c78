import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES_DIR } from '../test/cases.js';
import { repositoryWithVersions } from '../test/fixture-repo.js';
import { type GenerateProgress, generate } from './generate.js';
import { formatManifest } from './manifest/manifest.js';
import { parseManifest } from './manifest/read-manifest.js';

const repo = repositoryWithVersions([
  ['v1', join(CASES_DIR, 'callable-rename', 'v1')],
  ['v2', join(CASES_DIR, 'callable-rename', 'v2')],
]);
const scratch = mkdtempSync(join(tmpdir(), 'symbol-diff-generate-'));
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('generate', () => {
  it('runs the eight steps in order, reporting progress, and writes every output', async () => {
    const events: GenerateProgress[] = [];
    const out = join(scratch, 'out');
    const result = await generate({
      corePath: repo,
      from: 'v1',
      to: 'v2',
      outDir: out,
      onProgress: (e) => events.push(e),
    });
    const steps = events.filter((e) => e.status !== 'progress').map((e) => `${e.index} ${e.step} ${e.status}`);
    expect(steps).toEqual([
      '1 checkout start',
      '1 checkout done',
      '2 tree start',
      '2 tree done',
      '3 stamp start',
      '3 stamp done',
      '4 graph start',
      '4 graph done',
      '5 infer start',
      '5 infer done',
      '6 synthesize start',
      '6 synthesize done',
      '7 verify skipped',
      '8 emit start',
      '8 emit done',
    ]);
    expect(events.some((e) => e.status === 'progress' && e.step === 'tree' && e.total !== undefined)).toBe(true);
    expect(readdirSync(out).sort()).toEqual([
      'change_manifest.yaml',
      'from.tree',
      'graph_from.json',
      'graph_to.json',
      'manifest_report.json',
      'stamps_from.yaml',
      'stamps_to.yaml',
      'to.tree',
    ]);
    const manifest = parseManifest(result.outputs['change_manifest.yaml'] as string);
    expect(formatManifest(manifest)).toBe(result.outputs['change_manifest.yaml']);
    expect(manifest.operations.map((op) => op.id)).toEqual(['OP001', 'OP002', 'OP003', 'OP004']);
    expect(manifest.operations.every((op) => op.provenance.from_commit === manifest.commits.from)).toBe(true);
    expect(result.report.statistics.operations.by_kind['rename.callable']).toBe(4);
  });

  it('refuses bad input with stable codes before writing anything', async () => {
    const out = join(scratch, 'never');
    await expect(generate({ corePath: repo, from: 'v1', to: 'v9', outDir: out })).rejects.toMatchObject({
      code: 'UNKNOWN_REF',
    });
    await expect(generate({ corePath: scratch, from: 'v1', to: 'v2', outDir: out })).rejects.toMatchObject({
      code: 'NOT_A_GIT_REPOSITORY',
    });
    await expect(generate({ corePath: repo, from: 'v1', to: 'v2', parallel: 0 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    await expect(generate({ corePath: repo, from: 'v1', to: 'v2', confidenceThreshold: 2 })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    expect(existsSync(out)).toBe(false);
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'mine\n');
    await expect(generate({ corePath: repo, from: 'v1', to: 'v2', outDir: file })).rejects.toMatchObject({
      code: 'BAD_OPTION',
    });
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });
});

describe('parseManifest', () => {
  it('says what is wrong with a manifest it cannot use', () => {
    const unreadable = { code: 'MANIFEST_UNREADABLE' };
    expect(() => parseManifest('a: [')).toThrow(expect.objectContaining(unreadable));
    expect(() => parseManifest('manifest_version: 2\nfrom: a\nto: b\n')).toThrow(/manifest_version is 2/);
    expect(() =>
      parseManifest(
        'manifest_version: 1\nfrom: a\nto: b\ncore: {packages: [{name: x}]}\noperations: [{id: OP001, kind: rename.everything, package: x, match: {}, confidence: 1}]\n',
      ),
    ).toThrow(/unknown kind/);
  });
});
