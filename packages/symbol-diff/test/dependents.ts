import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apply } from '../src/apply.js';
import { restoreCheckpoint } from '../src/checkpoint.js';
import { generate } from '../src/generate.js';
import type { ChangeManifest } from '../src/manifest/manifest.js';
import { type FixtureCase, loadCases } from './cases.js';
import { repositoryWithVersions } from './fixture-repo.js';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** A copy of a case's dependent in a temporary directory, with the core of one version installed. */
export function dependentCopy(caseDir: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'symbol-diff-dependent-')), 'dependent');
  cpSync(join(caseDir, 'dependent'), dir, { recursive: true });
  return dir;
}

/** Installs the core packages of a case at v1 or v2 into the dependent's node_modules (a copy, as npm would). */
export function installCore(caseDir: string, version: 'v1' | 'v2', dependent: string, manifest: ChangeManifest): void {
  for (const pkg of manifest.core.packages) {
    const target = join(dependent, 'node_modules', pkg.name);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    cpSync(join(caseDir, version, pkg.dir === '.' ? '' : pkg.dir), target, { recursive: true });
  }
}

/** `tsc --noEmit` on the dependent's tsconfig: the reference type-check. */
export function typecheck(dependent: string): { ok: boolean; output: string } {
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(dependent, 'tsconfig.json')], {
    encoding: 'utf8',
  });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

export function removeCopy(dependent: string): void {
  rmSync(join(dependent, '..'), { recursive: true, force: true });
}

/** Cases whose dependents keep compiling on v2 unmigrated: compatible changes, and a reused name (the silent danger). */
const COMPILES_UNMIGRATED = new Set(['arg-add-default', 'rename-chain']);
/** Cases whose manifests change nothing in their dependents. */
const NOTHING_TO_CHANGE = new Set(['arg-add-default']);
/** Cases with rename chains: a second pass over migrated code would move names on, so the checkpoint stops it. */
const CHAINS = new Set(['rename-chain']);

/**
 * The migration law for one case of the corpus: the dependent breaks on v2 as it is; a
 * dry-run changes nothing and shows the diff; applying writes exactly that diff, the files
 * expected (`migrated/`), and the migrated dependent type-checks against v2 with
 * `tsc --noEmit`; a second application changes nothing (against v1 or v2, found by the
 * checkpoint, and — chains aside — by analysis alone); rolling back restores every file byte
 * for byte.
 */
export async function checkMigration(fixture: FixtureCase, cleanup: Array<() => void>): Promise<void> {
  const repo = repositoryWithVersions([
    ['v1', join(fixture.dir, 'v1')],
    ['v2', join(fixture.dir, 'v2')],
  ]);
  cleanup.push(() => rmSync(repo, { recursive: true, force: true }));
  const { manifest } = await generate({ corePath: repo, from: 'v1', to: 'v2' });
  const dependent = dependentCopy(fixture.dir);
  cleanup.push(() => removeCopy(dependent));

  installCore(fixture.dir, 'v2', dependent, manifest);
  expect(typecheck(dependent).ok).toBe(COMPILES_UNMIGRATED.has(fixture.name));

  installCore(fixture.dir, 'v1', dependent, manifest);
  const sources = readdirSync(join(dependent, 'src')).map((name) => `src/${name}`);
  const before = readFiles(dependent, sources);
  const preview = await apply({ manifest, target: dependent, dryRun: true });
  expect(readFiles(dependent, sources)).toEqual(before);
  const result = await apply({ manifest, target: dependent });
  expect(result.diff).toBe(preview.diff);
  expect(result.changed).toBe(!NOTHING_TO_CHANGE.has(fixture.name));
  const migrated = join(fixture.dir, 'migrated');
  if (existsSync(migrated)) expect(readFiles(dependent, sources)).toEqual(readFiles(migrated, sources));

  installCore(fixture.dir, 'v2', dependent, manifest);
  const checked = typecheck(dependent);
  expect(checked.output).toBe('');
  expect(checked.ok).toBe(true);

  for (const version of ['v2', 'v1'] as const) {
    installCore(fixture.dir, version, dependent, manifest);
    const again = await apply({ manifest, target: dependent });
    expect({ version, changed: again.changed, alreadyApplied: again.alreadyApplied }).toEqual({
      version,
      changed: false,
      alreadyApplied: result.changed,
    });
  }
  if (!CHAINS.has(fixture.name)) {
    // Without the checkpoint's memory (v1 installed, as before the upgrade), analysis alone finds nothing left to do.
    const analysed = await apply({
      manifest,
      target: dependent,
      dryRun: true,
      checkpointDir: join(dependent, '..', 'fresh'),
    });
    expect(analysed.diff).toBe('');
  }
  if (result.checkpoint) {
    restoreCheckpoint(result.checkpoint);
    expect(readFiles(dependent, sources)).toEqual(before);
  }
}

function readFiles(dir: string, files: readonly string[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

/** The corpus's dependents, split over test files so that vitest migrates them on two workers. */
export function describeMigrations(part: number, parts: number): void {
  const cleanup: Array<() => void> = [];
  afterAll(() => {
    for (const step of cleanup) step();
  });
  describe('apply: each dependent, migrated, type-checks against the new core (tsc --noEmit)', () => {
    const cases = loadCases().filter((c) => c.hasDependent);
    for (const fixture of cases.filter((_, i) => i % parts === part)) {
      it(fixture.name, () => checkMigration(fixture, cleanup));
    }
  });
}
