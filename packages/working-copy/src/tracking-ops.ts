import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import type { AtomicRepository } from './atomic-repository.js';
import { diskEntry, insideRoot, walk } from './disk.js';
import { loadIgnore } from './ignore-rules.js';
import { diskMatches, readJournal, requireCompleteOutput, snapshotOutput, writeOutput } from './output.js';
import { isWithin, pendingView, recordedPath, type TrackingState } from './tracking.js';

/** Tracked paths of the current channel as the next record will see them (pending moves applied). */
function trackedView(repo: AtomicRepository, tracking = repo.tracking()): Set<string> {
  return pendingView(
    repo.pristine.files(tracking.channel).map((entry) => entry.path),
    tracking,
  );
}

/**
 * Asks the next record to add `paths` (directories recursively, `.atomicignore` respected
 * inside them). Returns the files that will be added.
 */
export function addPaths(repo: AtomicRepository, paths: string[]): string[] {
  repo.requireWriter();
  const tracking = repo.tracking();
  const tracked = trackedView(repo);
  const ignore = loadIgnore(repo.root);
  const added: string[] = [];
  for (const path of paths) {
    const disk = path === '' ? { kind: 'dir' } : diskEntry(repo.root, path);
    if (!disk) {
      throw new NotFoundError('PATH_NOT_FOUND', `${quoteInput(path)} does not exist in the working copy`, {
        hint: 'check the path; it is relative to the current directory',
      });
    }
    const found = walk(repo.root, path, (p, isDir) => p !== path && ignore(p, isDir)).filter(
      (p) => !tracked.has(p) && diskEntry(repo.root, p)?.kind !== 'dir',
    );
    added.push(...found);
    if (!tracking.adds.includes(path)) tracking.adds.push(path);
    // Adding a path takes back the removals inside it.
    tracking.removes = tracking.removes.filter((removed) => !isWithin(removed, path));
  }
  repo.saveTracking(tracking);
  return [...new Set(added)].sort();
}

/**
 * Stops tracking `paths` at the next record; the files stay on disk, untracked. A path inside a
 * pending add is left out of it; a removed path that a pending move produced takes the move with it.
 */
export function removePaths(repo: AtomicRepository, paths: string[]): string[] {
  repo.requireWriter();
  const tracking = repo.tracking();
  const recorded = new Set(repo.pristine.files(tracking.channel).map((entry) => entry.path));
  for (const path of paths) {
    refuseRoot(path, 'remove');
    const tracked = trackedView(repo, tracking);
    const inAdd = tracking.adds.some((add) => isWithin(path, add) && add !== path);
    const addsInside = tracking.adds.filter((add) => isWithin(add, path));
    if (!tracked.has(path) && !inAdd && addsInside.length === 0) throw notTracked(path);
    tracking.adds = tracking.adds.filter((add) => !isWithin(add, path));
    const remove = (p: string) => {
      if (!tracking.removes.includes(p)) tracking.removes.push(p);
    };
    // What pending moves put here goes: its recorded path is removed instead.
    for (const move of tracking.moves.filter((m) => isWithin(m.to, path))) {
      remove(recordedPath(move.from, tracking));
    }
    tracking.moves = tracking.moves.filter((m) => !isWithin(m.to, path));
    const original = recordedPath(path, tracking);
    if (recorded.has(original) || inAdd) remove(original);
  }
  repo.saveTracking(tracking);
  return paths;
}

/**
 * Moves a tracked file or directory on disk and asks the next record to record the move. The
 * destination must be free — or a path being removed (`rm foo; mv other foo`), as long as what is
 * on disk there holds nothing unrecorded. A missing parent directory is created, and the next
 * record tracks it. Moving a path onto itself keeps the name shown where that name is in conflict
 * (recording does it anyway).
 */
