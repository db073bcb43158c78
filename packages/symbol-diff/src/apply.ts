import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatUnifiedDiff } from '@lineage/line-diff';
import { withLock, writeFileAtomic } from '@lineage/safe-fs';
import { sha256Hex } from './analysis/tokens.js';
import {
  CHECKPOINT_FILE,
  type Checkpoint,
  extendCheckpoint,
  isSpent,
  type PlannedChange,
  readCheckpoint,
  restoreCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
import {
  type DependentProject,
  declaredDependencies,
  installedVersions,
  openDependent,
  readDependentManifest,
} from './codemod/dependent-project.js';
import { applyEdits } from './codemod/edits.js';
import type { SkippedUse } from './codemod/find-edits.js';
import { findEditsIn, sitesByOperation, type UseSite } from './codemod/manifest-edits.js';
import { badOption, chainAfterEarlierPass, manifestForOtherCore, targetEditedDuringApply } from './errors.js';
import { type ChangeManifest, formatManifest, registryKey } from './manifest/manifest.js';
import type { Operation } from './manifest/operations.js';
import { readManifest } from './manifest/read-manifest.js';

export interface ApplyOptions {
  /** The manifest, or the path of change_manifest.yaml (or of its directory). */
  manifest: ChangeManifest | string;
  /** The dependent package's directory (holding its package.json). */
  target: string;
  /** Compute the changes and the diff, write nothing. */
  dryRun?: boolean;
  /** Operations below this confidence are listed, not applied (default: the manifest's warning threshold, 0.7). */
  minConfidence?: number;
  /** Where the rollback checkpoint goes (default `<target>/.lineage/checkpoints/<from>_<to>`). */
  checkpointDir?: string;
}

export interface FileChange {
  /** Relative to the target. */
  path: string;
  edits: Array<{ line: number; column: number; operation: string; from: string; to: string }>;
}

export interface ApplyResult {
  target: string;
  /** Operations applied (at or above the threshold), with how many edits each made. */
  applied: Array<{ id: string; kind: string; confidence: number; edits: number }>;
  /** Applied operations between the threshold and auto-apply (0.9) that changed something: check them. */
  warnings: Array<{ id: string; kind: string; confidence: number; edits: number }>;
  /** Operations below the threshold: listed for a person, never applied. */
  reviewOnly: Operation[];
  /** The review-only operations that would change something in the target, with each place: what a person must look at. */
  reviewSites: Array<{ id: string; sites: UseSite[] }>;
  changes: FileChange[];
  /** Uses left alone because the name is ambiguous there. */
  skipped: SkippedUse[];
  /** The changes as a unified diff (`git apply` reads it). */
  diff: string;
  /** False when nothing needed changing (a second application, or a dependent the manifest does not touch). */
  changed: boolean;
  dryRun: boolean;
  /** The checkpoint written before the files, when files were written (or found, when already applied). */
  checkpoint?: string;
  /** The checkpoint says this manifest was applied to this target and not rolled back: nothing was done. */
  alreadyApplied: boolean;
  /**
   * Core packages the dependent declares that are not installed at the manifest's `from`
   * version (`installed: null`: not installed at all). Uses reached through their types —
   * members, option keys, named arguments — are found only against that version: the
   * migration may be incomplete.
   */
  coreMismatches: CoreMismatch[];
}

export interface CoreMismatch {
  name: string;
  /** The manifest's `from` version of the package, if it had one. */
  expected: string | null;
  installed: string | null;
}

/** How long an apply or a rollback waits for another one working on the same dependent. */
const TARGET_LOCK_TIMEOUT_MS = 10 * 60_000;
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Runs `work` holding the dependent's lock (`<target>/.lineage/lock`): applies and rollbacks
 * of one dependent, from several processes (a CI matrix, a developer's shell), take turns —
 * each decides its edits on the files the previous one left. The `.lineage` directory made
 * for the lock goes again when nothing else was put there.
 */
export async function withTargetLock<T>(target: string, work: () => Promise<T> | T): Promise<T> {
  const dir = join(target, '.lineage');
  const made = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  try {
    return await withLock(join(dir, 'lock'), work, {
      timeoutMs: TARGET_LOCK_TIMEOUT_MS,
      purpose: 'onx-manifest apply/rollback',
    });
  } finally {
    if (made) {
      try {
        rmdirSync(dir);
      } catch {
        // A checkpoint lives there now: the directory stays.
      }
    }
  }
}

export function defaultCheckpointDir(target: string, manifest: Pick<ChangeManifest, 'from' | 'to'>): string {
  return join(target, '.lineage', 'checkpoints', registryKey(manifest.from, manifest.to));
}

/**
 * Applies a manifest to a dependent package: every operation at or above the threshold,
 * decided on the dependent as it is (type-checked against the core version it has
 * installed — the `from` side). A checkpoint of every file about to change is written
 * before the first write; if a write fails, the files already written are restored from it.
 * Applying twice changes nothing the second time.
 */
export async function apply(options: ApplyOptions): Promise<ApplyResult> {
  const manifest = typeof options.manifest === 'string' ? readManifest(options.manifest) : options.manifest;
  const { dir: target, manifest: packageJson } = readDependentManifest(options.target);
  const core = manifest.core.packages.map((p) => p.name);
  const declared = declaredDependencies(packageJson);
  if (!core.some((name) => declared.has(name))) throw manifestForOtherCore(core, options.target);
  const threshold = options.minConfidence ?? manifest.thresholds.apply_with_warning;
  if (!(threshold >= 0 && threshold <= 1)) throw badOption('minConfidence', threshold, 'a number from 0 to 1');

  const run = () => applyChecked(manifest, target, core, threshold, options);
  // A dry run writes nothing, so it needs no turn.
  return options.dryRun ? run() : withTargetLock(target, run);
}

async function applyChecked(
  manifest: ChangeManifest,
  target: string,
  core: string[],
  threshold: number,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const reviewOnly = manifest.operations.filter((op) => op.confidence < threshold);
  const checkpointDir = options.checkpointDir ?? defaultCheckpointDir(target, manifest);
  const manifestSha = sha256Hex(formatManifest(manifest));
  // Renames can chain (`isLoading` → `isPending`, `isInitialLoading` → `isLoading`): applied
  // twice, the second pass would move the new names on. The checkpoint remembers what the
  // first applied; a later pass at a lower threshold applies only the rest.
  const previous = earlierPass(checkpointDir, manifestSha, target);
  const done = new Set(previous ? (previous.applied ?? manifest.operations.map((op) => op.id)) : []);
  const selected = manifest.operations.filter((op) => op.confidence >= threshold && !done.has(op.id));
  const alreadyApplied = previous !== undefined && selected.length === 0;
  if (previous) refuseChains(manifest, done, selected, checkpointDir, target);
  // The dependent is opened (ts-morph and its type checker: seconds) only when there is something to look for.
  const dependent =
    !alreadyApplied || reviewOnly.length > 0
      ? await openDependent(
          target,
          manifest.core.packages.map((p) => p.name),
        )
      : undefined;
  const review: Map<string, UseSite[]> = dependent
    ? sitesByOperation(findEditsIn(dependent, manifest, reviewOnly, false), target)
    : new Map();
  const reviewSites = reviewOnly.flatMap((op) => {
    const sites = review.get(op.id);
    return sites ? [{ id: op.id, sites }] : [];
  });
  if (alreadyApplied || !dependent) {
    return {
      target,
      applied: [],
      warnings: [],
      reviewOnly,
      reviewSites,
      changes: [],
      skipped: [],
      diff: '',
      changed: false,
      dryRun: options.dryRun === true,
      checkpoint: checkpointDir,
      alreadyApplied: true,
      coreMismatches: [],
    };
  }
  const found = findEditsIn(dependent, manifest, selected, false);

  const changes: PlannedChange[] = [];
  const fileChanges: FileChange[] = [];
  const diffs: string[] = [];
  const counts = new Map<string, number>();
  const analysed = new Map(dependent.files.map((sf) => [sf.fileName, sf.text]));
  const editedSince: string[] = [];
  for (const [file, edits] of found.edits) {
    const before = readFileSync(file, 'utf8');
    const path = relative(target, file);
    // The compiler reads a file without its byte order mark: the edits' offsets are into that text.
    const bom = before.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
    const text = before.slice(bom.length);
    if (text !== analysed.get(file)) {
      editedSince.push(path);
      continue;
    }
    const { text: edited, applied } = applyEdits(text, edits);
    const after = bom + edited;
    if (after === before) continue;
    changes.push({ path, before, after });
    fileChanges.push({
      path,
      edits: applied.map((e) => ({ line: e.line, column: e.column, operation: e.opId, from: e.before, to: e.text })),
    });
    for (const edit of applied) counts.set(edit.opId, (counts.get(edit.opId) ?? 0) + 1);
    diffs.push(formatUnifiedDiff({ oldPath: path, oldText: before, newText: after }));
  }
  if (editedSince.length > 0) throw targetEditedDuringApply(editedSince);
  const summary = (op: Operation) => ({
    id: op.id,
    kind: op.kind,
    confidence: op.confidence,
    edits: counts.get(op.id) ?? 0,
  });
  const result: ApplyResult = {
    target,
    applied: selected.map(summary),
    warnings: selected.filter((op) => op.action !== 'auto' && (counts.get(op.id) ?? 0) > 0).map(summary),
    reviewOnly,
    reviewSites,
    changes: fileChanges,
    skipped: found.skipped,
    diff: diffs.join(''),
    changed: changes.length > 0,
    dryRun: options.dryRun === true,
    alreadyApplied: false,
    coreMismatches: coreMismatches(manifest, dependent),
  };
  if (options.dryRun || changes.length === 0) return result;

  const checkpoint: Omit<Checkpoint, 'checkpoint_version' | 'files'> = {
    target,
    core,
    from: manifest.from,
    to: manifest.to,
    manifest_sha256: manifestSha,
  };
  // The dependent was read seconds ago (the type checker is slow): an edit made since would be lost.
  const edited = changes.filter((change) => readFileSync(join(target, change.path), 'utf8') !== change.before);
  if (edited.length > 0) throw targetEditedDuringApply(edited.map((change) => change.path));
  if (previous) {
    extendCheckpoint(checkpointDir, previous, changes, [...done, ...selected.map((op) => op.id)]);
    const written: PlannedChange[] = [];
    try {
      for (const change of changes) {
        writeFileAtomic(join(target, change.path), change.after);
        written.push(change);
      }
    } catch (error) {
      // Back to where the earlier pass left the files, and its checkpoint.
      for (const change of written) writeFileAtomic(join(target, change.path), change.before);
      writeFileAtomic(join(checkpointDir, CHECKPOINT_FILE), `${JSON.stringify(previous, null, 2)}\n`);
      throw error;
    }
  } else {
    writeCheckpoint(checkpointDir, { ...checkpoint, applied: selected.map((op) => op.id) }, changes);
    try {
      for (const change of changes) writeFileAtomic(join(target, change.path), change.after);
    } catch (error) {
      restoreCheckpoint(checkpointDir, { force: true });
      throw error;
    }
  }
  result.checkpoint = checkpointDir;
  return result;
}

function coreMismatches(manifest: ChangeManifest, dependent: DependentProject): CoreMismatch[] {
  const declared = declaredDependencies(dependent.manifest);
  const packages = manifest.core.packages.filter((pkg) => declared.has(pkg.name));
  const installed = installedVersions(
    dependent,
    packages.map((pkg) => pkg.name),
  );
  return packages.flatMap((pkg) => {
    const version = installed.get(pkg.name) ?? null;
    if (version !== null && (pkg.version_from === undefined || version === pkg.version_from)) return [];
    return [{ name: pkg.name, expected: pkg.version_from ?? null, installed: version }];
  });
}

/** The checkpoint of this manifest applied to this target and not rolled back, if any. */
function earlierPass(dir: string, manifestSha: string, target: string): Checkpoint | undefined {
  if (!existsSync(join(dir, CHECKPOINT_FILE))) return undefined;
  const checkpoint = readCheckpoint(dir);
  const live = checkpoint.manifest_sha256 === manifestSha && checkpoint.target === target && !isSpent(checkpoint);
  return live ? checkpoint : undefined;
}

/**
 * A later pass must not rename what an earlier one produced: with `A → B` applied and
 * `B → C` left for review, applying `B → C` now would also move the uses that were `A`
 * (one pass moves each name once). Such a pass is refused; rolling back and applying both
 * together is right.
 */
function refuseChains(
  manifest: ChangeManifest,
  done: ReadonlySet<string>,
  selected: readonly Operation[],
  checkpointDir: string,
  target: string,
): void {
  const produced = new Map<string, Operation>();
  for (const op of manifest.operations) {
    const to = op.match.to;
    if (done.has(op.id) && typeof to === 'string') produced.set(to, op);
  }
  for (const op of selected) {
    const earlier = typeof op.match.from === 'string' ? produced.get(op.match.from) : undefined;
    if (earlier)
      throw chainAfterEarlierPass(op.id, earlier.id, String(op.match.from), checkpointDir, target, manifest.from);
  }
}
