import type { EntryKind, RecordEdit, Repository } from '@lineage/patch-graph';
import { diskEntry, readDisk, walk } from './disk.js';
import { fingerprint, remember, type StatCache } from './stat-cache.js';
import { isWithin, movedPath, pendingView, type TrackingState } from './tracking.js';

/** One file's difference between a channel's output and the working copy. */
export interface FileDifference {
  path: string;
  /** The channel output (null: the file is new). */
  before: Uint8Array | null;
  /** The working copy (null: the file is gone). */
  after: Uint8Array | null;
}

export interface WorkingCopyChanges {
  /** The edits a record would make, in order (moves, removals, content, additions). */
  edits: RecordEdit[];
  modified: string[];
  added: string[];
  removed: string[];
  moved: Array<{ from: string; to: string }>;
  differences: FileDifference[];
}

export interface ScanOptions {
  /** Only these paths (and what is inside them). */
  paths?: string[];
  ignore: (path: string, isDir: boolean) => boolean;
  /** Skips files whose stat fingerprint says they equal the output; records those verified. */
  cache?: StatCache;
}

interface ViewEntry {
  /** The entry's path in the channel output, where its recorded content is read. */
  source: string;
  kind: EntryKind;
  executable: boolean;
}

/**
 * Compares the working copy with a channel's output: pending removals and moves first (the
 * explicit requests), then names in conflict kept as shown, then every tracked entry as found on
 * disk, then pending additions. Moves are never guessed from content: `atomic mv` asks for them.
 */
export function scanWorkingCopy(
  pristine: Repository,
  channel: string,
  root: string,
  tracking: TrackingState,
  options: ScanOptions,
): WorkingCopyChanges {
  const within = (path: string) => !options.paths || options.paths.some((prefix) => isWithin(path, prefix));
  const view = new Map<string, ViewEntry>(
    pristine
      .files(channel)
      .map((entry) => [entry.path, { source: entry.path, kind: entry.kind, executable: entry.executable }]),
  );
  const result: WorkingCopyChanges = { edits: [], modified: [], added: [], removed: [], moved: [], differences: [] };
  // Read only (compared, shown in a diff): the output's own bytes, not a copy.
  const recorded = (entry: ViewEntry) => (entry.kind === 'dir' ? null : pristine.outputBytes(channel, entry.source));

  const drop = (path: string) => {
    const entry = view.get(path) as ViewEntry;
    result.edits.push({ type: 'remove', path });
    result.removed.push(path);
    for (const inner of [...view.keys()]) {
      if (!isWithin(inner, path)) continue;
      const gone = view.get(inner) as ViewEntry;
      if (gone.kind !== 'dir') result.differences.push({ path: inner, before: recorded(gone), after: null });
      view.delete(inner);
    }
    return entry;
  };
  // Removals name recorded paths and come first: `rm foo; mv other foo` is "delete foo, move other → foo".
  for (const path of tracking.removes) if (within(path) && view.has(path)) drop(path);
  for (const move of tracking.moves) {
    if (!(within(move.from) || within(move.to)) || !view.has(move.from) || view.has(move.to)) continue;
    // A move into a directory that is not tracked yet tracks the directory in the same change.
    addParents(move.to);
    result.edits.push({ type: 'move', from: move.from, to: move.to });
    result.moved.push(move);
    for (const [path, entry] of [...view]) {
      const to = movedPath(path, move.from, move.to);
      if (to !== path) {
        view.delete(path);
        view.set(to, entry);
      }
    }
  }
  // A name in conflict is recorded as shown, when it is on disk as shown: that resolves it.
  for (const conflict of pristine.treeConflicts(channel)) {
    const entry = view.get(conflict.path);
    if (!entry || entry.source !== conflict.path || !within(conflict.path)) continue;
    if (diskEntry(root, conflict.path)?.kind === entry.kind) {
      result.edits.push({ type: 'move', from: conflict.path, to: conflict.path });
    }
  }

  for (const [path, entry] of [...view].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!within(path) || !view.has(path)) continue;
    const disk = diskEntry(root, path);
    if (!disk || disk.kind !== entry.kind) {
      drop(path);
      if (disk) addTree(path);
      continue;
    }
    if (entry.kind === 'dir') continue;
    const cached =
      entry.source === path && disk.kind === 'file' && options.cache?.known.get(path) === fingerprint(disk.stat);
    if (cached && disk.executable === entry.executable) {
      options.cache?.verified.set(path, fingerprint(disk.stat));
      continue;
    }
    const now = readDisk(root, path, disk.kind);
    const before = recorded(entry) as Uint8Array;
    let changed = false;
    if (Buffer.compare(now, before) !== 0) {
      result.edits.push({ type: 'write', path, content: now });
      result.differences.push({ path, before, after: now });
      changed = true;
    }
    if (disk.kind === 'file' && disk.executable !== entry.executable) {
      result.edits.push({ type: 'chmod', path, executable: disk.executable });
      changed = true;
    }
    if (changed) result.modified.push(path);
    else if (entry.source === path && disk.kind === 'file') remember(options.cache, path, disk.stat);
  }

  function addParents(path: string): void {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (view.has(parent)) continue;
      result.edits.push({ type: 'add', path: parent, kind: 'dir' });
      view.set(parent, { source: parent, kind: 'dir', executable: false });
    }
  }
  function addTree(start: string): void {
    addParents(start);
    // The path asked for is added even if ignored (as `git add -f` would be: it was named).
    for (const path of walk(root, start, (p, isDir) => p !== start && options.ignore(p, isDir))) {
      // `rm` of a path inside a pending add leaves it out.
      if (view.has(path) || tracking.removes.some((removed) => isWithin(path, removed))) continue;
      const disk = diskEntry(root, path);
      if (!disk) continue;
      const content = disk.kind === 'dir' ? undefined : readDisk(root, path, disk.kind);
      result.edits.push({ type: 'add', path, kind: disk.kind, executable: disk.executable, content });
      view.set(path, { source: path, kind: disk.kind, executable: disk.executable });
      if (disk.kind !== 'dir') {
        result.added.push(path);
        result.differences.push({ path, before: null, after: content as Uint8Array });
      }
    }
  }
  for (const path of tracking.adds) {
    if (within(path) && diskEntry(root, path)) addTree(path);
    // `record src/a.ts` after `add src`: only the part asked for.
    for (const inner of options.paths ?? []) {
      if (inner !== path && isWithin(inner, path) && diskEntry(root, inner)) addTree(inner);
    }
  }
  return result;
}

/** Files on disk that are neither tracked in `channel` nor asked to be added, nor ignored. */
export function untrackedPaths(
  pristine: Repository,
  channel: string,
  root: string,
  tracking: TrackingState,
  ignore: (path: string, isDir: boolean) => boolean,
): string[] {
  const tracked = pendingView(
    pristine.files(channel).map((entry) => entry.path),
    tracking,
  );
  const requested = (path: string) =>
    tracking.adds.some((add) => isWithin(path, add)) && !tracking.removes.some((removed) => isWithin(path, removed));
  return walk(root, '', ignore).filter(
    (path) => !tracked.has(path) && !requested(path) && diskEntry(root, path)?.kind !== 'dir',
  );
}
