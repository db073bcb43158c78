import { isDeleted, isPseudo } from './edge-flags.js';
import type { FileGraph, GraphConflict } from './output-items.js';

// The first half of output: which vertices are shown, and their order when it is total.

/**
 * The file's edges over dense local indices (typed arrays, adjacency in CSR form): a
 * 100,000-line file is 100,000 vertices, and maps of arrays per vertex cost more than the work.
 */
export class CompactGraph {
  /** The vertex id of each local index. */
  readonly ids: Int32Array;
  readonly n: number;
  readonly inode: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly flag: Int32Array;
  readonly by: Int32Array;
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;
  readonly inStart: Int32Array;
  readonly inEdges: Int32Array;

  constructor(graph: FileGraph) {
    const quads = graph.edges;
    const count = quads.length / 4;
    this.from = new Int32Array(count);
    this.to = new Int32Array(count);
    this.flag = new Int32Array(count);
    this.by = new Int32Array(count);
    // At most the inode and both ends of every edge.
    const ids = new Int32Array(2 * count + 1);
    const { index, count: indexed } = localIndexer(graph.inode, quads, ids);
    this.inode = index(graph.inode);
    for (let e = 0; e < count; e++) {
      this.from[e] = index(quads[4 * e] as number);
      this.to[e] = index(quads[4 * e + 1] as number);
      this.flag[e] = quads[4 * e + 2] as number;
      this.by[e] = quads[4 * e + 3] as number;
    }
    this.n = indexed();
    this.ids = ids.subarray(0, this.n);
    [this.outStart, this.outEdges] = csr(this.n, this.from);
    [this.inStart, this.inEdges] = csr(this.n, this.to);
  }
}

/**
 * Numbers vertex ids densely in order of first appearance, writing each new one into `ids`.
 * A file's vertex ids usually span a range not much wider than their count (rows of the
 * changes that wrote it), so a flat table over that range replaces a hash map.
 */
function localIndexer(
  inode: number,
  quads: Int32Array,
  ids: Int32Array,
): { index: (id: number) => number; count: () => number } {
  let low = inode;
  let high = inode;
  for (let i = 0; i < quads.length; i++) {
    if (i % 4 > 1) continue;
    const id = quads[i] as number;
    if (id < low) low = id;
    if (id > high) high = id;
  }
  let n = 0;
  const count = () => n;
  const assign = (id: number): number => {
    ids[n] = id;
    return n++;
  };
  if (high - low < 8 * quads.length + 1024) {
    const table = new Int32Array(high - low + 1).fill(-1);
    const index = (id: number): number => {
      let local = table[id - low] as number;
      if (local < 0) {
        local = assign(id);
        table[id - low] = local;
      }
      return local;
    };
    return { index, count };
  }
  const map = new Map<number, number>();
  const index = (id: number): number => {
    let local = map.get(id);
    if (local === undefined) {
      local = assign(id);
      map.set(id, local);
    }
    return local;
  };
  return { index, count };
}

/** Edge indices grouped by `key[edge]`: `list[start[v] .. start[v + 1])` are v's edges. */
function csr(n: number, key: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1);
  for (const v of key) (start[v + 1] as number)++;
  for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, n);
  const list = new Int32Array(key.length);
  key.forEach((v, e) => {
    list[(fill[v] as number)++] = e;
  });
  return [start, list];
}

/**
 * Which vertices are shown: alive ones (an alive edge points at them), deleted ones that lead
 * to a line their deleters did not know about, and lines of a file whose deletion is contested.
 * Zombies (either of the first two with a deletion and an edge that did not know each other)
 * are recorded as conflicts.
 */
