import { EdgeFlag } from '@lineage/graph-output';
import type { SqliteDatabase } from '@lineage/sqlite-store';
import { COLUMN_KEYS, decodeEdges, type EdgeColumns, emptyColumns, encodeEdges, withRoom } from './edge-codec.js';
import { hasMember, type Members } from './membership.js';
import type { EdgeRow, Statement } from './rows.js';

/**
 * Stored only, never in a change: an edge row that exists to supersede one more edge. An edge
 * is one row however many edges its change superseded to make it (two deletions of one line
 * meet in one DELETED edge), and each row supersedes one: the others get a marker row.
 */
export const SUPERSEDES_ONLY = 32;

/** Edges to live lines of a file introduced by `by` and superseded by exactly `replacers`. */
export type LivenessGroup = [by: number, replacers: number[]];

/** A file's edges are stored in parts; past this many, the newer parts are merged. */
const MAX_PARTS = 16;

/** The edges one change adds to one file, before they join the file's list (`by` is set when they join). */
export interface NewEdges {
  columns: EdgeColumns;
  count: number;
}

/**
 * Every edge any change ever introduced, per file (inode; 0 is the file tree), shared by all
 * channels: a change's edges are the same whichever channel applies it, so they are stored
 * once, when the repository first sees the change. A channel's graph is the part its changes
 * make: an edge is in the channel when its introducer is, and current when no change of the
 * channel supersedes it. Fork, unrecord and applying a known change never touch it.
 *
 * A file's edges form one list, appended to and never reordered, so an edge names the edge it
 * supersedes by index. The list is stored as parts (see edge-codec.ts): the edges a write
 * transaction added to a file are one part, written when it commits (`flush`), and parts are
 * merged as they accumulate. A process decodes a file once and keeps it.
 */
export class GraphStore {
  private readonly files = new Map<number, FileEdgeList>();
  private liveness: Map<number, LivenessGroup[]> | null = null;
  /** Per file, the index of its first edge not written yet. */
  private readonly pending = new Map<number, number>();
  private readonly s;

