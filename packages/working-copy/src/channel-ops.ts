import { LineageError, quoteInput } from '@lineage/errors';
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
 * names a tag is that tag). The current channel stays.
 */
export function forkChannel(
  repo: AtomicRepository,
  name: string,
  source: ForkSource = {},
): { name: string; state: string; tag?: string } {
  repo.requireWriter();
  repo.validateNewChannel(name);
  const tag = source.tag !== undefined ? repo.tags.get(source.tag) : source.state && repo.tags.find(source.state);
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
