import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import { writeFileAtomic } from '@lineage/safe-fs';
import { sha256Hex } from './analysis/tokens.js';
import {
  checkpointExists,
  checkpointInvalid,
  checkpointNotFound,
  checkpointTargetChanged,
  checkpointVersionMismatch,
} from './errors.js';

export const CHECKPOINT_FILE = 'checkpoint.json';

/** What a checkpoint records: enough to put every changed file back byte for byte, and to refuse when that would lose edits. */
export interface Checkpoint {
  checkpoint_version: 1;
  /** The dependent's directory. */
  target: string;
  core: string[];
  from: string;
  to: string;
  manifest_sha256: string;
  /**
   * The operations applied so far (a later apply at a lower threshold adds the rest). Absent
   * in checkpoints written before it was recorded: every operation counts as applied.
   */
  applied?: string[];
  files: Array<{ path: string; before_sha256: string; after_sha256: string; mode: number }>;
}

export interface PlannedChange {
  /** Relative to the target. */
  path: string;
  before: string;
  after: string;
}

/**
 * Writes a checkpoint before a migration touches anything: the original bytes of every file
 * about to change under `files/`, then `checkpoint.json` last — a checkpoint without it is
 * incomplete and ignored. Refuses to overwrite a checkpoint that still protects changes
 * (one that was rolled back may be replaced).
 */
export function writeCheckpoint(
  dir: string,
  meta: Omit<Checkpoint, 'checkpoint_version' | 'files'>,
  changes: readonly PlannedChange[],
): Checkpoint {
  if (existsSync(join(dir, CHECKPOINT_FILE)) && !isSpent(readCheckpoint(dir))) throw checkpointExists(dir);
  const files = changes.map((change) => saveOriginal(dir, meta.target, change));
  mkdirSync(dir, { recursive: true });
  return writeCheckpointFile(dir, { checkpoint_version: 1, ...meta, files });
}

/**
 * Adds a later pass of the same migration to its checkpoint: files it changes for the first
 * time are saved as they are now (the earlier pass left them alone), files changed again keep
 * their original copy and get their new hash. Rolling back still returns to before the first
 * pass. `checkpoint.json` is replaced last, atomically.
 */
export function extendCheckpoint(
  dir: string,
  checkpoint: Checkpoint,
  changes: readonly PlannedChange[],
  applied: readonly string[],
): Checkpoint {
  const files = checkpoint.files.map((entry) => ({ ...entry }));
  for (const change of changes) {
    const known = files.find((entry) => entry.path === change.path);
    if (known) {
      known.after_sha256 = sha256Hex(change.after);
      continue;
    }
    files.push(saveOriginal(dir, checkpoint.target, change));
  }
  return writeCheckpointFile(dir, { ...checkpoint, applied: [...applied], files });
}

/** Copies a file about to change, as it is now, under the checkpoint's `files/`, and returns its entry. */
function saveOriginal(dir: string, target: string, change: PlannedChange): Checkpoint['files'][number] {
  const absolute = join(target, change.path);
  const bytes = readFileSync(absolute);
  const copy = join(dir, 'files', change.path);
  mkdirSync(dirname(copy), { recursive: true });
  writeFileAtomic(copy, bytes);
  return {
    path: change.path,
    before_sha256: sha256Hex(bytes),
    after_sha256: sha256Hex(change.after),
    mode: statSync(absolute).mode & 0o777,
  };
}

/** `checkpoint.json`, written last and atomically: the checkpoint is complete once it exists. */
function writeCheckpointFile(dir: string, checkpoint: Checkpoint): Checkpoint {
  writeFileAtomic(join(dir, CHECKPOINT_FILE), `${JSON.stringify(checkpoint, null, 2)}\n`);
  return checkpoint;
}

/** A checkpoint whose files are all back to their original bytes (rolled back) protects nothing any more. */
export function isSpent(checkpoint: Checkpoint): boolean {
  return checkpoint.files.every((entry) => {
    const path = join(checkpoint.target, entry.path);
    return existsSync(path) && sha256Hex(readFileSync(path)) === entry.before_sha256;
  });
}

export function readCheckpoint(dir: string): Checkpoint {
  const file = join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) throw checkpointNotFound(dir);
  let checkpoint: Checkpoint;
  try {
    checkpoint = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
  } catch {
    throw checkpointInvalid(dir, `${CHECKPOINT_FILE} is not JSON`);
  }
  if (
    checkpoint.checkpoint_version !== 1 ||
    !Array.isArray(checkpoint.files) ||
    typeof checkpoint.target !== 'string'
  ) {
    throw checkpointInvalid(dir, `${CHECKPOINT_FILE} is not a checkpoint of version 1`);
  }
  for (const entry of checkpoint.files) {
    if (typeof entry.path !== 'string' || isAbsolute(entry.path) || normalize(entry.path).startsWith('..')) {
      throw checkpointInvalid(dir, `a file path leaves the target: ${String(entry.path)}`);
    }
  }
  return checkpoint;
}

export interface RestoreOptions {
  /** Restore into this directory instead of the one recorded (a moved or copied dependent). */
  target?: string;
  /** Restore even files edited since the migration (their edits are lost). */
  force?: boolean;
  /** The core version the dependent should go back to: refused unless the checkpoint was taken there (`from`). */
  toVersion?: string;
}

export interface RestoreResult {
  target: string;
  from: string;
  to: string;
  restored: string[];
  /** Files already back to their original bytes. */
  unchanged: string[];
}

/**
 * Puts a dependent back as it was before a migration, byte for byte. Every saved copy is
 * checked against its recorded hash first, and every file against the bytes the migration
 * wrote: if someone edited it since, nothing is restored unless `force`.
 */
export function restoreCheckpoint(dir: string, options: RestoreOptions = {}): RestoreResult {
  const checkpoint = readCheckpoint(dir);
  if (options.toVersion !== undefined && options.toVersion !== checkpoint.from) {
    throw checkpointVersionMismatch(dir, options.toVersion, checkpoint.from);
  }
  const target = options.target ?? checkpoint.target;
  const originals = new Map<string, Buffer>();
  for (const entry of checkpoint.files) {
    const copy = join(dir, 'files', entry.path);
    if (!existsSync(copy)) throw checkpointInvalid(dir, `the saved copy of ${entry.path} is missing`);
    const bytes = readFileSync(copy);
    if (sha256Hex(bytes) !== entry.before_sha256)
      throw checkpointInvalid(dir, `the saved copy of ${entry.path} is damaged`);
    originals.set(entry.path, bytes);
  }
  const restored: string[] = [];
  const unchanged: string[] = [];
  const edited: string[] = [];
  for (const entry of checkpoint.files) {
    const path = join(target, entry.path);
    const current = existsSync(path) ? sha256Hex(readFileSync(path)) : undefined;
    if (current === entry.before_sha256) unchanged.push(entry.path);
    else {
      if (current !== entry.after_sha256) edited.push(relative(target, path));
      restored.push(entry.path);
    }
  }
  if (edited.length > 0 && !options.force) throw checkpointTargetChanged(edited);
  for (const path of restored) {
    const entry = checkpoint.files.find((f) => f.path === path) as Checkpoint['files'][number];
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileAtomic(join(target, path), originals.get(path) as Buffer, { mode: entry.mode });
  }
  return { target, from: checkpoint.from, to: checkpoint.to, restored, unchanged };
}