  constructor(private readonly db: SqliteDatabase) {
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      parts: p('SELECT start, edges FROM graph_parts WHERE inode = ? ORDER BY start').raw(),
      insertPart: p('INSERT INTO graph_parts (inode, start, count, edges) VALUES (?, ?, ?, ?)'),
      partStarts: p('SELECT start, count FROM graph_parts WHERE inode = ? ORDER BY start').raw(),
      deletePartsFrom: p('DELETE FROM graph_parts WHERE inode = ? AND start >= ?'),
      deleteAll: p('DELETE FROM graph_parts'),
      deleteLiveness: p('DELETE FROM file_liveness'),
      putLiveness: p('INSERT OR REPLACE INTO file_liveness (inode, groups) VALUES (?, ?)'),
      dropLiveness: p('DELETE FROM file_liveness WHERE inode = ?'),
      liveness: p('SELECT inode, groups FROM file_liveness').raw(),
      inodes: p('SELECT DISTINCT inode FROM graph_parts ORDER BY inode').pluck(),
    };
  }

  /** The file's whole edge list (every channel's), decoded once per process. */
  edges(inode: number): FileEdgeList {
    let list = this.files.get(inode);
    if (!list) {
      list = new FileEdgeList();
      for (const [start, blob] of this.s.parts.all(inode) as Array<[number, Uint8Array]>) {
        if (start !== list.count) throw new Error(`internal: the stored edges of file ${inode} have a gap at ${start}`);
        const { columns, count } = decodeEdges(blob, start);
        list.append(columns, count);
      }
      this.files.set(inode, list);
    }
    return list;
  }

  /** Every file with edges (0, the tree, included). */
  inodes(): number[] {
    const stored = this.s.inodes.all() as number[];
    return [...new Set([...stored, ...this.pending.keys()])].sort((a, b) => a - b);
  }

  /** Appends one change's edges to a file's list; they are written by the next `flush`. */
  append(inode: number, by: number, added: NewEdges): void {
    const { columns, count } = added;
    if (count === 0) return;
    const list = this.edges(inode);
    if (!this.pending.has(inode)) this.pending.set(inode, list.count);
    columns.by.fill(by, 0, count);
    list.append(columns, count);
  }

  /** Writes what `append` added, one part per file, inside the caller's transaction. */
  flush(): void {
    for (const [inode, first] of this.pending) {
      const list = this.edges(inode);
      this.s.insertPart.run(
        inode,
        first,
        list.count - first,
        encodeEdges(list.columns, first, list.count - first, first),
      );
      this.mergeParts(inode, list);
      // Its liveness groups are computed again when asked (only deleted files are asked).
      this.s.dropLiveness.run(inode);
      this.liveness?.delete(inode);
    }
    this.pending.clear();
  }

  /** Forgets everything decoded and pending: after a rolled-back transaction. */
  reset(): void {
    this.files.clear();
    this.pending.clear();
    this.liveness = null;
  }

  /** Drops every edge (the graph is rebuilt from the changes: see rebuildGraph). */
  clear(): void {
    this.s.deleteAll.run();
    this.s.deleteLiveness.run();
    this.reset();
  }

  /**
   * Merges the newer parts into one once there are many, and everything when they have grown
   * to a quarter of the first: a long-edited large file keeps one big part, rewritten rarely.
   */
  private mergeParts(inode: number, list: FileEdgeList): void {
    const parts = this.s.partStarts.all(inode) as Array<[number, number]>;
    if (parts.length <= MAX_PARTS) return;
    const firstCount = parts[0]?.[1] ?? 0;
    const from = list.count - firstCount < firstCount / 4 ? (parts[1]?.[0] as number) : 0;
    this.s.deletePartsFrom.run(inode, from);
    this.s.insertPart.run(inode, from, list.count - from, encodeEdges(list.columns, from, list.count - from, from));
  }

  /** Current edges of a file in a channel, flat quadruples `from, to, flag, introducedBy`. */
  current(inode: number, members: Members): Int32Array {
    const list = this.edges(inode);
    const live = list.currentMask(members);
    let n = 0;
    for (let e = 0; e < list.count; e++) n += live[e] as number;
    const quads = new Int32Array(4 * n);
    const { from, to, flag, by } = list.columns;
    let at = 0;
    for (let e = 0; e < list.count; e++) {
      if (!live[e]) continue;
      quads[at++] = from[e] as number;
      quads[at++] = to[e] as number;
      quads[at++] = flag[e] as number;
      quads[at++] = by[e] as number;
    }
    return quads;
  }

  /**
   * Whether a file has a current edge to a line that is not deleted — asked of every deleted
   * file when a tree is built (a deleted file edited concurrently comes back), so answered from
   * each file's liveness groups (see FileEdgeList.livenessGroups), without decoding its edges.
   */
  hasAliveContent(inode: number, members: Members): boolean {
    if (!this.liveness) {
      this.liveness = new Map();
      for (const [id, groups] of this.s.liveness.all() as Array<[number, string]>) {
        this.liveness.set(id, JSON.parse(groups) as LivenessGroup[]);
      }
    }
    let groups = this.liveness.get(inode);
    if (!groups) {
      groups = this.edges(inode).livenessGroups();
      this.liveness.set(inode, groups);
      if (!this.db.readonly) this.s.putLiveness.run(inode, JSON.stringify(groups));
    }
    return groups.some(([by, replacers]) => hasMember(members, by) && !replacers.some((r) => hasMember(members, r)));
  }

  /** Current edges of the channel into / out of `vertex` (a vertex of `inode`'s file). */
  adjacent(inode: number, vertex: number, members: Members, direction: 'in' | 'out'): EdgeRow[] {
    const list = this.edges(inode);
    const { from, to, flag, by } = list.columns;
    const rows: EdgeRow[] = [];
    for (const e of list.touching(vertex, direction)) {
      if (list.isCurrent(e, members)) {
        rows.push({
          from: from[e] as number,
          to: to[e] as number,
          flag: flag[e] as number,
          introducedBy: by[e] as number,
        });
      }
    }
    return rows;
  }
}

/**
 * After this many vertex lookups in a file, an index by vertex is built instead of scanning. A
 * scan is a pass over typed arrays (a quarter of a millisecond for a 250,000-line file); the
 * index is two maps of every edge (tens of milliseconds for it): a one-line record asks a dozen
 * questions, a bulk apply thousands.
 */
const SCANS_BEFORE_INDEX = 64;

/** One file's edge list in memory: growable columns, and what is derived from them on demand. */
export class FileEdgeList {
  count = 0;
  columns: EdgeColumns = emptyColumns(16);
  private scans = 0;
  private byVertex: { in: Map<number, number[]>; out: Map<number, number[]> } | null = null;
  private supersessors: Map<number, number[]> | null = null;
  private masks = new WeakMap<Members, Uint8Array>();

  /** Appends the first `count` edges of `added`. */
  append(added: EdgeColumns, count: number): void {
    this.columns = withRoom(this.columns, this.count, this.count + count);
    for (const key of COLUMN_KEYS) this.columns[key].set(added[key].subarray(0, count), this.count);
    for (let e = this.count; e < this.count + count && this.supersessors; e++) {
      const replaced = this.columns.replaces[e] as number;
      if (replaced < 0) continue;
      const list = this.supersessors.get(replaced);
      if (list) list.push(e);
      else this.supersessors.set(replaced, [e]);
    }
    // An index by vertex, once built, grows with the list (a bulk load looks up after each change).
    for (let e = this.count; e < this.count + count && this.byVertex; e++) {
      push(this.byVertex.in, this.columns.to[e] as number, e);
      push(this.byVertex.out, this.columns.from[e] as number, e);
    }
    this.count += count;
    this.masks = new WeakMap();
  }

