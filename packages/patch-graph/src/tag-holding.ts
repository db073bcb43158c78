import type { ChannelLog } from './channel-log.js';
import type { GraphTables } from './graph-tables.js';
import { hasMember } from './membership.js';
import type { ChannelRow } from './rows.js';
import type { TagResolver } from './tag-resolver.js';

/**
 * Whether the channel's log begins with exactly the set of changes whose state hash is `state`
 * and size `count`. Every entry of a channel's log names a prefix the channel holds (its state is
 * that of exactly the changes up to it), and equal states mean equal sets: so the question is
 * whether an entry of that state is the channel's `count`-th — a walk back from the newest entry
 * over the changes since.
 */
export function holdsPrefix(log: ChannelLog, channel: ChannelRow, state: string, count: number): boolean {
  const candidates = log.withState(state);
  if (candidates.length === 0) return false;
  const entry = log.entryAt(channel.head, count);
  return entry !== undefined && candidates.includes(entry);
}

/**
 * Whether the channel holds every change of a tag: at once from its log when the tag's set is a
 * prefix of it (the tag was made here, or on the channel this one forked from, or its changes
 * arrived in the tag's order), else change by change — the tag's own changes first, as a channel
 * lacking a tag usually lacks its newest changes.
 */
export function holdsTag(
  { tables, log }: { tables: GraphTables; log: ChannelLog },
  channel: ChannelRow,
  tagHash: string,
  tags: TagResolver,
): boolean {
  const tag = tags.describe(tagHash);
  if (!tag) return false;
  if (holdsPrefix(log, channel, tag.state, tag.count)) return true;
  const has = (hash: string) => {
    const id = tables.idOf(hash);
    return id !== undefined && hasMember(channel.members, id);
  };
  return tag.added.every(has) && tags.changes(tagHash).every(has);
}
