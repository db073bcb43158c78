import type { SqliteDatabase } from '@lineage/sqlite-store';
import { LineItem } from './linearize.js';

/** The part of a prepared statement this package uses (kept local so declarations stay self-contained). */
export interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(): Statement;
  raw(): Statement;
}

/** One stored edge: `from → to` with `flag`, introduced by change row `introducedBy`. */
export interface EdgeRow {
  from: number;
  to: number;
  flag: number;
  introducedBy: number;
}

/** A vertex: the `index`-th of change row `changeId`, and its bytes (a view of the change's contents). */
export interface VertexRow {
  changeId: number;
  index: number;
  bytes: Uint8Array;
}

const EMPTY = new Uint8Array(0);

const POINT_LOOKUPS_BEFORE_BASES = 512;

interface VertexData {
  changeId: number;
  base: number;
  count: number;
  contents: Uint8Array;
  ranges: Uint32Array;
}

/**
 * Prepared statements over the pristine, prepared once: apply, unrecord and output run these in
 * tight loops, where Kysely's per-query compilation and promises would dominate.
 * Change hashes are interned as integer ids (cached both ways: they never change once assigned).
 */
export class GraphTables {
  private readonly hashById = new Map<number, string>([[0, 'ROOT']]);
  /** First vertex row of each change, ascending (vertex rows of a change are consecutive). */
  private bases: { starts: number[]; changes: number[] } | null = null;
  private pointLookups = 0;
  /** Contents and vertex ranges per change: immutable, so cached for the process. */
  private readonly vertexData = new Map<number, VertexData>();
  private lastVertexData: VertexData | null = null;
  private readonly idByHash = new Map<string, number>();
  readonly s;

