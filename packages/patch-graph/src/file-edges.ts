import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { Statement } from './graph-tables.js';

export interface FileEdgesOptions {
  /** Files with fewer current edges are read from the edge rows, without a snapshot. */
  minEdges?: number;
  /** Pending events are folded into the snapshot past this many, or past 1/16 of its edges. */
  foldAfterEvents?: number;
}

/**
 * The current edges of one file (or of the tree, inode 0), read fast.
 *
 * Output needs every current edge of a file, and a fragmented 100,000-line file has 130,000 of
 * them: scanning that many index entries costs SQLite about 20 ms before anything reaches
 * JavaScript. So a large file's edge set is also kept as one packed blob per channel, the
 * snapshot, plus a log of the edges that became or stopped being current since — written by
 * triggers on `edges` (migration 2), so no write path can forget it and a rolled-back
 * transaction rolls its events back too. Reading is the blob plus a few events; when the
 * events grow past a fraction of the snapshot they are folded into it.
 *
 * The snapshot is derived data: the edge rows stay the truth, and dropping both tables (or
 * any row of them) only makes the next read slower.
 */
export class FileEdges {
  private readonly s;

  private readonly minEdges: number;
  private readonly foldAfterEvents: number;

  constructor(
    private readonly db: SqliteDatabase,
    { minEdges = 4096, foldAfterEvents = 256 }: FileEdgesOptions = {},
  ) {
    this.minEdges = minEdges;
    this.foldAfterEvents = foldAfterEvents;
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      // One string instead of a row per edge: better-sqlite3 spends about a microsecond on each row.
      scan: p(
        `SELECT group_concat(from_id || ',' || to_id || ',' || flag || ',' || introduced_by, ',') FROM edges
         WHERE channel_id = ? AND inode_id = ? AND superseded = 0`,
      ).pluck(),
      // The snapshot and its pending events in one statement, so one read sees both as of one
      // moment (another process may fold them in between two statements).
      snapshot: p(
        `SELECT s.edges, (
           SELECT group_concat(e.seq || ',' || e.from_id || ',' || e.to_id || ',' || e.flag || ','
             || e.introduced_by || ',' || e.current, ',' ORDER BY e.seq)
           FROM file_edge_events e WHERE e.channel_id = s.channel_id AND e.inode_id = s.inode_id)
         FROM file_edge_snapshots s WHERE s.channel_id = ? AND s.inode_id = ?`,
      ).raw(),
      putSnapshot: p('INSERT OR REPLACE INTO file_edge_snapshots (channel_id, inode_id, edges) VALUES (?, ?, ?)'),
      dropEvents: p('DELETE FROM file_edge_events WHERE channel_id = ? AND inode_id = ? AND seq <= ?'),
      forkSnapshots: p(
        `INSERT INTO file_edge_snapshots (channel_id, inode_id, edges)
         SELECT ?, inode_id, edges FROM file_edge_snapshots WHERE channel_id = ?`,
      ),
      forkEvents: p(
        `INSERT INTO file_edge_events (channel_id, inode_id, from_id, to_id, flag, introduced_by, current)
         SELECT ?, inode_id, from_id, to_id, flag, introduced_by, current FROM file_edge_events
         WHERE channel_id = ? ORDER BY seq`,
      ),
      dropSnapshots: p('DELETE FROM file_edge_snapshots WHERE channel_id = ?'),
      dropAllEvents: p('DELETE FROM file_edge_events WHERE channel_id = ?'),
    };
  }

  /** Current edges as flat quadruples `from, to, flag, introducedBy` (in no particular order). */
  read(channelId: number, inode: number): Int32Array {
    const { blob, events } = this.readSnapshot(channelId, inode);
    if (!blob) {
      const edges = parseIntegerList(this.s.scan.get(channelId, inode) as string | null);
      if (edges.length >= 4 * this.minEdges) this.whenWritable(() => this.rebuild(channelId, inode));
      return edges;
    }
    const edges = withEvents(decodeQuads(blob), events);
    if (events.length / EVENT_SIZE > Math.max(this.foldAfterEvents, edges.length / 4 / 16)) {
      this.whenWritable(() => this.fold(channelId, inode));
    }
    return edges;
  }

  /** The fork gets the source's snapshots and pending events (the edge rows are copied by the caller). */
  fork(sourceId: number, targetId: number): void {
    this.s.forkSnapshots.run(targetId, sourceId);
    this.s.forkEvents.run(targetId, sourceId);
  }

  /** Before a channel's edges are deleted: without a snapshot, their deletion logs no events. */
  dropChannel(channelId: number): void {
    this.s.dropSnapshots.run(channelId);
    this.s.dropAllEvents.run(channelId);
  }

  /** A fresh snapshot from the edge rows (inside a write transaction: nothing can change in between). */
  private rebuild(channelId: number, inode: number): void {
    const edges = parseIntegerList(this.s.scan.get(channelId, inode) as string | null);
    this.s.putSnapshot.run(channelId, inode, encodeQuads(edges));
    this.s.dropEvents.run(channelId, inode, Number.MAX_SAFE_INTEGER);
  }

  /** The snapshot (if the file has one) and its pending events, as `seq, from, to, flag, introducedBy, current` sextuples. */
  private readSnapshot(channelId: number, inode: number): { blob?: Uint8Array; events: Int32Array } {
    const row = this.s.snapshot.get(channelId, inode) as [Uint8Array, string | null] | undefined;
    return row ? { blob: row[0], events: parseIntegerList(row[1]) } : { events: NO_EVENTS };
  }

  /** Folds the pending events into the snapshot. */
  private fold(channelId: number, inode: number): void {
    const { blob, events } = this.readSnapshot(channelId, inode);
    if (!blob) return;
    if (events.length === 0) return;
    this.s.putSnapshot.run(channelId, inode, encodeQuads(withEvents(decodeQuads(blob), events)));
    this.s.dropEvents.run(channelId, inode, events[events.length - EVENT_SIZE] as number);
  }

  /**
   * Runs a cache write now if the database can take it without waiting: inside the caller's
   * transaction, or in a new one when no other process is writing. A reader never blocks on
   * a writer for the sake of a cache.
   */
  private whenWritable(work: () => void): void {
    if (this.db.readonly) return;
    if (this.db.inTransaction) {
      work();
      return;
    }
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.transaction(work).immediate();
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY')) throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }
}

