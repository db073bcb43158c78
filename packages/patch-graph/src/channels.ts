import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';

import type { ChannelLog } from './channel-log.js';
import type { GraphTables } from './graph-tables.js';
import { EMPTY_MEMBERS, membersOf } from './membership.js';
import type { ChannelRow } from './rows.js';
import { EMPTY_STATE, encodeAccumulator, stateHash } from './state-hash.js';

export interface LogEntry {
  hash: string;
  /** Position in the channel's application order (gaps remain where changes were unrecorded). */
  seq: number;
  /** The channel's state hash right after this change was applied. */
  state: string;
}

export const EMPTY_STATE_HASH = stateHash(EMPTY_STATE);

const CHANNEL_NAME = /^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,99}$/;

export function validateChannelName(name: string): string {
  if (!CHANNEL_NAME.test(name) || name.includes('..')) {
    throw new UsageError('CHANNEL_NAME_INVALID', `${quoteInput(name)} is not a valid channel name`, {
      hint: 'use letters, digits, ".", "_", "-" and "/" (at most 100 characters), e.g. feature/login',
    });
  }
  return name;
}

/**
 * Channels: a name, a set of changes (a bitset, see membership.ts), a state, and a log shared
 * with the channels it was forked from or into (see channel-log.ts). The graph itself is
 * shared by every channel (graph-store.ts), so a fork is one row: constant time and space.
 */
export class Channels {
  constructor(
    private readonly tables: GraphTables,
    private readonly logs: ChannelLog,
  ) {}

  names(): string[] {
    return this.tables.s.channels.all() as string[];
  }

  find(name: string): ChannelRow | undefined {
    return this.tables.channelByName(name);
  }

  get(name: string): ChannelRow {
    const row = this.find(name);
    if (!row) {
      throw new NotFoundError('CHANNEL_NOT_FOUND', `there is no channel named ${quoteInput(name)}`, {
        hint: `existing channels: ${this.names().join(', ') || '(none)'}`,
        details: { channel: name },
      });
    }
    return row;
  }

  create(name: string): ChannelRow {
    return this.insert(name, encodeAccumulator(EMPTY_STATE), 1, null, EMPTY_MEMBERS);
  }

  /** Same changes, same graph, new name: one row, sharing the source's log. */
  fork(from: string, to: string): ChannelRow {
    const source = this.get(from);
    return this.insert(to, source.state, source.nextSeq, source.head, source.members);
  }

  /**
   * A channel holding exactly the changes a channel held when its state was `state`: it shares
   * that log entry. Undefined when no log has that state.
   */
  forkAtState(state: string, to: string): ChannelRow | undefined {
    if (state === EMPTY_STATE_HASH) return this.create(to);
    const [entryId] = this.logs.withState(state);
    if (entryId === undefined) return undefined;
    const entries = this.logs.entries(entryId);
    const nextSeq = entries.reduce((next, [, , seq]) => Math.max(next, seq + 1), 1);
    const members = membersOf(entries.map(([, changeId]) => changeId));
    return this.insert(to, this.logs.entry(entryId).accumulator, nextSeq, entryId, members);
  }

  rename(from: string, to: string): void {
    const source = this.get(from);
    this.requireFree(validateChannelName(to));
    this.tables.s.renameChannel.run(to, source.id);
  }

  /** Deletes the channel and the log entries no other channel shares. */
  delete(name: string): void {
    const channel = this.get(name);
    this.tables.s.deleteChannel.run(channel.id);
    this.logs.release(channel.head);
  }

  log(name: string): LogEntry[] {
    return this.entries(this.get(name));
  }

  /** How many changes the channel's log has. */
  logLength(name: string): number {
    const { head } = this.get(name);
    return head === null ? 0 : this.logs.entry(head).count;
  }

  /** The channel's log after its first `count` entries: a walk back over those entries only. */
  logAfter(name: string, count: number): LogEntry[] {
    const entries: LogEntry[] = [];
    for (let at = this.get(name).head; at !== null; ) {
      const entry = this.logs.entry(at);
      if (entry.count <= count) break;
      entries.push({ hash: this.tables.hashOf(entry.changeId), seq: entry.seq, state: entry.state });
      at = entry.previous;
    }
    return entries.reverse();
  }

  /** Where a state hash occurs in any channel's log: the first channel by name, and the position. */
  findState(state: string): { channel: string; seq: number } | undefined {
    const wanted = new Set(this.logs.withState(state));
    if (wanted.size === 0) return undefined;
    for (const name of this.names()) {
      const entry = this.logs.entries(this.get(name).head).find(([id]) => wanted.has(id));
      if (entry) return { channel: name, seq: entry[2] };
    }
    return undefined;
  }

  private entries(channel: ChannelRow): LogEntry[] {
    return this.logs
      .entries(channel.head)
      .map(([, changeId, seq, state]) => ({ hash: this.tables.hashOf(changeId), seq, state }));
  }

  private insert(name: string, state: string, nextSeq: number, head: number | null, members: Uint8Array): ChannelRow {
    this.requireFree(validateChannelName(name));
    this.tables.s.insertChannel.get(name, state, nextSeq, head, members);
    this.logs.retain(head);
    return this.get(name);
  }

  private requireFree(name: string): void {
    if (this.find(name)) {
      throw new LineageError('CHANNEL_EXISTS', `channel ${quoteInput(name)} exists already`, {
        kind: 'usage',
        hint: 'pick another name, or delete the existing channel first',
        details: { channel: name },
      });
    }
  }
}
