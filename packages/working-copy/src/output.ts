import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { LineageError } from '@lineage/errors';
import type { EntryKind, Repository } from '@lineage/patch-graph';
import { temporarySibling } from '@lineage/safe-fs';
import { diskEntry, insideRoot, readDisk } from './disk.js';
import { faultPoint } from './faults.js';
import { type Layout, readJson, writeJson } from './layout.js';

export interface OutputEntry {
  kind: EntryKind;
  executable: boolean;
  /** Content (a link's target for a symbolic link); null for a directory. */
  bytes: Uint8Array | null;
}

/**
 * A channel's whole output, path → entry: what the working copy should hold. Its bytes are the
 * repository's own (compared, written to disk, never written into).
 */
export type OutputSnapshot = Map<string, OutputEntry>;

/** A channel's output: every path, or only those of `only`. */
export function snapshotOutput(pristine: Repository, channel: string, only?: readonly string[]): OutputSnapshot {
  const snapshot: OutputSnapshot = new Map();
  const wanted = only ? new Set(only) : null;
  for (const entry of pristine.files(channel)) {
    if (wanted && !wanted.has(entry.path)) continue;
    snapshot.set(entry.path, {
      kind: entry.kind,
      executable: entry.executable,
      bytes: entry.kind === 'dir' ? null : pristine.outputBytes(channel, entry.path),
    });
  }
  return snapshot;
}

const sameEntry = (a: OutputEntry | undefined, b: OutputEntry | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.kind === b.kind &&
    a.executable === b.executable &&
    (a.bytes === null || b.bytes === null ? a.bytes === b.bytes : Buffer.compare(a.bytes, b.bytes) === 0));

/** Paths whose output differs between two snapshots (added, removed or changed). */
export function changedPaths(before: OutputSnapshot, after: OutputSnapshot): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => !sameEntry(before.get(path), after.get(path))).sort();
}

/** Does the working copy hold exactly `expected` at `path` (undefined: nothing there)? */
export function diskMatches(root: string, path: string, expected: OutputEntry | undefined): boolean {
  const disk = diskEntry(root, path);
  if (!disk || !expected) return !disk && !expected;
  if (disk.kind !== expected.kind) return false;
  if (disk.kind === 'dir') return true;
  if (disk.kind === 'file' && disk.executable !== expected.executable) return false;
  return Buffer.compare(readDisk(root, path, disk.kind), expected.bytes as Uint8Array) === 0;
}

/**
 * The one working-copy rule (issue 4): among the paths an operation rewrites, those holding
 * something other than the old output are unrecorded work; refuse to overwrite them — unless
 * they hold the new output already (an edit the operation brings, as when a hotfix made in the
 * working copy comes back through propagation): then nothing is lost.
 */
export function refuseUnrecorded(
  root: string,
  before: OutputSnapshot,
  paths: string[],
  what: string,
  after?: OutputSnapshot,
): void {
  const unrecorded = paths.filter(
    (path) =>
      before.get(path)?.kind !== 'dir' &&
      !diskMatches(root, path, before.get(path)) &&
      !(after && diskMatches(root, path, after.get(path))),
  );
  if (unrecorded.length === 0) return;
  const shown = unrecorded.slice(0, 5).join(', ') + (unrecorded.length > 5 ? `, … (${unrecorded.length} in all)` : '');
  throw new LineageError('UNRECORDED_CHANGES', `${what} would overwrite unrecorded changes in ${shown}`, {
    hint: 'record them first (atomic record), or run again with --force to discard them',
    details: { paths: unrecorded },
  });
}

interface Journal {
  channel: string;
  paths: string[];
}

/**
 * Makes `paths` of the working copy match `wanted`. A journal naming the paths is written
 * first and removed last: if the process dies in between, `atomic reset` finishes the job
 * and every other command refuses to run on a half-written working copy.
 */
export function writeOutput(layout: Layout, channel: string, wanted: OutputSnapshot, paths: string[]): void {
  if (paths.length === 0) return;
  writeJson(layout.journal, { channel, paths } satisfies Journal);
  faultPoint('output-started');
  // Removals deepest first, so directories are empty when their turn comes.
  for (const path of [...paths].sort().reverse()) {
    if (wanted.has(path)) continue;
    const disk = diskEntry(layout.root, path);
    if (!disk) continue;
    const target = insideRoot(layout.root, path);
    if (disk.kind !== 'dir') rmSync(target, { force: true });
    else if (readdirSync(target).length === 0) rmdirSync(target);
  }
  for (const path of [...paths].sort()) {
    const entry = wanted.get(path);
    if (entry) writeEntry(layout.root, path, entry);
    faultPoint('output-file-written');
  }
  rmSync(layout.journal, { force: true });
}

function writeEntry(root: string, path: string, entry: OutputEntry): void {
  const target = insideRoot(root, path);
  const disk = diskEntry(root, path);
  if (entry.kind === 'dir') {
    if (disk && disk.kind !== 'dir') rmSync(target, { force: true });
    mkdirSync(target, { recursive: true });
    return;
  }
  mkdirSync(insideRoot(root, path.split('/').slice(0, -1).join('/') || '.'), { recursive: true });
  if (disk?.kind === 'dir') rmSync(target, { recursive: true, force: true });
  if (entry.kind === 'symlink') {
    rmSync(target, { force: true });
    symlinkSync(Buffer.from(entry.bytes as Uint8Array).toString('utf8'), target);
    return;
  }
  // Temporary file + rename: an interrupted write leaves the old content or the new, never half.
  const mode = entry.executable ? 0o755 : 0o644;
  const temp = temporarySibling(target);
  writeFileSync(temp, entry.bytes as Uint8Array, { mode });
  chmodSync(temp, mode);
  renameSync(temp, target);
}

export function readJournal(layout: Layout): Journal | null {
  return existsSync(layout.journal) ? readJson<Journal>(layout.journal, { channel: '', paths: [] }) : null;
}

/** Commands that read or record the working copy refuse a half-written one. */
export function requireCompleteOutput(layout: Layout): void {
  const journal = readJournal(layout);
  if (!journal) return;
  throw new LineageError(
    'WORKING_COPY_INCOMPLETE',
    `an earlier command stopped while rewriting ${journal.paths.length} file(s) of the working copy`,
    {
      hint: 'run `atomic reset` to finish writing them from the channel',
      details: journal as unknown as Record<string, unknown>,
    },
  );
}