/** An event is `seq, from, to, flag, introducedBy, current`: the edge became current (1) or stopped being (0). */
const EVENT_SIZE = 6;
const NO_EVENTS = new Int32Array(0);

/** The snapshot's edges with the events replayed in order (an edge may come and go several times). */
function withEvents(edges: Int32Array, events: Int32Array): Int32Array {
  if (events.length === 0) return edges;
  const net = new Map<string, { quad: number[]; count: number }>();
  for (let i = 0; i < events.length; i += EVENT_SIZE) {
    const quad = Array.from(events.subarray(i + 1, i + 5));
    const key = quad.join(',');
    const entry = net.get(key) ?? { quad, count: 0 };
    entry.count += events[i + 5] ? 1 : -1;
    net.set(key, entry);
  }
  // Removed edges are found by their source first: a key per snapshot edge would cost more than the read.
  const removedFrom = new Set<number>();
  for (const { quad, count } of net.values()) if (count < 0) removedFrom.add(quad[0] as number);
  const removed = new Uint8Array(edges.length / 4);
  let removedCount = 0;
  if (removedFrom.size > 0) {
    for (let e = 0; e < edges.length; e += 4) {
      if (!removedFrom.has(edges[e] as number)) continue;
      const entry = net.get(`${edges[e]},${edges[e + 1]},${edges[e + 2]},${edges[e + 3]}`);
      if (entry && entry.count < 0) {
        entry.count++;
        removed[e / 4] = 1;
        removedCount++;
      }
    }
  }
  const added = [...net.values()].filter((entry) => entry.count > 0);
  const addedCount = added.reduce((sum, entry) => sum + entry.count, 0);
  const result = new Int32Array(edges.length + 4 * (addedCount - removedCount));
  let at = 0;
  for (let e = 0; e < edges.length; e += 4) {
    if (removed[e / 4]) continue;
    result[at++] = edges[e] as number;
    result[at++] = edges[e + 1] as number;
    result[at++] = edges[e + 2] as number;
    result[at++] = edges[e + 3] as number;
  }
  for (const { quad, count } of added) {
    for (let i = 0; i < count; i++) {
      result.set(quad, at);
      at += 4;
    }
  }
  return result;
}

const encodeQuads = (edges: Int32Array): Buffer => Buffer.from(edges.buffer, edges.byteOffset, edges.byteLength);

/** A view of the blob when it is aligned for one (large blobs get their own memory), else a copy. */
function decodeQuads(blob: Uint8Array): Int32Array {
  if (blob.byteOffset % 4 === 0) return new Int32Array(blob.buffer, blob.byteOffset, blob.length / 4);
  const aligned = new Uint8Array(blob.length);
  aligned.set(blob);
  return new Int32Array(aligned.buffer, 0, blob.length / 4);
}

/** Parses `"12,7,0,3,…"` (non-negative integers, as SQLite prints them) without splitting into strings. */
function parseIntegerList(text: string | null): Int32Array {
  if (!text) return new Int32Array(0);
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const values = new Int32Array(count);
  let n = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      values[n++] = value;
      value = 0;
    } else value = value * 10 + (code - 48);
  }
  values[n] = value;
  return values;
}
