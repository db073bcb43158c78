import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { LineBytes } from '@lineage/graph-output';
import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { Change } from './change.js';
import type { ChangeStore } from './change-store.js';
import { VarintReader, VarintWriter } from './edge-codec.js';
import type { GraphStore } from './graph-store.js';
import type { Members } from './membership.js';
import type { ChannelRow, EdgeRow, Statement } from './rows.js';
import { ROOT_VERTEX_ID, TREE_INODE_ID } from './schema.js';
import { wholeOutput } from './zlib-output.js';

/** What the graph needs of a change once it is in it: the files it touches and the changes it refers to. */
export interface GraphInfo {
  inodes: number[];
  /** Changes whose vertices or edges it refers to (beyond itself): a channel applying it must hold them. */
  refs: number[];
}

/** A change's vertices and graph, as `addToGraph` computes them. */
export interface ChangeGraph extends GraphInfo {
  base: number;
  count: number;
  /** Per vertices operation: its first vertex index and its file's inode (`[index, inode, …]`). */
  runs: number[];
  /** `[start, end, …]` in contents, per vertex. */
  ranges: Uint32Array;
  dependencies: number[];
  known: number[];
  /** Hashes of the tags it depends on. */
  tags: string[];
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

const int32s = (values: number[]): Uint8Array => new Uint8Array(new Int32Array(values).buffer);

/** Vertex ranges, mostly back to back: varints of the gap before each and its length, deflated. */
function packRanges(ranges: Uint32Array): Uint8Array {
  const out = new VarintWriter(ranges.length + 8);
  let end = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i] as number;
    out.write(start >= end ? 2 * (start - end) : 2 * (end - start) - 1);
    out.write((ranges[i + 1] as number) - start);
    end = ranges[i + 1] as number;
  }
  return deflateRawSync(out.bytes());
}

function unpackRanges(packed: Uint8Array, count: number): Uint32Array {
  const ranges = new Uint32Array(2 * count);
  if (count === 0) return ranges;
  const reader = new VarintReader(inflateRawSync(packed, wholeOutput(packed.length)));
  let end = 0;
  for (let v = 0; v < count; v++) {
    const gap = reader.read();
    const start = gap % 2 === 0 ? end + gap / 2 : end - (gap + 1) / 2;
    end = start + reader.read();
    ranges[2 * v] = start;
    ranges[2 * v + 1] = end;
  }
  return ranges;
}

/** How many bytes of contents vertex ranges span: the end of the last one. */
function spanOf(ranges: Uint32Array): number {
  let end = 0;
  for (let i = 1; i < ranges.length; i += 2) end = Math.max(end, ranges[i] as number);
  return end;
}

const fromInt32s = (blob: Uint8Array | null): Int32Array => {
  if (!blob || blob.length === 0) return new Int32Array(0);
  const aligned = new Uint8Array(blob);
  return new Int32Array(aligned.buffer, 0, aligned.length / 4);
};

/**
 * Prepared statements over the pristine's changes and channels, prepared once: apply,
 * unrecord and output run these in tight loops, where Kysely's per-query compilation and
 * promises would dominate. Change hashes are interned as integer ids (cached both ways: they
 * never change once assigned). A change's vertices are ids `vertex_base .. vertex_base +
 * vertex_count - 1`: no row per vertex.
 */
export class GraphTables {
  private readonly hashById = new Map<number, string>([[0, 'ROOT']]);
  /** First vertex of each change, ascending (vertex ids of a change are consecutive). */
  private bases: { starts: number[]; changes: number[] } | null = null;
  private pointLookups = 0;
  /** Contents and vertex ranges per change: immutable, so cached for the process. */
  private readonly vertexData = new Map<number, VertexData>();
  private lastVertexData: VertexData | null = null;
  private readonly idByHash = new Map<string, number>();
  private readonly vertexRanges = new Map<number, [base: number, count: number]>();
  private readonly graphInfos = new Map<number, GraphInfo>();
  /** One object per channel's set, while the set is unchanged: caches key on it. */
  private readonly members = new Map<number, Members>();
  private nextVertex: number | null = null;
  private names: Map<number, Uint8Array> | null = null;
  readonly s;

