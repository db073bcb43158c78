import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import type { ChannelRow } from './apply.js';
import type { FileEdges } from './file-edges.js';
import type { GraphTables } from './graph-tables.js';
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

/** Channel rows: names, logs, and the cheap fork (graph rows are copied, change contents never). */
export class Channels {
  constructor(
    private readonly tables: GraphTables,
    private readonly edges: FileEdges,
  ) {}

  names(): string[] {
    return this.tables.s.channels.all() as string[];
  }

  find(name: string): ChannelRow | undefined {
    return this.tables.s.channelByName.get(name) as ChannelRow | undefined;
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
    this.requireFree(validateChannelName(name));
    this.tables.s.insertChannel.get(name, encodeAccumulator(EMPTY_STATE), 1);
    return this.get(name);
  }

  /** Same changes, same graph, new name: copies edge and log rows in SQL, never change files. */
  fork(from: string, to: string): ChannelRow {
    const source = this.get(from);
    this.requireFree(validateChannelName(to));
    const id = this.tables.s.insertChannel.get(to, source.state, source.nextSeq) as number;
    this.tables.s.copyEdges.run(id, source.id);
    this.edges.fork(source.id, id);
    this.tables.s.copyLog.run(id, source.id);
    return this.get(to);
  }

  rename(from: string, to: string): void {
    const source = this.get(from);
    this.requireFree(validateChannelName(to));
    this.tables.s.renameChannel.run(to, source.id);
  }

  delete(name: string): void {
    const channel = this.get(name);
    this.edges.dropChannel(channel.id);
    this.tables.s.deleteChannelEdges.run(channel.id);
    this.tables.s.deleteChannel.run(channel.id);
  }

  log(name: string): LogEntry[] {
    return this.tables.s.log.all(this.get(name).id) as LogEntry[];
  }

  /** Where a state hash occurs in any channel's history: the channel and the log position. */
  findState(state: string): { channel: string; seq: number } | undefined {
    return this.tables.s.logByState.get(state) as { channel: string; seq: number } | undefined;
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
