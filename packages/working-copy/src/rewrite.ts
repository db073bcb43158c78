import type { AtomicRepository } from './atomic-repository.js';
import { changedPaths, refuseUnrecorded, requireCompleteOutput, snapshotOutput, writeOutput } from './output.js';
import { cacheKey, loadStatCache, saveStatCache } from './stat-cache.js';

export interface RewriteOptions {
  /** Overwrite unrecorded changes instead of refusing. */
  force?: boolean;
  /** What the operation is, for the refusal message ("applying 2 changes"). */
  what: string;
}

/**
 * Runs `mutate` on `channel` under the one working-copy rule: when `channel` is the current
 * channel, the working copy is rewritten to the new output, and the operation is refused —
 * before it touches the channel, by running it first on a throwaway fork — when it would
 * overwrite unrecorded changes, unless `force`. Only the paths the operation can change are
 * read and compared. Returns what `mutate` returned and the paths rewritten.
 */
export function changeChannel<T>(
  repo: AtomicRepository,
  channel: string,
  mutate: (channel: string) => T,
  options: RewriteOptions,
): { result: T; rewritten: string[] } {
  if (channel !== repo.currentChannel()) return { result: mutate(channel), rewritten: [] };
  requireCompleteOutput(repo.layout);
  // The preview (a fork: one row) tells which paths the operation can touch; only those are read.
  const { paths, before, touched, preview } = repo.withPreview(channel, (name) => {
    mutate(name);
    const paths = repo.pristine.differingPaths(channel, name);
    const before = snapshotOutput(repo.pristine, channel, paths);
    const preview = snapshotOutput(repo.pristine, name, paths);
    return { paths, before, touched: changedPaths(before, preview), preview };
  });
  if (!options.force) refuseUnrecorded(repo.root, before, touched, options.what, preview);
  const cache = loadStatCache(repo.layout, cacheKey(repo, channel));
  const result = mutate(channel);
  const after = snapshotOutput(repo.pristine, channel, paths);
  const rewritten = changedPaths(before, after);
  writeOutput(repo.layout, channel, after, rewritten);
  // Files the operation did not rewrite still equal the output: the next status need not read them.
  const read = new Set(paths);
  for (const [path, known] of cache.known) if (!read.has(path)) cache.verified.set(path, known);
  saveStatCache(repo.layout, cache, cacheKey(repo, channel));
  return { result, rewritten };
}

/** Makes `to` the current channel, rewriting the working copy under the same rule. */
export function switchChannel(repo: AtomicRepository, to: string, force = false): string[] {
  const from = repo.currentChannel();
  repo.channel(to);
  requireCompleteOutput(repo.layout);
  const paths = repo.pristine.differingPaths(from, to);
  const before = snapshotOutput(repo.pristine, from, paths);
  const after = snapshotOutput(repo.pristine, to, paths);
  const rewritten = changedPaths(before, after);
  if (!force) refuseUnrecorded(repo.root, before, rewritten, `switching to channel ${to}`, after);
  // Current channel first: if the process dies while writing, `reset` finishes from `to`.
  repo.saveTracking({ ...repo.tracking(), channel: to });
  writeOutput(repo.layout, to, after, rewritten);
  return rewritten;
}
