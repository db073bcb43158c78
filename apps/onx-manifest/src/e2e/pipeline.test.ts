import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CompatResult, OPERATION_KINDS } from '@lineage/symbol-diff';
import { git } from '@lineage/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import {
  filesOf,
  generateArgs,
  installCore,
  json,
  makeCoreRepository,
  makeDependent,
  onxManifest,
  onxMigrate,
  typecheck,
} from '../../test/e2e-fixture.js';

// Issue 15's pipeline, end to end from the built bins: the sample core (examples/onx-manifest)
// as a real git repository tagged v0.9.0, v1.0.0 and v1.1.0, and a dependent written against
// 0.9.0. The tests run in order, each on what the one before left.
const work = mkdtempSync(join(tmpdir(), 'onx-pipeline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const core = makeCoreRepository(join(work, 'core'));
const app = makeDependent(join(work, 'my-app'));
const registry = join(work, 'registry');
const out = (from: string, to: string) => join(work, 'artifacts', `${from}_${to}`);
const { ok, run } = onxManifest;

type Kind = (typeof OPERATION_KINDS)[number];
interface Generated {
  operations: Array<{ id: string; kind: Kind; description: string; action: string; breaking: boolean }>;
  unresolved: Array<{ kind: string; fq: string }>;
  breaking: boolean;
  verification?: Array<{ dependent: string; changed: number; typecheck: { ok: boolean }; command?: { ok: boolean } }>;
  written: string[];
}
const generated: Generated[] = [];
const original = filesOf(app);

describe('onx-manifest: a core release through to a migrated dependent', () => {
  it('generate writes the manifest and its artifacts, verifies the dependent on a copy, and exits 4 on a breaking release', () => {
    const result = run(work, [
      ...generateArgs(core, 'v0.9.0', 'v1.0.0', out('v0.9.0', 'v1.0.0')),
      ...['--dependents', app, '--verify-command', 'test -f src/main.ts', '--fail-on-breaking', '--json'],
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(4);
    const manifest = json<Generated>(result.stdout);
    generated.push(manifest);
    expect(manifest.breaking).toBe(true);
    expect(manifest.unresolved).toEqual([expect.objectContaining({ kind: 'removed', fq: 'src/util/text#legacyHash' })]);
    expect(manifest.verification).toEqual([
      expect.objectContaining({ dependent: 'my-app', changed: 2, typecheck: expect.objectContaining({ ok: true }) }),
    ]);
    expect(manifest.verification?.[0]?.command?.ok).toBe(true);
    expect(manifest.written.map((path) => path.slice(out('v0.9.0', 'v1.0.0').length + 1)).sort()).toEqual([
      'change_manifest.yaml',
      'from.tree',
      'graph_from.json',
      'graph_to.json',
      'manifest_report.json',
      'patches/my-app.patch',
      'stamps_from.yaml',
      'stamps_to.yaml',
      'to.tree',
    ]);
    const patch = readFileSync(join(out('v0.9.0', 'v1.0.0'), 'patches', 'my-app.patch'), 'utf8');
    expect(patch).toContain("+import { ValidatorBase, EmailValidator } from '@acme/core/validators';");
    expect(filesOf(app)).toEqual(original);
  });

  it('a compatible release is not breaking: exit 0 under --fail-on-breaking (analysed on a worker thread)', () => {
    const result = ok(work, [
      ...generateArgs(core, 'v1.0.0', 'v1.1.0', out('v1.0.0', 'v1.1.0')),
      '--fail-on-breaking',
      '--parallel',
      '2',
      '--json',
    ]);
    const manifest = json<Generated>(result.stdout);
    generated.push(manifest);
    expect(manifest.operations.map((op) => [op.kind, op.breaking])).toEqual([['arg.add_default', false]]);
    expect(manifest.breaking).toBe(false);
  });

  it('the two releases cover every operation kind', () => {
    const kinds = new Set(generated.flatMap((m) => m.operations.map((op) => op.kind)));
    expect([...kinds].sort()).toEqual([...OPERATION_KINDS].sort());
  });

  it('publish files both into the registry and announces each as one core.migration.ready line', () => {
    for (const [from, to, operations] of [
      ['v0.9.0', 'v1.0.0', generated[0]?.operations.length],
      ['v1.0.0', 'v1.1.0', 1],
    ] as const) {
      const result = ok(work, ['publish', '--manifest-dir', out(from, to), '--registry', registry]);
      expect(result.stdout.endsWith('\n') && result.stdout.split('\n').length).toBe(2);
      expect(json(result.stdout)).toEqual({
        event: 'core.migration.ready',
        uri: `registry://core_migrations/${from}_${to}`,
        from,
        to,
        core: ['@acme/core'],
        manifest_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        operations,
      });
      expect(readFileSync(join(registry, 'core_migrations', `${from}_${to}`, 'change_manifest.yaml'), 'utf8')).toBe(
        readFileSync(join(out(from, to), 'change_manifest.yaml'), 'utf8'),
      );
    }
  });

  it('compat lists exactly the call sites each release affects', () => {
    const { pairs, uses } = json<CompatResult>(
      ok(work, ['compat', '--package', app, '--core-versions', '>=0.9.0,<2.0.0', '--registry', registry, '--json'])
        .stdout,
    );
    expect(uses.find((use) => use.api === 'src/client#ClientOptions.cacheTime')?.sites).toEqual([
      { file: 'src/main.ts', line: 11, column: 68 },
      { file: 'src/report.ts', line: 7, column: 57 },
    ]);
    const affected = pairs.map((pair) => ({
      pair: `${pair.from} → ${pair.to}`,
      operations: Object.fromEntries(
        pair.operations.map((op) => [op.description, op.sites.map((s) => `${s.file}:${s.line}`)]),
      ),
    }));
    expect(affected).toEqual([
      {
        pair: 'v0.9.0 → v1.0.0',
        operations: {
          'import from @acme/core/validators instead of @acme/core/validation': ['src/main.ts:2'],
          'src/util/text#toSlug → slugify': ['src/main.ts:1', 'src/main.ts:17'],
          'src/core/validators/base#BaseValidator → ValidatorBase (in src/validators/base)': [
            'src/main.ts:2',
            'src/main.ts:5',
            'src/main.ts:13',
          ],
          'src/client#Client.fetchAll → Client.list': ['src/main.ts:16'],
          'src/core/validators/base#BaseValidator.validateAll → ValidatorBase.validate (in src/validators/base)': [
            'src/report.ts:6',
          ],
          'src/client#ClientOptions: option cacheTime → gcTime': ['src/main.ts:11', 'src/report.ts:7'],
          'src/util/text#connect: named argument timeoutMs → timeout': ['src/main.ts:20'],
        },
      },
      { pair: 'v1.0.0 → v1.1.0', operations: {} },
    ]);
  });

  const uri = 'registry://core_migrations/v0.9.0_v1.0.0';
  let preview = '';

  it('apply --dry-run writes nothing but its diff, which git apply accepts', () => {
    const diffFile = join(work, 'migration_preview.patch');
    const result = ok(work, [
      'apply',
      ...['--manifest', uri, '--registry', registry, '--target', app, '--dry-run', '--diff-output', diffFile],
    ]);
    expect(result.stdout).toContain('would change 2 files');
    expect(filesOf(app)).toEqual(original);
    preview = readFileSync(diffFile, 'utf8');
    expect(preview).toContain('-  const urls = await client.fetchAll(');
    expect(preview).toContain('+  const urls = await client.list(');
    git(app, ['init', '-q']);
    git(app, ['apply', '--check', diffFile]);
    rmSync(join(app, '.git'), { recursive: true, force: true });
    // Without --diff-output the diff is stdout itself.
    expect(ok(work, ['apply', '--manifest', uri, '--registry', registry, '--target', app, '--dry-run']).stdout).toBe(
      preview,
    );
  });

  let checkpoint = '';

  it('onx-migrate apply migrates the dependent, which then type-checks against the new core (tsc --noEmit)', () => {
    installCore(app, 'v1.0.0');
    const unmigrated = typecheck(app);
    expect(unmigrated.ok).toBe(false);
    expect(unmigrated.output).toContain("has no exported member 'toSlug'");
    installCore(app, 'v0.9.0');

    const result = onxMigrate.ok(work, ['apply', '--manifest', uri, '--registry', registry, '--target', app]);
    expect(result.stdout).toContain('changed 2 files');
    expect(result.stderr).toMatch(
      /^warning: OP\d+ src\/util\/text#toSlug → slugify has confidence 0\.\d+: check src\/main\.ts:1, src\/main\.ts:17$/m,
    );
    checkpoint = /^checkpoint: (.+)$/m.exec(result.stdout)?.[1] ?? '';
    expect(checkpoint).toBe(join(app, '.lineage', 'checkpoints', 'v0.9.0_v1.0.0'));
    expect(result.stderr).toContain(`undo with: onx-migrate rollback --package ${app} --to-version v0.9.0`);

    installCore(app, 'v1.0.0');
    expect(typecheck(app)).toEqual({ ok: true, output: '' });
  });

  it('apply twice: the second run changes nothing', () => {
    const migrated = filesOf(app);
    for (const version of ['v1.0.0', 'v0.9.0']) {
      installCore(app, version);
      const again = json<{ changed: boolean; alreadyApplied: boolean; diff: string }>(
        ok(work, ['apply', '--manifest', uri, '--registry', registry, '--target', app, '--json']).stdout,
      );
      expect({ version, ...again }).toMatchObject({ version, changed: false, alreadyApplied: true, diff: '' });
      expect(filesOf(app)).toEqual(migrated);
    }
  });

  it('rollback restores the dependent byte for byte, and a second rollback changes nothing', () => {
    const result = ok(work, ['rollback', '--package', app, '--to-version', '0.9.0', '--checkpoint', checkpoint]);
    expect(result.stdout).toBe(`${app}: restored 2 files to v0.9.0: src/main.ts, src/report.ts\n`);
    const restored = filesOf(app);
    for (const path of Object.keys(restored)) if (path.startsWith('.lineage/')) delete restored[path];
    expect(restored).toEqual(original);
    expect(
      onxMigrate.ok(work, ['rollback', '--package', app, '--to-version', 'v0.9.0', '--checkpoint', checkpoint]).stdout,
    ).toBe(`${app}: already as at v0.9.0, nothing to restore\n`);
  });

  it('--strict exits 5 when an operation left for review would change the dependent', () => {
    const fresh = makeDependent(join(work, 'strict-app'));
    const result = run(work, [
      'apply',
      ...['--manifest', out('v0.9.0', 'v1.0.0'), '--target', fresh, '--min-confidence', '0.9', '--strict'],
    ]);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /^review: OP\d+ src\/util\/text#toSlug → slugify \(confidence 0\.\d+, below 0\.9\) not applied; it would change src\/main\.ts:1, src\/main\.ts:17$/m,
    );
    expect(result.stderr).toContain('1 item left for review (--strict: exit 5)');
    // What is at or above 0.9 is applied; the review-only rename is not.
    const main = readFileSync(join(fresh, 'src', 'main.ts'), 'utf8');
    expect(main).toContain('await client.list(');
    expect(main).toContain('toSlug(url)');
    // Reviewed: a second apply at the default threshold applies just what was held back.
    const rest = ok(work, ['apply', '--manifest', out('v0.9.0', 'v1.0.0'), '--target', fresh]);
    expect(rest.stdout).toMatch(/^ {2}OP\d+ rename\.callable .+ src\/util\/text#toSlug → slugify {2}2 edits$/m);
    const migrated = readFileSync(join(fresh, 'src', 'main.ts'), 'utf8');
    expect(migrated).toContain('slugify(url)');
    expect(migrated).not.toContain('toSlug');
  });
});
