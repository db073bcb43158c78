import { LineageError, quoteInput, UsageError } from '@lineage/errors';
import type { AtomicRepository } from './atomic-repository.js';

export interface ChannelInfo {
  name: string;
  current: boolean;
  changes: number;
  state: string;
}

export function listChannels(repo: AtomicRepository): ChannelInfo[] {
  const current = repo.currentChannel();
  return repo.channels().map((name) => ({
    name,
    current: name === current,
    changes: repo.pristine.log(name).length,
    state: repo.pristine.state(name),
  }));
}

export function newChannel(repo: AtomicRepository, name: string): void {
  repo.requireWriter();
  repo.pristine.createChannel(repo.validateNewChannel(name));
}

export function deleteChannel(repo: AtomicRepository, name: string): void {
  repo.requireWriter();
  if (repo.channel(name) === repo.currentChannel()) {
    throw new LineageError('CHANNEL_IS_CURRENT', `${quoteInput(name)} is the current channel`, {
      kind: 'usage',
      hint: 'switch to another channel first (atomic channel switch)',
    });
  }
  repo.pristine.deleteChannel(name);
}

/**
 * Removes from the store the changes no channel holds and no tag covers (recorded only on
 * deleted channels, or unrecorded everywhere) and gives their space back (Repository.prune).
 * Never run by itself: deleting a channel keeps its changes until this is asked for.
 */
export function collectGarbage(
  repo: AtomicRepository,
  options: { dryRun?: boolean } = {},
): { changes: string[]; bytes: number; reclaimed: number } {
  if (!options.dryRun) repo.requireWriter();
  return repo.pristine.prune(options);
}

export function renameChannel(repo: AtomicRepository, from: string, to: string): void {
  repo.requireWriter();
  const isCurrent = repo.channel(from) === repo.currentChannel();
  repo.pristine.renameChannel(from, repo.validateNewChannel(to));
  if (isCurrent) repo.saveTracking({ ...repo.tracking(), channel: to });
}

export interface ForkSource {
  /** Fork this channel (the current one by default). */
  channel?: string;
  /** Fork this state hash, found in any channel's history. */
  state?: string;
  /** Fork this tag: the new channel holds exactly the tag's changes. */
  tag?: string;
}

/**
 * Creates channel `name` from a channel, a past state, or a tag (by name or hash; a `state` that
 * names a tag is that tag). The current channel stays. Forking a tag, `name` may be left out:
 * the channel is named after the tag (`v1.0`, else `v1.0-2`…), as seed 000's
 * `atomic fork --from-consolidation <tag>` has it.
 */
export function forkChannel(
  repo: AtomicRepository,
  name: string | undefined,
  source: ForkSource = {},
): { name: string; state: string; tag?: string } {
  repo.requireWriter();
  const tag = source.tag !== undefined ? repo.tags.get(source.tag) : source.state && repo.tags.find(source.state);
  if (name === undefined) {
    if (!tag) {
      throw new UsageError('CHANNEL_NAME_MISSING', 'give the new channel a name', {
        hint: "e.g. atomic fork experiment; only a tag's fork may leave it out (atomic fork --from-consolidation v1.0)",
      });
    }
    name = freeChannelName(repo, tag.name);
  }
  repo.validateNewChannel(name);
  if (tag) {
    // Some log reached the tag's state (the channel it was made on): share that entry, at no
    // cost. Otherwise apply its changes, in its order.
    if (repo.pristine.findState(tag.state)) repo.pristine.forkAtState(tag.state, name);
    else {
      const changes = repo.tags.changes(tag.hash);
      repo.pristine.transaction(() => {
        repo.pristine.createChannel(name);
        repo.pristine.apply(name, [...changes]);
      });
    }
    return { name, state: repo.pristine.state(name), tag: tag.name };
  }
  if (source.state !== undefined) repo.pristine.forkAtState(source.state.trim().toUpperCase(), name);
  else repo.pristine.forkChannel(repo.channel(source.channel), name);
  return { name, state: repo.pristine.state(name) };
}

/** `wanted`, or `wanted-2`, `wanted-3`… — the first name no channel has. */
function freeChannelName(repo: AtomicRepository, wanted: string): string {
  const taken = new Set(repo.channels());
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}
