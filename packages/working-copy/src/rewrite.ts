import type { AtomicRepository } from './atomic-repository.js';
import { changedPaths, refuseUnrecorded, requireCompleteOutput, snapshotOutput, writeOutput } from './output.js';

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
 * overwrite unrecorded changes, unless `force`. Returns what `mutate` returned and the paths
 * rewritten.
 */
export function changeChannel<T>(
  repo: AtomicRepository,
  channel: string,
  mutate: (channel: string) => T,
  options: RewriteOptions,
): { result: T; rewritten: string[] } {
  if (channel !== repo.currentChannel()) return { result: mutate(channel), rewritten: [] };
  requireCompleteOutput(repo.layout);
  const before = snapshotOutput(repo.pristine, channel);
  if (!options.force) {
    const { touched, preview } = repo.withPreview(channel, (name) => {
      mutate(name);
      const after = snapshotOutput(repo.pristine, name);
      return { touched: changedPaths(before, after), preview: after };
    });
    refuseUnrecorded(repo.root, before, touched, options.what, preview);
  }
  const result = mutate(channel);
  const after = snapshotOutput(repo.pristine, channel);
  const rewritten = changedPaths(before, after);
  writeOutput(repo.layout, channel, after, rewritten);
  return { result, rewritten };
}

/** Makes `to` the current channel, rewriting the working copy under the same rule. */
export function switchChannel(repo: AtomicRepository, to: string, force = false): string[] {
  const from = repo.currentChannel();
  repo.channel(to);
  requireCompleteOutput(repo.layout);
  const before = snapshotOutput(repo.pristine, from);
  const after = snapshotOutput(repo.pristine, to);
  const rewritten = changedPaths(before, after);
  if (!force) refuseUnrecorded(repo.root, before, rewritten, `switching to channel ${to}`, after);
  // Current channel first: if the process dies while writing, `reset` finishes from `to`.
  repo.saveTracking({ ...repo.tracking(), channel: to });
  writeOutput(repo.layout, to, after, rewritten);
  return rewritten;
}
