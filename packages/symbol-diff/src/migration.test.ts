import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES_DIR } from '../test/cases.js';
import { installCore } from '../test/dependents.js';
import { repositoryWithVersions } from '../test/fixture-repo.js';
import { apply } from './apply.js';
import { restoreCheckpoint } from './checkpoint.js';
import { compat } from './compat.js';
import { generate } from './generate.js';
import type { ChangeManifest } from './manifest/manifest.js';
import { listRegistry, loadManifest, manifestsInRange, publishManifest } from './registry.js';
import { dependentVerifier } from './verify.js';

const caseDir = join(CASES_DIR, 'callable-rename');
const scratch = mkdtempSync(join(tmpdir(), 'symbol-diff-migration-'));
const repo = repositoryWithVersions([
  ['v1.0.0', join(caseDir, 'v1')],
  ['v2.0.0', join(caseDir, 'v2')],
]);
let manifest: ChangeManifest;
let manifestDir: string;
beforeAll(async () => {
  manifestDir = join(scratch, 'out');
  manifest = (await generate({ corePath: repo, from: 'v1.0.0', to: 'v2.0.0', outDir: manifestDir })).manifest;
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

let copies = 0;
function dependent(): string {
  const dir = join(scratch, `dependent-${copies++}`);
  cpSync(join(caseDir, 'dependent'), dir, { recursive: true });
  installCore(caseDir, 'v1', dir, manifest);
  return dir;
}

describe('apply refuses bad input and writes nothing', () => {
  it('names each problem with a stable code', async () => {
    const target = dependent();
    const before = readFileSync(join(target, 'src/main.ts'), 'utf8');
    await expect(apply({ manifest, target: join(scratch, 'missing') })).rejects.toMatchObject({
      code: 'TARGET_NOT_FOUND',
    });
    const bare = join(scratch, 'bare');
    mkdirSync(bare);
    await expect(apply({ manifest, target: bare })).rejects.toMatchObject({ code: 'TARGET_NOT_A_PACKAGE' });
    await expect(apply({ manifest: join(scratch, 'nope.yaml'), target })).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
    });
    writeFileSync(join(scratch, 'bad.yaml'), 'manifest_version: 1\nfrom: [\n');
    await expect(apply({ manifest: join(scratch, 'bad.yaml'), target })).rejects.toMatchObject({
      code: 'MANIFEST_UNREADABLE',
    });
    const other = {
      ...manifest,
      core: { ...manifest.core, packages: [{ ...manifest.core.packages[0], name: '@other/core' }] },
    };
    await expect(apply({ manifest: other as ChangeManifest, target })).rejects.toMatchObject({
      code: 'MANIFEST_FOR_OTHER_CORE',
    });
    await expect(apply({ manifest, target, minConfidence: 1.5 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(readFileSync(join(target, 'src/main.ts'), 'utf8')).toBe(before);
    expect(existsSync(join(target, '.lineage'))).toBe(false);
  });
});

describe('checkpoints', () => {
  it('refuse to roll back over later edits unless forced, and can be replaced once spent', async () => {
    const target = dependent();
    const original = readFileSync(join(target, 'src/main.ts'), 'utf8');
    const result = await apply({ manifest: manifestDir, target });
    expect(result.checkpoint).toBe(join(target, '.lineage', 'checkpoints', 'v1.0.0_v2.0.0'));
    writeFileSync(join(target, 'src/main.ts'), `${readFileSync(join(target, 'src/main.ts'), 'utf8')}// edited\n`);
    expect(() => restoreCheckpoint(result.checkpoint as string)).toThrow(
      expect.objectContaining({ code: 'CHECKPOINT_TARGET_CHANGED' }),
    );
    const restored = restoreCheckpoint(result.checkpoint as string, { force: true, toVersion: 'v1.0.0' });
    expect(restored.restored).toEqual(['src/main.ts']);
    expect(readFileSync(join(target, 'src/main.ts'), 'utf8')).toBe(original);
    const again = await apply({ manifest, target });
    expect(again.changed).toBe(true);
    await expect(apply({ manifest, target: dependent(), checkpointDir: again.checkpoint })).rejects.toMatchObject({
      code: 'CHECKPOINT_EXISTS',
    });
    expect(() => restoreCheckpoint(join(scratch, 'none'))).toThrow(
      expect.objectContaining({ code: 'CHECKPOINT_NOT_FOUND' }),
    );
  });

  it('a later apply at a lower threshold applies the rest, and one rollback undoes both passes', async () => {
    const target = dependent();
    const main = join(target, 'src', 'main.ts');
    const original = readFileSync(main, 'utf8');
    // The second operation (toSlug → slugify) is held back by a first, strict pass.
    const staged: ChangeManifest = {
      ...manifest,
      operations: manifest.operations.map((op, i) =>
        i === 1 ? { ...op, confidence: 0.8, action: 'warn' } : { ...op, confidence: 1, action: 'auto' },
      ),
    };
    const heldBack = staged.operations[1]?.id;
    const strict = await apply({ manifest: staged, target, minConfidence: 0.9 });
    expect(strict.reviewSites.map((r) => r.id)).toEqual([heldBack]);
    expect(readFileSync(main, 'utf8')).toContain('toSlug(');
    const rest = await apply({ manifest: staged, target });
    expect(rest.applied.map((op) => op.id)).toEqual([heldBack]);
    expect(readFileSync(main, 'utf8')).toBe(readFileSync(join(caseDir, 'migrated', 'src', 'main.ts'), 'utf8'));
    expect((await apply({ manifest: staged, target })).alreadyApplied).toBe(true);
    restoreCheckpoint(rest.checkpoint as string);
    expect(readFileSync(main, 'utf8')).toBe(original);
  });

  it('refuses a later pass that would rename what an earlier pass produced', async () => {
    const target = dependent();
    const main = join(target, 'src', 'main.ts');
    const [first] = manifest.operations as [ChangeManifest['operations'][number]];
    // parseConfig → loadConfig applied first; loadConfig → readConfig would also catch the old parseConfig uses.
    const chained: ChangeManifest = {
      ...manifest,
      operations: [
        { ...first, confidence: 1, action: 'auto' },
        {
          ...first,
          id: 'OP099',
          match: { ...first.match, from: String(first.match.to), to: 'readConfig' },
          confidence: 0.8,
          action: 'warn',
        },
      ],
    };
    await apply({ manifest: chained, target, minConfidence: 0.9 });
    const once = readFileSync(main, 'utf8');
    await expect(apply({ manifest: chained, target })).rejects.toMatchObject({ code: 'CHAIN_AFTER_EARLIER_PASS' });
    expect(readFileSync(main, 'utf8')).toBe(once);
  });

  it('lists review-only operations without applying them', async () => {
    const target = dependent();
    const result = await apply({ manifest, target, dryRun: true, minConfidence: 1.0 });
    expect(result.reviewOnly.every((op) => op.confidence < 1)).toBe(true);
    expect(result.applied.every((op) => op.confidence >= 1)).toBe(true);
    expect(result.applied.length + result.reviewOnly.length).toBe(manifest.operations.length);
  });

  it('says where review-only operations would change the target, and changes nothing', async () => {
    const target = dependent();
    const before = readFileSync(join(target, 'src/main.ts'), 'utf8');
    const doubtful = {
      ...manifest,
      operations: manifest.operations.map((op) => ({ ...op, confidence: 0.5, action: 'review' as const })),
    };
    const result = await apply({ manifest: doubtful, target });
    expect(result.changed).toBe(false);
    expect(readFileSync(join(target, 'src/main.ts'), 'utf8')).toBe(before);
    const described = (id: string) => manifest.operations.find((op) => op.id === id)?.match.from;
    expect(result.reviewSites.map((r) => [described(r.id), r.sites.map((s) => `${s.file}:${s.line}`)])).toEqual([
      ['parseConfig', ['src/main.ts:2', 'src/main.ts:4', 'src/main.ts:7']],
      ['toSlug', ['src/main.ts:6']],
      ['Client.create', ['src/main.ts:4']],
      ['Client.fetchAll', ['src/main.ts:5', 'src/main.ts:11']],
    ]);
  });
});

describe('applying in turn, on the files as they are', () => {
  it('two applies of one dependent at once take turns: one migrates it, the other finds it done', async () => {
    const target = dependent();
    const results = await Promise.all([apply({ manifest, target }), apply({ manifest, target })]);
    expect(results.map((r) => [r.changed, r.alreadyApplied]).sort()).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(readFileSync(join(target, 'src/main.ts'), 'utf8')).toBe(
      readFileSync(join(caseDir, 'migrated', 'src', 'main.ts'), 'utf8'),
    );
    expect(existsSync(join(target, '.lineage', 'lock'))).toBe(false);
  });

  it('a dry run or a dependent with nothing to change leaves no .lineage directory behind', async () => {
    const target = dependent();
    await apply({ manifest, target, dryRun: true });
    await apply({ manifest: { ...manifest, operations: [] }, target });
    expect(existsSync(join(target, '.lineage'))).toBe(false);
  });

  it("says when the core is not installed at the manifest's from version: uses through its types go unseen", async () => {
    const target = dependent();
    expect((await apply({ manifest, target, dryRun: true })).coreMismatches).toEqual([]);
    rmSync(join(target, 'node_modules'), { recursive: true });
    const bare = await apply({ manifest, target, dryRun: true });
    expect(bare.coreMismatches).toEqual([{ name: '@fixture/core', expected: '1.0.0', installed: null }]);
    installCore(caseDir, 'v2', target, manifest);
    const upgraded = await apply({ manifest, target, dryRun: true });
    expect(upgraded.coreMismatches).toEqual([{ name: '@fixture/core', expected: '1.0.0', installed: '2.0.0' }]);
  });

  it('keeps a byte order mark, and edits the text after it', async () => {
    const target = dependent();
    const main = join(target, 'src', 'main.ts');
    const bom = '\uFEFF';
    writeFileSync(main, bom + readFileSync(main, 'utf8'));
    const result = await apply({ manifest, target });
    expect(readFileSync(main, 'utf8')).toBe(bom + readFileSync(join(caseDir, 'migrated', 'src', 'main.ts'), 'utf8'));
    restoreCheckpoint(result.checkpoint as string);
    expect(readFileSync(main, 'utf8').startsWith(`${bom}import`)).toBe(true);
  });
});

describe('the registry', () => {
  it('publishes a manifest directory and resolves registry:// URIs and version ranges', async () => {
    const registry = join(scratch, 'registry');
    const published = await publishManifest(manifestDir, registry);
    expect(published.uri).toBe('registry://core_migrations/v1.0.0_v2.0.0');
    expect(published.event).toMatchObject({
      event: 'core.migration.ready',
      from: 'v1.0.0',
      to: 'v2.0.0',
      core: ['@fixture/core'],
    });
    expect(loadManifest(published.uri, registry)).toEqual(manifest);
    expect(listRegistry(registry).map((e) => e.uri)).toEqual([published.uri]);
    expect(manifestsInRange(registry, '>=0.9.0,<2.0.0')).toEqual([]);
    expect(manifestsInRange(registry, '>=1.0.0,<3.0.0').map((e) => e.uri)).toEqual([published.uri]);
    expect(() => loadManifest('registry://core_migrations/v9_v10', registry)).toThrow(
      expect.objectContaining({ code: 'REGISTRY_ENTRY_NOT_FOUND' }),
    );
    expect(() => loadManifest('registry://elsewhere', registry)).toThrow(
      expect.objectContaining({ code: 'REGISTRY_URI_INVALID' }),
    );
  });
});

describe('compat', () => {
  it('lists the core APIs a dependent uses and the operations that affect it, with file and line', async () => {
    const result = await compat({ packageDir: dependent(), manifests: [manifest] });
    expect(result.package).toBe('dependent');
    const apis = result.uses.map((u) => u.api);
    expect(apis).toContain('@fixture/core:Client');
    expect(apis).toContain('src/index#Client.fetchAll');
    // Each place is one use, under the name the dependent wrote (`Client.create`, not also its FQN).
    const places = result.uses.flatMap((u) => u.sites.map((s) => `${s.file}:${s.line}:${s.column}`));
    expect(places.length).toBe(new Set(places).size);
    expect(apis).toContain('@fixture/core:Client.create');
    const operations = result.pairs[0]?.operations.map((op) => [
      op.description,
      op.sites.map((s) => `${s.file}:${s.line}`),
    ]);
    expect(operations).toEqual([
      ['src/index#parseConfig → loadConfig', ['src/main.ts:2', 'src/main.ts:4', 'src/main.ts:7']],
      ['src/index#toSlug → slugify', ['src/main.ts:6']],
      ['src/index#Client.create → Client.connect', ['src/main.ts:4']],
      ['src/index#Client.fetchAll → Client.list', ['src/main.ts:5', 'src/main.ts:11']],
    ]);
  });
});

describe('verifying dependents (generate step 7)', () => {
  it('migrates a copy against the core installed from git, type-checks it and keeps the patch', async () => {
    const target = dependent();
    const before = readFileSync(join(target, 'src/main.ts'), 'utf8');
    const result = await generate({
      corePath: repo,
      from: 'v1.0.0',
      to: 'v2.0.0',
      verify: dependentVerifier({ corePath: repo, dependents: [target], verifyCommand: 'test -f src/main.ts' }),
    });
    expect(result.report.verification).toEqual([
      expect.objectContaining({ dependent: 'dependent', changed: 1, typecheck: { ok: true, errors: [] } }),
    ]);
    expect(result.report.verification?.[0]?.command).toMatchObject({ ok: true, exitCode: 0 });
    expect(result.patches.dependent).toContain('+const client = Client.connect(loadConfig(');
    expect(readFileSync(join(target, 'src/main.ts'), 'utf8')).toBe(before);
  });
});
