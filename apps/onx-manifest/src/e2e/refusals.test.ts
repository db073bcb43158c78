import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filesOf,
  generateArgs,
  json,
  makeCoreRepository,
  makeDependent,
  onxManifest,
  onxMigrate,
} from '../../test/e2e-fixture.js';

// Bad input gets one clear line, a hint, its exit code — and nothing is written.
const work = mkdtempSync(join(tmpdir(), 'onx-refusals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const core = makeCoreRepository(join(work, 'core'));
const app = makeDependent(join(work, 'my-app'));
const manifest = join(work, 'manifest');
const { run } = onxManifest;
beforeAll(() => {
  onxManifest.ok(work, [...generateArgs(core, 'v0.9.0', 'v1.0.0', manifest), '-q']);
});

/** Runs a command that must fail, and checks the two lines it prints and its exit code. */
function refused(args: string[], code: string, exit: number, bin = run): void {
  const result = bin(work, args);
  expect(result.stdout).toBe('');
  const [error, hint, ...rest] = result.stderr.trimEnd().split('\n');
  expect({ args: args.join(' '), error, exit: result.code }).toEqual({
    args: args.join(' '),
    error: expect.stringMatching(new RegExp(`^error: .+ \\[${code}\\]$`)),
    exit,
  });
  expect(hint).toMatch(/^hint: \S/);
  expect(rest).toEqual([]);
}

describe('generate refuses bad input and writes nothing', () => {
  const out = join(work, 'out');
  const generate = (...args: string[]) => ['generate', '--out', out, ...args];

  it('an unknown ref', () => {
    refused(generate('--core-path', core, '--from', 'v0.8.0', '--to', 'v1.0.0'), 'UNKNOWN_REF', 3);
    refused(generate('--core-path', core, '--from', 'v0.9.0', '--to', 'no-such-branch'), 'UNKNOWN_REF', 3);
    expect(existsSync(out)).toBe(false);
  });

  it('a directory that is not a git repository', () => {
    const plain = join(work, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'index.ts'), 'export const a = 1;\n');
    refused(generate('--core-path', plain, '--from', 'v0.9.0', '--to', 'v1.0.0'), 'NOT_A_GIT_REPOSITORY', 3);
    refused(
      generate('--core-path', join(work, 'missing'), '--from', 'v0.9.0', '--to', 'v1.0.0'),
      'NOT_A_GIT_REPOSITORY',
      3,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('flags out of range, as usage errors', () => {
    refused(generate('--core-path', core, '--from', 'a', '--to', 'b', '--confidence-threshold', '1.5'), 'USAGE', 2);
    refused(generate('--core-path', core, '--from', 'a', '--to', 'b', '--parallel', '0'), 'USAGE', 2);
    refused(['generate', '--core-path', core, '--from', 'v0.9.0'], 'USAGE', 2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('apply refuses bad input and writes nothing', () => {
  const before = filesOf(app);
  const apply = (...args: string[]) => ['apply', ...args];

  it('an unreadable manifest', () => {
    const broken = join(work, 'broken.yaml');
    writeFileSync(broken, 'manifest_version: 1\nfrom: [\n');
    refused(apply('--manifest', broken, '--target', app), 'MANIFEST_UNREADABLE', 2);
    writeFileSync(broken, 'manifest_version: 7\n');
    refused(apply('--manifest', broken, '--target', app), 'MANIFEST_UNREADABLE', 2);
    refused(apply('--manifest', join(work, 'nowhere.yaml'), '--target', app), 'MANIFEST_NOT_FOUND', 3);
    expect(filesOf(app)).toEqual(before);
  });

  it('a manifest for another core', () => {
    const other = join(work, 'other-app');
    mkdirSync(other);
    writeFileSync(join(other, 'package.json'), '{"name": "other-app", "dependencies": {"@other/core": "^1.0.0"}}\n');
    writeFileSync(join(other, 'main.ts'), "import { x } from '@other/core';\n");
    const untouched = filesOf(other);
    refused(apply('--manifest', manifest, '--target', other), 'MANIFEST_FOR_OTHER_CORE', 2);
    expect(filesOf(other)).toEqual(untouched);
  });

  it('a target that is not a package', () => {
    const loose = join(work, 'loose');
    mkdirSync(loose);
    writeFileSync(join(loose, 'main.ts'), "import { toSlug } from '@acme/core';\n");
    refused(apply('--manifest', manifest, '--target', loose), 'TARGET_NOT_A_PACKAGE', 2);
    expect(filesOf(loose)).toEqual({
      'main.ts': Buffer.from("import { toSlug } from '@acme/core';\n").toString('base64'),
    });
    refused(apply('--manifest', manifest, '--target', join(work, 'absent')), 'TARGET_NOT_FOUND', 3);
  });

  it('a registry URI without its registry, or not in it', () => {
    const uri = 'registry://core_migrations/v0.9.0_v1.0.0';
    refused(apply('--manifest', uri, '--target', app), 'REGISTRY_REQUIRED', 2, onxMigrate.run);
    refused(apply('--manifest', uri, '--target', app, '--registry', work), 'REGISTRY_ENTRY_NOT_FOUND', 3);
    refused(
      apply('--manifest', 'registry://elsewhere/x', '--target', app, '--registry', work),
      'REGISTRY_URI_INVALID',
      2,
    );
    expect(filesOf(app)).toEqual(before);
    expect(existsSync(join(app, '.lineage'))).toBe(false);
  });

  it('reports errors as JSON on stdout under --json', () => {
    const result = run(work, ['apply', '--manifest', manifest, '--target', join(work, 'absent'), '--json']);
    expect(result.code).toBe(3);
    expect(json(result.stdout)).toEqual({
      error: expect.objectContaining({ code: 'TARGET_NOT_FOUND', hint: expect.any(String) }),
    });
  });
});

describe('rollback, compat and publish refuse bad input', () => {
  it('rollback: no checkpoint, the wrong version, no package', () => {
    const checkpoint = join(work, 'checkpoint');
    mkdirSync(checkpoint);
    const record = { checkpoint_version: 1, target: app, core: ['@acme/core'], from: 'v0.9.0', to: 'v1.0.0' };
    writeFileSync(join(checkpoint, 'checkpoint.json'), JSON.stringify({ ...record, manifest_sha256: '0', files: [] }));
    refused(
      ['rollback', '--package', app, '--to-version', '1.0.0', '--checkpoint', checkpoint],
      'CHECKPOINT_VERSION_MISMATCH',
      2,
    );
    refused(['rollback', '--package', app, '--to-version', '0.9.0', '--checkpoint', work], 'CHECKPOINT_NOT_FOUND', 3);
    refused(
      ['rollback', '--package', join(work, 'gone'), '--to-version', '0.9.0', '--checkpoint', work],
      'TARGET_NOT_FOUND',
      3,
    );
  });

  it('compat: a range with no published manifest; publish: no manifest', () => {
    refused(
      ['compat', '--package', app, '--core-versions', '>=3', '--registry', join(work, 'registry')],
      'NO_MANIFESTS_IN_RANGE',
      3,
    );
    refused(
      ['publish', '--manifest-dir', join(work, 'core'), '--registry', join(work, 'registry')],
      'MANIFEST_NOT_FOUND',
      3,
    );
    expect(existsSync(join(work, 'registry'))).toBe(false);
  });
});