export function classify(
  g: CompactGraph,
  graph: FileGraph,
  conflicts: GraphConflict[],
  zombies: Set<number>,
): Uint8Array {
  const shown = new Uint8Array(g.n);
  const concurrent = (d: number, e: number) => !graph.knows(d, e) && !graph.knows(e, d);
  for (let v = 0; v < g.n; v++) {
    if (v === g.inode) continue;
    // Fast path, nearly every line: alive edges in, none deleted — shown, nothing to check.
    let aliveCount = 0;
    let deletedCount = 0;
    for (let k = g.inStart[v] as number; k < (g.inStart[v + 1] as number); k++) {
      const flag = g.flag[g.inEdges[k] as number] as number;
      // Deleted and pseudo edges (those order lines, and make none alive or deleted) take the slow path.
      if (isDeleted(flag) || isPseudo(flag)) deletedCount++;
      else aliveCount++;
    }
    if (deletedCount === 0) {
      if (aliveCount > 0) shown[v] = 1;
      continue;
    }
    const alive: number[] = [];
    const deleted: number[] = [];
    for (let k = g.inStart[v] as number; k < (g.inStart[v + 1] as number); k++) {
      const e = g.inEdges[k] as number;
      const flag = g.flag[e] as number;
      if (isPseudo(flag)) continue;
      (isDeleted(flag) ? deleted : alive).push(g.by[e] as number);
    }
    if (alive.length > 0) {
      shown[v] = 1;
      if (deleted.length > 0 && deleted.some((d) => alive.some((a) => concurrent(d, a)))) {
        zombies.add(g.ids[v] as number);
        conflicts.push({ kind: 'zombie', changes: unique([...deleted, ...alive]) });
      }
      continue;
    }
    if (deleted.length === 0) continue;
    // Deleted with the file by a change that did not know the file was moved: shown as the file
    // is (the name conflict is the tree's to report), until a record settles it.
    if (graph.contested && deleted.every((d) => graph.contested?.has(d))) {
      shown[v] = 1;
      continue;
    }
    const keepers: number[] = [];
    for (let k = g.outStart[v] as number; k < (g.outStart[v + 1] as number); k++) {
      const e = g.outEdges[k] as number;
      const by = g.by[e] as number;
      const flag = g.flag[e] as number;
      if (!isDeleted(flag) && !isPseudo(flag) && deleted.every((d) => concurrent(d, by))) keepers.push(by);
    }
    if (keepers.length > 0) {
      shown[v] = 1;
      zombies.add(g.ids[v] as number);
      conflicts.push({ kind: 'zombie', changes: unique([...deleted, ...keepers]) });
    }
  }
  return shown;
}

/** Successor lists in CSR form: `list[start[v] .. start[v + 1])` are v's successors. */
export interface SuccessorLists {
  start: Int32Array;
  list: Int32Array;
}

export const successorsOf = (lists: SuccessorLists, v: number): Int32Array =>
  lists.list.subarray(lists.start[v] as number, lists.start[v + 1] as number);

/** For each shown vertex (and the inode), its nearest shown successors, through hidden ones. */
export function shownSuccessorLists(g: CompactGraph, shown: Uint8Array): SuccessorLists {
  const start = new Int32Array(g.n + 1);
  // A typed array grown by doubling, not an array of numbers: a large file's list is megabytes,
  // which as an array would be allocated among long-lived objects and bring on full collections.
  let list = new Int32Array(g.n + 16);
  let length = 0;
  const push = (v: number) => {
    if (length === list.length) {
      const grown = new Int32Array(2 * list.length);
      grown.set(list);
      list = grown;
    }
    list[length++] = v;
  };
  const stamp = new Int32Array(g.n).fill(-1);
  const stack: number[] = [];
  for (let source = 0; source < g.n; source++) {
    start[source] = length;
    if (!shown[source] && source !== g.inode) continue;
    for (let k = g.outStart[source] as number; k < (g.outStart[source + 1] as number); k++) {
      const next = g.to[g.outEdges[k] as number] as number;
      if (shown[next]) push(next);
      else if (next !== g.inode && stamp[next] !== source) {
        // Only a deleted neighbour needs a search; `stamp` is its visited set.
        stamp[next] = source;
        stack.push(next);
      }
    }
    while (stack.length > 0) {
      const hidden = stack.pop() as number;
      for (let k = g.outStart[hidden] as number; k < (g.outStart[hidden + 1] as number); k++) {
        const next = g.to[g.outEdges[k] as number] as number;
        if (stamp[next] === source || next === g.inode) continue;
        stamp[next] = source;
        if (shown[next]) push(next);
        else stack.push(next);
      }
    }
  }
  start[g.n] = length;
  return { start, list: list.subarray(0, length) };
}

/**
 * The order of the shown vertices when it is total — Kahn's algorithm with never more than
 * one vertex ready (a DAG has a single topological order exactly when it is a total order) —
 * or null when there is an order conflict or a cycle.
 */
export function totalOrder(g: CompactGraph, shown: Uint8Array, successors: SuccessorLists): Int32Array | null {
  const { start, list } = successors;
  const inDegree = new Int32Array(g.n);
  for (const t of list) (inDegree[t] as number)++;
  let shownCount = 0;
  for (let v = 0; v < g.n; v++) {
    if (!shown[v]) continue;
    shownCount++;
    if (inDegree[v] === 0) return null;
  }
  const order = new Int32Array(shownCount);
  let length = 0;
  let current = g.inode;
  for (;;) {
    let ready = -1;
    for (let k = start[current] as number; k < (start[current + 1] as number); k++) {
      const target = list[k] as number;
      if (--(inDegree[target] as number) === 0) {
        if (ready !== -1) return null;
        ready = target;
      }
    }
    if (ready === -1) break;
    order[length++] = ready;
    current = ready;
  }
  return length === shownCount ? order : null;
}

const unique = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
