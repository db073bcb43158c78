import type { AtomicRepository } from './atomic-repository.js';
import { changeChannel } from './rewrite.js';

export interface ChannelUpdate {
  channel: string;
  /** Hashes in the order they were applied (or unrecorded). */
  changes: string[];
  /** Working-copy paths rewritten (when the channel is the current one). */
  rewritten: string[];
  /** Paths in conflict afterwards (a state of the channel, not a failure). */
  conflicts: string[];
}

const conflictedPaths = (repo: AtomicRepository, channel: string) =>
  [...new Set(repo.pristine.conflicts(channel).map((conflict) => conflict.path))].sort();

/**
 * Applies changes (hashes or unique prefixes) and every missing dependency, transitively,
 * from the change store, dependencies first; the working copy follows when `channel` is the
 * current one (under the working-copy rule).
 */
export function applyChanges(
  repo: AtomicRepository,
  hashes: string[],
  options: { channel?: string; force?: boolean } = {},
): ChannelUpdate {
  repo.requireWriter();
  const channel = repo.channel(options.channel);
  const wanted = hashes.map((hash) => repo.resolveHash(hash));
  const order = repo.pristine.dependencyClosure(channel, wanted);
  const { rewritten } = changeChannel(repo, channel, (target) => repo.pristine.apply(target, order), {
    force: options.force,
    what: `applying ${order.length} change(s) to ${channel}`,
  });
  return { channel, changes: order, rewritten, conflicts: conflictedPaths(repo, channel) };
}

/**
 * Removes changes from a channel. Several at once are removed dependents first; a change
 * that another change of the channel still depends on is refused, naming the dependents.
 */
export function unrecordChanges(
  repo: AtomicRepository,
  hashes: string[],
  options: { channel?: string; force?: boolean } = {},
): ChannelUpdate {
  repo.requireWriter();
  const channel = repo.channel(options.channel);
  const resolved = [...new Set(hashes.map((hash) => repo.resolveHash(hash)))];
  const { rewritten } = changeChannel(repo, channel, (target) => repo.pristine.unrecord(target, resolved), {
    force: options.force,
    what: `unrecording ${resolved.length} change(s) from ${channel}`,
  });
  return { channel, changes: resolved, rewritten, conflicts: conflictedPaths(repo, channel) };
}

export { conflictedPaths };
