import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { LineageError, NotFoundError, quoteInput } from '@lineage/errors';
import type { AtomicRepository } from './atomic-repository.js';
import { diskEntry, insideRoot, walk } from './disk.js';
import { loadIgnore } from './ignore-rules.js';
import { diskMatches, readJournal, requireCompleteOutput, snapshotOutput, writeOutput } from './output.js';
import { isWithin, pendingView } from './tracking.js';

/** Tracked paths of the current channel as the next record will see them (pending moves applied). */
function trackedView(repo: AtomicRepository): Set<string> {
  const tracking = repo.tracking();
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
    tracking.removes = tracking.removes.filter((removed) => removed !== path);
  }
  repo.saveTracking(tracking);
  return [...new Set(added)].sort();
}

/** Stops tracking `paths` at the next record; the files stay on disk, untracked. */
export function removePaths(repo: AtomicRepository, paths: string[]): string[] {
  repo.requireWriter();
  const tracking = repo.tracking();
  const tracked = trackedView(repo);
  for (const path of paths) {
    const pending = tracking.adds.filter((add) => isWithin(add, path));
    if (!tracked.has(path) && pending.length === 0) throw notTracked(path);
    tracking.adds = tracking.adds.filter((add) => !isWithin(add, path));
    if (tracked.has(path) && !tracking.removes.includes(path)) tracking.removes.push(path);
  }
  repo.saveTracking(tracking);
  return paths;
}

/** Moves a tracked file or directory on disk and asks the next record to record the move. */
export function movePath(repo: AtomicRepository, from: string, to: string): { from: string; to: string } {
  repo.requireWriter();
  const tracking = repo.tracking();
  const tracked = trackedView(repo);
  const pendingAdd = tracking.adds.includes(from);
  if (!tracked.has(from) && !pendingAdd) throw notTracked(from);
  if (tracked.has(to) || diskEntry(repo.root, to)) {
    throw new LineageError('PATH_EXISTS', `${quoteInput(to)} exists already`, {
      kind: 'usage',
      hint: 'move to a free path, or remove the existing one first',
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