  constructor(readonly db: SqliteDatabase) {
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      changeId: p('SELECT id FROM changes WHERE hash = ?').pluck(),
      changeHash: p('SELECT hash FROM changes WHERE id = ?').pluck(),
      insertChange: p(
        'INSERT INTO changes (hash, message, authors, timestamp, metadata) VALUES (?, ?, ?, ?, ?) RETURNING id',
      ).pluck(),
      changeRow: p('SELECT hash, message, authors, timestamp, metadata FROM changes WHERE id = ?'),
      setChangeVertices: p(
        'UPDATE changes SET vertex_base = ?, vertex_count = ?, contents = ?, ranges = ? WHERE id = ?',
      ),
      changeVertices: p('SELECT vertex_base, contents, ranges FROM changes WHERE id = ?').raw(),
      vertexChange: p('SELECT change_id FROM vertices WHERE id = ?').pluck(),
      vertexBases: p('SELECT vertex_base, id FROM changes WHERE vertex_count > 0 ORDER BY vertex_base').raw(),
      insertLink: p('INSERT OR IGNORE INTO change_links (change_id, target_hash, kind) VALUES (?, ?, ?)'),
      links: p('SELECT target_hash FROM change_links WHERE change_id = ? AND kind = ?').pluck(),
      dependentsIn: p(
        `SELECT c.hash FROM change_links l JOIN changes c ON c.id = l.change_id
         JOIN log g ON g.change_id = l.change_id AND g.channel_id = ?
         WHERE l.target_hash = ? AND l.kind = 'dependency' ORDER BY g.seq`,
      ).pluck(),
      insertVertex: p('INSERT OR IGNORE INTO vertices (change_id, idx, inode_id) VALUES (?, ?, ?)'),
      vertexId: p('SELECT id FROM vertices WHERE change_id = ? AND idx = ?').pluck(),
      insertEdge: p(
        `INSERT OR IGNORE INTO edges (channel_id, from_id, to_id, flag, introduced_by, inode_id, superseded)
         VALUES (?, ?, ?, ?, ?, ?, 0)`,
      ),
      supersede: p(
        `UPDATE edges SET superseded = superseded + ? WHERE channel_id = ? AND from_id = ? AND to_id = ?
         AND flag = ? AND introduced_by = ?`,
      ),
      deleteEdgesBy: p('DELETE FROM edges WHERE channel_id = ? AND introduced_by = ?'),
      edgesBy: p(
        `SELECT from_id AS "from", to_id AS "to", flag, introduced_by AS introducedBy, inode_id AS inodeId
         FROM edges WHERE channel_id = ? AND introduced_by = ?`,
      ),
      aliveContent: p(
        'SELECT 1 FROM edges WHERE channel_id = ? AND inode_id = ? AND superseded = 0 AND (flag & 4) = 0 LIMIT 1',
      ),
      incoming: p(
        `SELECT from_id AS "from", to_id AS "to", flag, introduced_by AS introducedBy
         FROM edges INDEXED BY edges_to WHERE channel_id = ? AND to_id = ? AND superseded = 0`,
      ),
      outgoing: p(
        `SELECT from_id AS "from", to_id AS "to", flag, introduced_by AS introducedBy FROM edges
         WHERE channel_id = ? AND from_id = ? AND superseded = 0`,
      ),
      channelByName: p('SELECT id, name, state, next_seq AS nextSeq FROM channels WHERE name = ?'),
      channelById: p('SELECT id, name, state, next_seq AS nextSeq FROM channels WHERE id = ?'),
      channels: p('SELECT name FROM channels ORDER BY name').pluck(),
      insertChannel: p('INSERT INTO channels (name, state, next_seq) VALUES (?, ?, ?) RETURNING id').pluck(),
      setChannelState: p('UPDATE channels SET state = ?, next_seq = ? WHERE id = ?'),
      renameChannel: p('UPDATE channels SET name = ? WHERE id = ?'),
      deleteChannel: p('DELETE FROM channels WHERE id = ?'),
      deleteChannelEdges: p('DELETE FROM edges WHERE channel_id = ?'),
      copyEdges: p(
        `INSERT INTO edges (channel_id, from_id, to_id, flag, introduced_by, inode_id, superseded)
         SELECT ?, from_id, to_id, flag, introduced_by, inode_id, superseded FROM edges WHERE channel_id = ?`,
      ),
      copyLog: p(
        `INSERT INTO log (channel_id, seq, change_id, state)
         SELECT ?, seq, change_id, state FROM log WHERE channel_id = ?`,
      ),
      inLog: p('SELECT seq FROM log WHERE channel_id = ? AND change_id = ?').pluck(),
      seqWithState: p('SELECT MAX(seq) FROM log WHERE channel_id = ? AND state = ?').pluck(),
      countLogUpTo: p('SELECT COUNT(*) FROM log WHERE channel_id = ? AND seq <= ?').pluck(),
      dependents: p(
        `SELECT c.hash FROM change_links l JOIN changes c ON c.id = l.change_id
         WHERE l.target_hash = ? AND l.kind = 'dependency' ORDER BY c.id`,
      ).pluck(),
      appendLog: p('INSERT INTO log (channel_id, seq, change_id, state) VALUES (?, ?, ?, ?)'),
      removeLog: p('DELETE FROM log WHERE channel_id = ? AND change_id = ?'),
      log: p(
        `SELECT c.hash, g.seq, g.state FROM log g JOIN changes c ON c.id = g.change_id
         WHERE g.channel_id = ? ORDER BY g.seq`,
      ),
      snapshotVertices: p(
        `SELECT c.hash || ':' || v.idx FROM log g CROSS JOIN vertices v ON v.change_id = g.change_id
         JOIN changes c ON c.id = v.change_id WHERE g.channel_id = ?`,
      ).pluck(),
      snapshotEdges: p(
        `SELECT COALESCE(fc.hash, 'ROOT') || ':' || f.idx || ' -> ' || COALESCE(tc.hash, 'ROOT') || ':' || t.idx || ' flag=' || e.flag
           || ' by=' || COALESCE(ic.hash, 'ROOT') || ' superseded=' || e.superseded
         FROM edges e JOIN vertices f ON f.id = e.from_id JOIN vertices t ON t.id = e.to_id
         LEFT JOIN changes fc ON fc.id = f.change_id LEFT JOIN changes tc ON tc.id = t.change_id
         LEFT JOIN changes ic ON ic.id = e.introduced_by
         WHERE e.channel_id = ?`,
      ).pluck(),
      logByState: p(
        `SELECT ch.name AS channel, g.seq FROM log g JOIN channels ch ON ch.id = g.channel_id
         WHERE g.state = ? ORDER BY ch.name LIMIT 1`,
      ),
    };
  }

  hashOf(changeId: number): string {
    let hash = this.hashById.get(changeId);
    if (hash === undefined) {
      hash = this.s.changeHash.get(changeId) as string | undefined;
      if (hash === undefined) throw new Error(`no change row ${changeId}`);
      this.remember(changeId, hash);
    }
    return hash;
  }

  /** The row id of a change hash, or undefined when the repository has never seen it. */
  idOf(hash: string): number | undefined {
    let id = this.idByHash.get(hash);
    if (id === undefined) {
      id = this.s.changeId.get(hash) as number | undefined;
      if (id !== undefined) this.remember(id, hash);
    }
    return id;
  }

  remember(id: number, hash: string): void {
    this.hashById.set(id, hash);
    this.idByHash.set(hash, id);
  }

  /** Forgets cached ids: needed after a rolled-back transaction may have assigned some. */
  forgetIds(): void {
    this.bases = null;
    this.vertexData.clear();
    this.lastVertexData = null;
    this.hashById.clear();
    this.hashById.set(0, 'ROOT');
    this.idByHash.clear();
  }

  isApplied(channelId: number, changeId: number): boolean {
    return this.s.inLog.get(channelId, changeId) !== undefined;
  }

  incoming(channelId: number, vertexId: number): EdgeRow[] {
    return this.s.incoming.all(channelId, vertexId) as EdgeRow[];
  }

  outgoing(channelId: number, vertexId: number): EdgeRow[] {
    return this.s.outgoing.all(channelId, vertexId) as EdgeRow[];
  }

  /** Notes where a change just inserted keeps its vertices. */
  addVertexBase(changeId: number, base: number): void {
    if (this.bases) {
      this.bases.starts.push(base);
      this.bases.changes.push(changeId);
    }
  }

  /**
   * A vertex's change, index and bytes: the change as `changeOfVertex` finds it, the bytes a view of
   * the change's contents (cached per change).
   */
  vertex(vertexId: number): VertexRow {
    const data = this.vertexDataOf(vertexId);
    if (!data) return { changeId: 0, index: 0, bytes: new Uint8Array(0) };
    const index = vertexId - data.base;
    return {
      changeId: data.changeId,
      index,
      bytes: data.contents.subarray(data.ranges[2 * index] as number, data.ranges[2 * index + 1] as number),
    };
  }

  /** A vertex as a line of output, without making a view of its bytes (output takes one per line). */
  lineItem(vertexId: number): LineItem {
    const data = this.vertexDataOf(vertexId);
    if (!data) return LineItem.of(vertexId, EMPTY);
    const index = vertexId - data.base;
    return new LineItem(
      vertexId,
      data.contents,
      data.ranges[2 * index] as number,
      data.ranges[2 * index + 1] as number,
    );
  }

  /** The contents and vertex ranges of the change that created a vertex (none for the root). */
  private vertexDataOf(vertexId: number): VertexData | undefined {
    // Output asks for the lines of a file in order, mostly runs of one change: try the last one first.
    const last = this.lastVertexData;
    if (last && vertexId >= last.base && vertexId < last.base + last.count) return last;
    const changeId = this.changeOfVertex(vertexId);
    if (changeId === undefined) return undefined;
    let data = this.vertexData.get(changeId);
    if (!data) {
      const [base, contents, ranges] = this.s.changeVertices.get(changeId) as [number, Uint8Array, Uint8Array];
      const aligned = new Uint8Array(ranges);
      data = {
        changeId,
        base,
        count: aligned.length / 8,
        contents,
        ranges: new Uint32Array(aligned.buffer, 0, aligned.length / 4),
      };
      this.vertexData.set(changeId, data);
    }
    this.lastVertexData = data;
    return data;
  }

  /**
   * The change whose vertex rows include `vertexId`, if any. The first lookups of a process read
   * the vertex's row; past a few hundred (an output of a large file) every change's first vertex
   * is loaded once and searched in memory — loading them for a one-line record would cost more
   * than the record as history grows.
   */
  private changeOfVertex(vertexId: number): number | undefined {
    if (!this.bases && this.pointLookups < POINT_LOOKUPS_BEFORE_BASES) {
      this.pointLookups++;
      const changeId = this.s.vertexChange.get(vertexId) as number | undefined;
      return changeId ? changeId : undefined;
    }
    if (!this.bases) {
      const rows = this.s.vertexBases.all() as Array<[number, number]>;
      this.bases = { starts: rows.map((r) => r[0]), changes: rows.map((r) => r[1]) };
    }
    const { starts, changes } = this.bases;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= vertexId) low = middle;
      else high = middle - 1;
    }
    // The root vertex (row 1) belongs to no change.
    return (starts[low] as number) > vertexId ? undefined : changes[low];
  }
}
