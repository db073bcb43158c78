import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatUnifiedDiff } from '@lineage/line-diff';
import { writeFileAtomic } from '@lineage/safe-fs';
import { sha256Hex } from './analysis/tokens.js';
import {
  CHECKPOINT_FILE,
  type Checkpoint,
  isSpent,
  type PlannedChange,
  readCheckpoint,
  restoreCheckpoint,
  writeCheckpoint,
} from './checkpoint.js';
import { declaredDependencies, openDependent, readDependentManifest } from './codemod/dependent-project.js';
import { applyEdits } from './codemod/edits.js';
import type { SkippedUse } from './codemod/find-edits.js';
import { findEditsIn, sitesByOperation, type UseSite } from './codemod/manifest-edits.js';
import { badOption, manifestForOtherCore } from './errors.js';
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

  const selected = manifest.operations.filter((op) => op.confidence >= threshold);
  const reviewOnly = manifest.operations.filter((op) => op.confidence < threshold);
  const checkpointDir = options.checkpointDir ?? defaultCheckpointDir(target, manifest);
  const manifestSha = sha256Hex(formatManifest(manifest));
  // Renames can chain (`isLoading` → `isPending`, `isInitialLoading` → `isLoading`): applied
  // twice, the second pass would move the new names on. The checkpoint remembers the first.
  const alreadyApplied = appliedBefore(checkpointDir, manifestSha, target);
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
    };
  }
  const found = findEditsIn(dependent, manifest, selected, false);

  const changes: PlannedChange[] = [];
  const fileChanges: FileChange[] = [];
  const diffs: string[] = [];
  const counts = new Map<string, number>();
  for (const [file, edits] of found.edits) {
    const before = readFileSync(file, 'utf8');
    const { text: after, applied } = applyEdits(before, edits);
    if (after === before) continue;
    const path = relative(target, file);
    changes.push({ path, before, after });
    fileChanges.push({
      path,
      edits: applied.map((e) => ({ line: e.line, column: e.column, operation: e.opId, from: e.before, to: e.text })),
    });
    for (const edit of applied) counts.set(edit.opId, (counts.get(edit.opId) ?? 0) + 1);
    diffs.push(formatUnifiedDiff({ oldPath: path, oldText: before, newText: after }));
  }
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
  };
  if (options.dryRun || changes.length === 0) return result;

  const checkpoint: Omit<Checkpoint, 'checkpoint_version' | 'files'> = {
    target,
    core,
    from: manifest.from,
    to: manifest.to,
    manifest_sha256: manifestSha,
  };
  writeCheckpoint(checkpointDir, checkpoint, changes);
  try {
    for (const change of changes) writeFileAtomic(join(target, change.path), change.after);
  } catch (error) {
    restoreCheckpoint(checkpointDir, { force: true });
    throw error;
  }
  result.checkpoint = checkpointDir;
  return result;
}

function appliedBefore(dir: string, manifestSha: string, target: string): boolean {
  if (!existsSync(join(dir, CHECKPOINT_FILE))) return false;
  const checkpoint = readCheckpoint(dir);
  return checkpoint.manifest_sha256 === manifestSha && checkpoint.target === target && !isSpent(checkpoint);
}