export function movePath(repo: AtomicRepository, from: string, to: string): { from: string; to: string } {
  repo.requireWriter();
  refuseRoot(from, 'move');
  refuseRoot(to, 'move onto');
  const tracking = repo.tracking();
  let tracked = trackedView(repo, tracking);
  const pendingAdd = tracking.adds.includes(from);
  if (!tracked.has(from) && !pendingAdd) throw notTracked(from);
  if (from === to) {
    if (repo.pristine.treeConflicts(tracking.channel).some((conflict) => conflict.path === from)) return { from, to };
    throw new UsageError('MOVE_TO_SAME_PATH', `${quoteInput(from)} is already at that path`, {
      hint: 'give the new path; a move onto itself only settles a name conflict',
    });
  }
  // A tracked path deleted from disk is being removed: the move takes its place.
  if (tracked.has(to) && !diskEntry(repo.root, to) && tracking.moves.every((move) => move.to !== to)) {
    tracking.removes.push(recordedPath(to, tracking));
    tracked = trackedView(repo, tracking);
  }
  if (tracked.has(to) || !replaceable(repo, tracking, to)) {
    throw new LineageError('PATH_EXISTS', `${quoteInput(to)} exists already`, {
      kind: 'usage',
      hint: tracked.has(to)
        ? 'move to a free path, or remove the existing one first (atomic rm)'
        : 'move to a free path; what is there is not recorded (move or delete it first)',
    });
  }
  if (diskEntry(repo.root, from)) {
    mkdirSync(dirname(insideRoot(repo.root, to)), { recursive: true });
    renameSync(insideRoot(repo.root, from), insideRoot(repo.root, to));
  }
  if (pendingAdd) tracking.adds = tracking.adds.map((add) => (add === from ? to : add));
  else {
    // A move of a path that is itself the target of a pending move is one move.
    const earlier = tracking.moves.find((move) => move.to === from);
    if (earlier) earlier.to = to;
    else tracking.moves.push({ from, to });
  }
  repo.saveTracking(tracking);
  return { from, to };
}

/** Nothing on disk at `path`, or a file being removed whose content is still what was recorded. */
function replaceable(repo: AtomicRepository, tracking: TrackingState, path: string): boolean {
  const disk = diskEntry(repo.root, path);
  if (!disk) return true;
  if (!tracking.removes.includes(path) || disk.kind === 'dir') return false;
  const entry = repo.pristine.files(tracking.channel).find((file) => file.path === path);
  if (!entry || entry.kind === 'dir') return false;
  const bytes = repo.pristine.readFile(tracking.channel, path);
  return diskMatches(repo.root, path, { kind: entry.kind, executable: entry.executable, bytes });
}

function refuseRoot(path: string, what: string): void {
  if (path !== '') return;
  throw new UsageError('PATH_IS_ROOT', `cannot ${what} the repository root`, {
    hint: 'name a file or directory inside the repository',
  });
}

/**
 * Restores `paths` (everything by default) from the current channel, discarding unrecorded
 * changes and tracking requests there. It also finishes a working-copy rewrite that an
 * earlier command left half-done.
 */
export function resetWorkingCopy(repo: AtomicRepository, paths?: string[]): { restored: string[]; repaired: boolean } {
  repo.requireWriter();
  const tracking = repo.tracking();
  const wanted = snapshotOutput(repo.pristine, tracking.channel);
  const journal = readJournal(repo.layout);
  if (journal) writeOutput(repo.layout, tracking.channel, wanted, journal.paths);
  requireCompleteOutput(repo.layout);
  const within = (path: string) => !paths || paths.some((prefix) => isWithin(path, prefix));
  const restored = [...wanted.keys()].filter((path) => within(path) && !diskMatches(repo.root, path, wanted.get(path)));
  writeOutput(repo.layout, tracking.channel, wanted, restored);
  repo.saveTracking({
    ...tracking,
    adds: tracking.adds.filter((path) => !within(path)),
    removes: tracking.removes.filter((path) => !within(path)),
    moves: tracking.moves.filter((move) => !(within(move.from) || within(move.to))),
  });
  return { restored: restored.sort(), repaired: journal !== null };
}

function notTracked(path: string): LineageError {
  return new NotFoundError('PATH_NOT_TRACKED', `${quoteInput(path)} is not tracked`, {
    hint: 'see `atomic status`; add it with `atomic add` first',
  });
}