  /**
   * Which edges are current in a channel (1) or not (0): introduced by one of its changes and
   * superseded by none of them. Cached per set object: a channel's set is replaced, never
   * edited, when it changes (see GraphTables.rememberMembers).
   */
  currentMask(members: Members): Uint8Array {
    let mask = this.masks.get(members);
    if (mask) return mask;
    const { by, flag, replaces } = this.columns;
    mask = new Uint8Array(this.count);
    for (let e = 0; e < this.count; e++) if (hasMember(members, by[e] as number)) mask[e] = 1;
    const superseded = new Uint8Array(this.count);
    for (let e = 0; e < this.count; e++) {
      const replaced = replaces[e] as number;
      if (replaced >= 0 && mask[e]) superseded[replaced] = 1;
    }
    for (let e = 0; e < this.count; e++) {
      if (superseded[e] || ((flag[e] as number) & SUPERSEDES_ONLY) !== 0) mask[e] = 0;
    }
    this.masks.set(members, mask);
    return mask;
  }

  /**
   * Indices of the edges into (or out of) `vertex`: a scan for the first few questions (a
   * one-line record asks two), an index by vertex after that.
   */
  touching(vertex: number, direction: 'in' | 'out'): Iterable<number> {
    const key = direction === 'in' ? this.columns.to : this.columns.from;
    if (!this.byVertex && this.scans < SCANS_BEFORE_INDEX) {
      this.scans++;
      const found: number[] = [];
      for (let e = 0; e < this.count; e++) if (key[e] === vertex) found.push(e);
      return found;
    }
    if (!this.byVertex) {
      const index = { in: new Map<number, number[]>(), out: new Map<number, number[]>() };
      for (let e = 0; e < this.count; e++) {
        push(index.in, this.columns.to[e] as number, e);
        push(index.out, this.columns.from[e] as number, e);
      }
      this.byVertex = index;
    }
    return this.byVertex[direction].get(vertex) ?? [];
  }

  /** Whether one edge is current in a channel: in its set, not a marker, superseded by none of it. */
  isCurrent(e: number, members: Members): boolean {
    if (
      !hasMember(members, this.columns.by[e] as number) ||
      ((this.columns.flag[e] as number) & SUPERSEDES_ONLY) !== 0
    ) {
      return false;
    }
    if (!this.supersessors) {
      this.supersessors = new Map();
      for (let f = 0; f < this.count; f++) {
        const replaced = this.columns.replaces[f] as number;
        if (replaced < 0) continue;
        const list = this.supersessors.get(replaced);
        if (list) list.push(f);
        else this.supersessors.set(replaced, [f]);
      }
    }
    return !(this.supersessors.get(e) ?? []).some((f) => hasMember(members, this.columns.by[f] as number));
  }

  /** The index of edge `from → to` with `flag` introduced by `by` (not a marker), or -1. */
  find(from: number, to: number, flag: number, by: number): number {
    const { columns } = this;
    for (const e of this.touching(to, 'in')) {
      if (columns.from[e] === from && columns.flag[e] === flag && columns.by[e] === by) return e;
    }
    return -1;
  }

  /**
   * The file's edges to lines that are not deleted, grouped by introducer and by the changes
   * that supersede them: a channel has such a current edge exactly when it holds a group's
   * introducer and none of its supersessors. A few groups per change that touched the file.
   */
  livenessGroups(): LivenessGroup[] {
    const { flag, by, replaces } = this.columns;
    const replacers = new Map<number, number[]>();
    for (let f = 0; f < this.count; f++) {
      const replaced = replaces[f] as number;
      if (replaced < 0) continue;
      const list = replacers.get(replaced);
      if (list) list.push(by[f] as number);
      else replacers.set(replaced, [by[f] as number]);
    }
    const groups = new Map<string, LivenessGroup>();
    for (let e = 0; e < this.count; e++) {
      // A pseudo edge orders lines; it makes none alive.
      if (((flag[e] as number) & (EdgeFlag.DELETED | EdgeFlag.PSEUDO | SUPERSEDES_ONLY)) !== 0) continue;
      const those = [...new Set(replacers.get(e) ?? [])].sort((a, b) => a - b);
      const key = `${by[e]}:${those.join(',')}`;
      if (!groups.has(key)) groups.set(key, [by[e] as number, those]);
    }
    return [...groups.values()];
  }

  /** For each edge, how many edges of the channel supersede it (for graph snapshots). */
  supersededCounts(members: Members): Int32Array {
    const counts = new Int32Array(this.count);
    for (let e = 0; e < this.count; e++) {
      const replaced = this.columns.replaces[e] as number;
      if (replaced >= 0 && hasMember(members, this.columns.by[e] as number)) (counts[replaced] as number)++;
    }
    return counts;
  }
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