  constructor(
    readonly db: SqliteDatabase,
    readonly graph: GraphStore,
    private readonly store: ChangeStore,
  ) {
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      changeId: p('SELECT id FROM changes WHERE hash = ?').pluck(),
      changeHash: p('SELECT hash FROM changes WHERE id = ?').pluck(),
      insertChange: p(
        'INSERT INTO changes (hash, message, authors, timestamp, metadata) VALUES (?, ?, ?, ?, ?) RETURNING id',
      ).pluck(),
      changeRow: p('SELECT hash, message, authors, timestamp, metadata FROM changes WHERE id = ?'),
      saveGraph: p(
        `UPDATE changes SET vertex_base = ?, vertex_count = ?, vertex_runs = ?, inodes = ?, refs = ?, ranges = ?,
         dependencies = ?, known = ?, tags = ? WHERE id = ?`,
      ),
      insertDependent: p('INSERT OR IGNORE INTO dependents (target_id, change_id) VALUES (?, ?)'),
      insertTagDependent: p('INSERT OR IGNORE INTO tag_dependents (tag_hash, change_id) VALUES (?, ?)'),
      links: p('SELECT dependencies, known, tags FROM changes WHERE id = ?').raw(),
      insertName: p('INSERT OR REPLACE INTO names (vertex, bytes) VALUES (?, ?)'),
      names: p('SELECT vertex, bytes FROM names').raw(),
      graphInfo: p('SELECT inodes, refs FROM changes WHERE id = ? AND inodes IS NOT NULL').raw(),
      vertexRange: p('SELECT vertex_base, vertex_count FROM changes WHERE id = ?').raw(),
      changeVertices: p('SELECT hash, vertex_base, vertex_count, ranges, vertex_runs FROM changes WHERE id = ?').raw(),
      vertexChange: p(
        `SELECT id FROM changes WHERE vertex_base <= ? AND vertex_count > 0 ORDER BY vertex_base DESC LIMIT 1`,
      ).pluck(),
      vertexBases: p('SELECT vertex_base, id FROM changes WHERE vertex_count > 0 ORDER BY vertex_base').raw(),
      nextVertex: p('SELECT max(vertex_base + vertex_count) FROM changes').pluck(),
      dependents: p('SELECT change_id FROM dependents WHERE target_id = ? ORDER BY change_id').pluck(),
      tagDependents: p('SELECT change_id FROM tag_dependents WHERE tag_hash = ? ORDER BY change_id').pluck(),
      channelByName: p('SELECT id, name, state, next_seq AS nextSeq, head, members FROM channels WHERE name = ?'),
      channelMembers: p('SELECT members FROM channels WHERE id = ?').pluck(),
      channels: p('SELECT name FROM channels ORDER BY name').pluck(),
      insertChannel: p(
        'INSERT INTO channels (name, state, next_seq, head, members) VALUES (?, ?, ?, ?, ?) RETURNING id',
      ).pluck(),
      saveChannel: p('UPDATE channels SET state = ?, next_seq = ?, head = ?, members = ? WHERE id = ?'),
      renameChannel: p('UPDATE channels SET name = ? WHERE id = ?'),
      deleteChannel: p('DELETE FROM channels WHERE id = ?'),
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

  /** Forgets cached rows: needed after a rolled-back transaction may have assigned some. */
  forgetIds(): void {
    this.bases = null;
    this.vertexData.clear();
    this.contentsLengths.clear();
    this.lastVertexData = null;
    this.hashById.clear();
    this.hashById.set(0, 'ROOT');
    this.idByHash.clear();
    this.vertexRanges.clear();
    this.graphInfos.clear();
    this.members.clear();
    this.nextVertex = null;
    this.names = null;
    this.runs.clear();
    this.graph.reset();
  }

  /** A new change row (header only: its graph comes with `saveGraphInfo`). */
  insertChangeRow(hash: string, change: Change): number {
    const { header, metadata } = change;
    const id = this.s.insertChange.get(
      hash,
      header.message,
      JSON.stringify(header.authors),
      header.timestamp,
      JSON.stringify(metadata),
    ) as number;
    this.remember(id, hash);
    return id;
  }

  /** `count` vertex ids for a new change; returns the first. Vertex 1 is the root. */
  allocateVertices(count: number): number {
    this.nextVertex ??= Math.max(ROOT_VERTEX_ID + 1, (this.s.nextVertex.get() as number | null) ?? 0);
    const base = this.nextVertex;
    this.nextVertex += count;
    return base;
  }

  saveGraphInfo(changeId: number, graph: ChangeGraph): void {
    this.s.saveGraph.run(
      graph.base,
      graph.count,
      int32s(graph.runs),
      int32s(graph.inodes),
      int32s(graph.refs),
      packRanges(graph.ranges),
      int32s(graph.dependencies),
      int32s(graph.known),
      graph.tags.length > 0 ? graph.tags.join(' ') : null,
      changeId,
    );
    for (const target of graph.dependencies) this.s.insertDependent.run(target, changeId);
    for (const tag of graph.tags) this.s.insertTagDependent.run(tag, changeId);
    this.vertexRanges.set(changeId, [graph.base, graph.count]);
    this.graphInfos.set(changeId, { inodes: graph.inodes, refs: graph.refs });
    if (graph.count > 0 && this.bases) {
      this.bases.starts.push(graph.base);
      this.bases.changes.push(changeId);
    }
  }

  /** The files a change touches and the changes it refers to; undefined while it is not in the graph. */
  graphInfo(changeId: number): GraphInfo | undefined {
    let info = this.graphInfos.get(changeId);
    if (!info) {
      const row = this.s.graphInfo.get(changeId) as [Uint8Array, Uint8Array] | undefined;
      if (!row) return undefined;
      info = { inodes: Array.from(fromInt32s(row[0])), refs: Array.from(fromInt32s(row[1])) };
      this.graphInfos.set(changeId, info);
    }
    return info;
  }

  /** The id of the `index`-th vertex of a change, if it has that many. */
  vertexId(changeId: number, index: number): number | undefined {
    const [base, count] = this.rangeOf(changeId);
    return index >= 0 && index < count ? base + index : undefined;
  }

  private rangeOf(changeId: number): [base: number, count: number] {
    let range = this.vertexRanges.get(changeId);
    if (!range) {
      range = (this.s.vertexRange.get(changeId) as [number, number] | undefined) ?? [0, 0];
      this.vertexRanges.set(changeId, range);
    }
    return range;
  }

  /** Changes that list `hash` (a change or a tag) as a dependency (any channel), oldest first. */
  dependents(hash: string): number[] {
    const id = this.idOf(hash);
    return (id === undefined ? this.s.tagDependents.all(hash) : this.s.dependents.all(id)) as number[];
  }

  /**
   * A change's dependencies and the changes it knew beyond them (row ids of changes the
   * repository had), and the tags it depends on (hashes).
   */
  links(changeId: number): { dependencies: number[]; known: number[]; tags: string[] } {
    const row = this.s.links.get(changeId) as [Uint8Array | null, Uint8Array | null, string | null] | undefined;
    return {
      dependencies: Array.from(fromInt32s(row?.[0] ?? null)),
      known: Array.from(fromInt32s(row?.[1] ?? null)),
      tags: row?.[2] ? row[2].split(' ') : [],
    };
  }

  /** Records a tree vertex's bytes (a name): the tree is built from them without loading contents. */
  saveName(vertexId: number, bytes: Uint8Array): void {
    this.s.insertName.run(vertexId, bytes);
    this.names?.set(vertexId, bytes);
  }

  /** The bytes of a tree vertex (a name; empty for an inode). */
  name(vertexId: number): Uint8Array {
    if (!this.names) this.names = new Map(this.s.names.all() as Array<[number, Uint8Array]>);
    return this.names.get(vertexId) ?? EMPTY;
  }

  /** A vertex's change and index, without its bytes. */
  private readonly contentsLengths = new Map<number, number>();

  /** How many bytes of contents a change's vertices span (from its ranges: its contents stay compressed). */
  contentsLength(changeId: number): number {
    let length = this.contentsLengths.get(changeId);
    if (length === undefined) {
      const [, , count, packed] = this.s.changeVertices.get(changeId) as [string, number, number, Uint8Array];
      length = spanOf(unpackRanges(packed, count));
      this.contentsLengths.set(changeId, length);
    }
    return length;
  }

  vertexOwner(vertexId: number): { changeId: number; index: number } {
    const changeId = this.changeOfVertex(vertexId);
    if (changeId === undefined) return { changeId: 0, index: 0 };
    const [base] = this.rangeOf(changeId);
    return { changeId, index: vertexId - base };
  }

  // ---- channels ----

  channelByName(name: string): ChannelRow | undefined {
    const row = this.s.channelByName.get(name) as (ChannelRow & { members: Uint8Array }) | undefined;
    if (row) row.members = this.rememberMembers(row.id, row.members);
    return row;
  }

  /** The canonical object for a channel's set: the one cached when its bytes are unchanged. */
  rememberMembers(channelId: number, members: Members): Members {
    const cached = this.members.get(channelId);
    if (cached && Buffer.compare(cached, members) === 0) return cached;
    const own = new Uint8Array(members);
    this.members.set(channelId, own);
    return own;
  }

  membersOf(channelId: number): Members {
    return this.rememberMembers(channelId, (this.s.channelMembers.get(channelId) as Uint8Array) ?? EMPTY);
  }

  saveChannel(channel: ChannelRow): void {
    this.s.saveChannel.run(channel.state, channel.nextSeq, channel.head, channel.members, channel.id);
  }

  isApplied(channelId: number, changeId: number): boolean {
    const members = this.membersOf(channelId);
    const byte = changeId >> 3;
    return byte < members.length && ((members[byte] as number) & (1 << (changeId & 7))) !== 0;
  }

  /** Current edges of the channel into `vertexId` (from the vertex's file). */
  incoming(channelId: number, vertexId: number): EdgeRow[] {
    return this.graph.adjacent(this.vertexInode(vertexId), vertexId, this.membersOf(channelId), 'in');
  }

  outgoing(channelId: number, vertexId: number): EdgeRow[] {
    return this.graph.adjacent(this.vertexInode(vertexId), vertexId, this.membersOf(channelId), 'out');
  }

  // ---- vertices ----

  /** The file a vertex belongs to (TREE_INODE_ID for names and inodes, and the root). */
  vertexInode(vertexId: number): number {
    const changeId = this.changeOfVertex(vertexId);
    if (changeId === undefined) return TREE_INODE_ID;
    const index = vertexId - this.rangeOf(changeId)[0];
    const runs = this.runsOf(changeId);
    let inode = TREE_INODE_ID;
    for (let i = 0; i < runs.length && (runs[i] as number) <= index; i += 2) inode = runs[i + 1] as number;
    return inode;
  }

  private readonly runs = new Map<number, Int32Array>();

  private runsOf(changeId: number): Int32Array {
    let runs = this.runs.get(changeId);
    if (!runs) {
      runs = fromInt32s((this.s.changeVertices.get(changeId) as [string, number, number, Uint8Array, Uint8Array])[4]);
      this.runs.set(changeId, runs);
    }
    return runs;
  }

  /** The bytes of vertices `first .. first + count`, in order: a change's data looked up once per run. */
  readonly lineBytes: LineBytes = (first, count, each) => {
    for (let v = first; v < first + count; ) {
      const data = this.vertexDataOf(v);
      if (!data) {
        each(EMPTY, 0, 0);
        v++;
        continue;
      }
      const { base, contents, ranges } = data;
      for (const end = Math.min(first + count, base + data.count); v < end; v++) {
        each(contents, ranges[2 * (v - base)] as number, ranges[2 * (v - base) + 1] as number);
      }
    }
  };

  /** The contents and vertex ranges of the change that created a vertex (none for the root). */
  private vertexDataOf(vertexId: number): VertexData | undefined {
    // Output asks for the lines of a file in order, mostly runs of one change: try the last one first.
    const last = this.lastVertexData;
    if (last && vertexId >= last.base && vertexId < last.base + last.count) return last;
    const changeId = this.changeOfVertex(vertexId);
    if (changeId === undefined) return undefined;
    let data = this.vertexData.get(changeId);
    if (!data) {
      const [hash, base, count, ranges] = this.s.changeVertices.get(changeId) as [
        string,
        number,
        number,
        Uint8Array,
        Uint8Array,
      ];
      const unpacked = unpackRanges(ranges, count);
      // Its length is known now: keeping its output then asks for it without decoding the ranges again.
      const length = spanOf(unpacked);
      this.contentsLengths.set(changeId, length);
      data = { changeId, base, count, contents: this.store.contents(hash, length), ranges: unpacked };
      this.vertexData.set(changeId, data);
    }
    if (vertexId >= data.base + data.count) return undefined;
    this.lastVertexData = data;
    return data;
  }

  /**
   * The change whose vertex ids include `vertexId`, if any. The first lookups of a process read
   * one row through the `vertex_base` index; past a few hundred (an output of a large file) every
   * change's first vertex is loaded once and searched in memory.
   */
  private changeOfVertex(vertexId: number): number | undefined {
    if (vertexId <= ROOT_VERTEX_ID) return undefined;
    if (!this.bases && this.pointLookups < POINT_LOOKUPS_BEFORE_BASES) {
      this.pointLookups++;
      return (this.s.vertexChange.get(vertexId) as number | undefined) ?? undefined;
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
    return starts.length === 0 || (starts[low] as number) > vertexId ? undefined : changes[low];
  }
}
