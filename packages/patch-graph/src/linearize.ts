import { isDeleted } from './edge-flags.js';
import { stronglyConnectedComponents } from './strongly-connected.js';

/** A line of output: a vertex's bytes. */
export interface LineItem {
  kind: 'line';
  vertex: number;
  bytes: Uint8Array;
  /** Shown although deleted (or deleted by a change that did not know it was kept): a zombie. */
  zombie: boolean;
  /** The vertex has no final newline but a marker follows: one is added on output. */
  displayNewline: boolean;
}

/**
 * A conflict marker the repository wrote. `upAfter`/`downBefore` say where lines a person adds
 * right after / right before this marker go in the graph (record reads them).
 */
export interface MarkerItem {
  kind: 'marker';
  role: 'open' | 'separator' | 'close';
  text: string;
  conflict: number;
  upAfter: number[];
  downBefore: number[];
}

export type OutputItem = LineItem | MarkerItem;

export type ConflictKind = 'order' | 'zombie' | 'cyclic' | 'name';

export interface GraphConflict {
  kind: ConflictKind;
  /** Change ids involved. */
  changes: number[];
}

export interface FileGraph {
  /** The inode vertex: where the file's lines start. */
  inode: number;
  /** Current edges of the file: `[from, to, flag, introducedBy]`. */
  edges: ReadonlyArray<readonly [number, number, number, number]>;
  vertex(id: number): { changeId: number; index: number; bytes: Uint8Array };
  hashOf(changeId: number): string;
  knows(a: number, b: number): boolean;
  /** Deleters whose deletion of this file is contested (it was moved concurrently): their deleted lines show as zombies. */
  contested?: ReadonlySet<number>;
}

export interface FileOutput {
  bytes: Uint8Array;
  offsets: Int32Array;
}

export interface Linearization {
  items: OutputItem[];
  conflicts: GraphConflict[];
  /** The output bytes and where each item starts in them (`offsets[items.length]` is the end), on first use. */
  output?: FileOutput;
}

export const MARKER_PREFIX_LENGTH = 10;

/**
 * Pijul's output: the alive vertices, ordered by the graph (paths through deleted vertices
 * count, which is what Pijul's pseudo-edges cache), cycles condensed (Tarjan), then written in
 * topological order. Where the order is not total, the vertices between two "cut" vertices
 * (comparable to every other) form a conflict whose sides are the connected pieces of that
 * region, each written recursively — so nested conflicts come out nested.
 */
export function linearize(graph: FileGraph): Linearization {
  const g = new CompactGraph(graph);
  const conflicts: GraphConflict[] = [];
  const zombies = new Set<number>();
  const shown = classify(g, graph, conflicts, zombies);
  const successors = shownSuccessorLists(g, shown);
  const writer = new ItemWriter(graph, conflicts, zombies);
  const total = totalOrder(g, shown, successors);
  if (total) {
    // The usual case, no order conflict: write the lines in their only possible order.
    writer.writeLines(total.map((i) => g.ids[i] as number));
    return { items: writer.finish(), conflicts };
  }
  // Conflicts: the general (slower) path works on vertex ids.
  const shownIds = new Set<number>();
  const dag = new Map<number, number[]>();
  for (let i = 0; i < g.n; i++) {
    if (!shown[i] && i !== g.inode) continue;
    if (i !== g.inode) shownIds.add(g.ids[i] as number);
    dag.set(
      g.ids[i] as number,
      (successors[i] ?? []).map((j) => g.ids[j] as number),
    );
  }
  const order = stronglyConnectedComponents([graph.inode, ...shownIds], dag);
  const componentOf = new Map<number, number>();
  order.forEach((members, i) => {
    for (const member of members) componentOf.set(member, i);
  });
  const condensed = order.map((members) => {
    const targets = new Set<number>();
    for (const member of members) {
      for (const next of dag.get(member) ?? []) {
        const target = componentOf.get(next) as number;
        if (target !== componentOf.get(member)) targets.add(target);
      }
    }
    return [...targets];
  });
  // Component 0 holds the inode (nothing reaches it); the file is everything after it.
  const body = order.map((_, i) => i).filter((i) => !order[i]?.includes(graph.inode));
  writer.writeSet(body, condensed, order, [graph.inode], []);
  return { items: writer.finish(), conflicts };
}

/**
 * The file's edges over dense local indices (typed arrays, adjacency in CSR form): a
 * 100,000-line file is 100,000 vertices, and maps of arrays per vertex cost more than the work.
 */
class CompactGraph {
  readonly ids: number[] = [];
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
    const local = new Map<number, number>();
    const index = (id: number) => {
      let i = local.get(id);
      if (i === undefined) {
        i = this.ids.length;
        this.ids.push(id);
        local.set(id, i);
      }
      return i;
    };
    this.inode = index(graph.inode);
    const count = graph.edges.length;
    this.from = new Int32Array(count);
    this.to = new Int32Array(count);
    this.flag = new Int32Array(count);
    this.by = new Int32Array(count);
    graph.edges.forEach(([from, to, flag, by], e) => {
      this.from[e] = index(from);
      this.to[e] = index(to);
      this.flag[e] = flag;
      this.by[e] = by;
    });
    this.n = this.ids.length;
    [this.outStart, this.outEdges] = csr(this.n, this.from);
    [this.inStart, this.inEdges] = csr(this.n, this.to);
  }
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
 * Which vertices are shown: alive ones (an alive edge points at them), and deleted ones that
 * lead to a line their deleters did not know about. Zombies (either case with a deletion and
 * an edge that did not know each other) are recorded as conflicts.
 */
function classify(g: CompactGraph, graph: FileGraph, conflicts: GraphConflict[], zombies: Set<number>): Uint8Array {
  const shown = new Uint8Array(g.n);
  const concurrent = (d: number, e: number) => !graph.knows(d, e) && !graph.knows(e, d);
  for (let v = 0; v < g.n; v++) {
    if (v === g.inode) continue;
    const alive: number[] = [];
    const deleted: number[] = [];
    for (let k = g.inStart[v] as number; k < (g.inStart[v + 1] as number); k++) {
      const e = g.inEdges[k] as number;
      (isDeleted(g.flag[e] as number) ? deleted : alive).push(g.by[e] as number);
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
    if (graph.contested && deleted.every((d) => graph.contested?.has(d))) {
      shown[v] = 1;
      zombies.add(g.ids[v] as number);
      conflicts.push({ kind: 'zombie', changes: unique(deleted) });
      continue;
    }
    const keepers: number[] = [];
    for (let k = g.outStart[v] as number; k < (g.outStart[v + 1] as number); k++) {
      const e = g.outEdges[k] as number;
      const by = g.by[e] as number;
      if (!isDeleted(g.flag[e] as number) && deleted.every((d) => concurrent(d, by))) keepers.push(by);
    }
    if (keepers.length > 0) {
      shown[v] = 1;
      zombies.add(g.ids[v] as number);
      conflicts.push({ kind: 'zombie', changes: unique([...deleted, ...keepers]) });
    }
  }
  return shown;
}

/** For each shown vertex (and the inode), its nearest shown successors, through hidden ones. */
function shownSuccessorLists(g: CompactGraph, shown: Uint8Array): number[][] {
  const lists: number[][] = [];
  const stamp = new Int32Array(g.n).fill(-1);
  const stack: number[] = [];
  for (let source = 0; source < g.n; source++) {
    if (!shown[source] && source !== g.inode) continue;
    const targets: number[] = [];
    for (let k = g.outStart[source] as number; k < (g.outStart[source + 1] as number); k++) {
      const next = g.to[g.outEdges[k] as number] as number;
      if (shown[next]) targets.push(next);
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
        if (shown[next]) targets.push(next);
        else stack.push(next);
      }
    }
    lists[source] = targets;
  }
  return lists;
}

/**
 * The order of the shown vertices when it is total — Kahn's algorithm with never more than
 * one vertex ready (a DAG has a single topological order exactly when it is a total order) —
 * or null when there is an order conflict or a cycle.
 */
function totalOrder(g: CompactGraph, shown: Uint8Array, successors: number[][]): number[] | null {
  const inDegree = new Int32Array(g.n);
  for (const targets of successors) if (targets) for (const t of targets) (inDegree[t] as number)++;
  let shownCount = 0;
  for (let v = 0; v < g.n; v++) {
    if (!shown[v]) continue;
    shownCount++;
    if (inDegree[v] === 0) return null;
  }
  const order: number[] = [];
  let current = g.inode;
  for (;;) {
    let ready = -1;
    for (const target of successors[current] ?? []) {
      if (--(inDegree[target] as number) === 0) {
        if (ready !== -1) return null;
        ready = target;
      }
    }
    if (ready === -1) break;
    order.push(ready);
    current = ready;
  }
  return order.length === shownCount ? order : null;
}

class ItemWriter {
  private readonly items: OutputItem[] = [];
  private readonly keys = new Map<number, string>();

  constructor(
    private readonly graph: FileGraph,
    private readonly conflicts: GraphConflict[],
    private readonly zombies: Set<number>,
  ) {}

  /**
   * Writes a set of condensed nodes (listed in topological order). A node is a cut when no
   * edge — counting virtual edges from a source before the set and to a sink after it — jumps
   * over its position; the nodes between consecutive cuts are a conflict.
   */
  writeSet(nodes: number[], allSuccessors: number[][], members: number[][], before: number[], after: number[]): void {
    const position = new Map<number, number>(nodes.map((node, i) => [node, i]));
    const successors = reducedSuccessors(nodes, allSuccessors, position);
    const hasPredecessor = new Set<number>();
    for (const node of nodes) for (const next of successors[node] ?? []) hasPredecessor.add(next);
    let reach = -1;
    for (const node of nodes) if (!hasPredecessor.has(node)) reach = Math.max(reach, position.get(node) as number);
    let sinkSeen = false;
    const isCut: boolean[] = [];
    nodes.forEach((node, i) => {
      isCut.push(reach <= i && !sinkSeen);
      let isSink = true;
      for (const next of successors[node] ?? []) {
        const target = position.get(next);
        if (target === undefined) continue;
        isSink = false;
        reach = Math.max(reach, target);
      }
      if (isSink) sinkSeen = true;
    });
    let region: number[] = [];
    let previousEnd = before;
    const flush = (nextStart: number[]) => {
      if (region.length === 0) return;
      let sides = components(region, successors);
      if (sides.length === 1 && region.length === nodes.length) sides = region.map((node) => [node]);
      const minKey = (side: number[]) =>
        side.flatMap((node) => (members[node] as number[]).map((v) => this.key(v))).sort(compare)[0] as string;
      const keyed = sides.map((side) => [minKey(side), side] as const).sort((a, b) => compare(a[0], b[0]));
      this.writeConflict(
        keyed.map(([, side]) => side),
        successors,
        members,
        previousEnd,
        nextStart,
      );
      region = [];
    };
    nodes.forEach((node, i) => {
      if (!isCut[i]) {
        region.push(node);
        return;
      }
      const vertices = members[node] as number[];
      flush(vertices);
      this.writeNode(vertices, previousEnd, after);
      previousEnd = vertices;
    });
    flush(after);
  }

  private writeConflict(
    sides: number[][],
    successors: number[][],
    members: number[][],
    before: number[],
    after: number[],
  ): void {
    const conflict = this.conflicts.length;
    const vertices = sides.flat().flatMap((node) => members[node] as number[]);
    this.conflicts.push({ kind: 'order', changes: unique(vertices.map((v) => this.graph.vertex(v).changeId)) });
    const sideItems: OutputItem[][] = [];
    for (const side of sides) {
      const start = this.items.length;
      this.writeSet(side, successors, members, before, after);
      sideItems.push(this.items.splice(start));
    }
    const firsts = sideItems.map((items) => firstVertex(items)).filter((v): v is number => v !== undefined);
    const lasts = sideItems.map((items) => lastVertex(items)).filter((v): v is number => v !== undefined);
    sideItems.forEach((items, i) => {
      const name = this.sideName(items);
      if (i === 0) this.marker('open', `<<<<<<< ${name}`, conflict, before, firsts);
      else this.marker('separator', `======= ${name}`, conflict, before, after);
      this.items.push(...items);
    });
    this.marker('close', '>>>>>>> end of conflict', conflict, lasts, after);
  }

  /** A cycle: each vertex its own side, in a fixed order. */
  private writeNode(vertices: number[], before: number[], after: number[]): void {
    if (vertices.length === 1) {
      this.line(vertices[0] as number);
      return;
    }
    const conflict = this.conflicts.length;
    this.conflicts.push({ kind: 'cyclic', changes: unique(vertices.map((v) => this.graph.vertex(v).changeId)) });
    const sorted = [...vertices].sort((a, b) => compare(this.key(a), this.key(b)));
    sorted.forEach((vertex, i) => {
      const name = this.prefix(vertex);
      if (i === 0) this.marker('open', `<<<<<<< ${name} (cycle)`, conflict, before, sorted);
      else this.marker('separator', `======= ${name}`, conflict, before, after);
      this.line(vertex);
    });
    this.marker('close', '>>>>>>> end of conflict', conflict, sorted, after);
  }

  writeLines(vertices: number[]): void {
    for (const vertex of vertices) this.line(vertex);
  }

  private line(vertex: number): void {
    const { bytes } = this.graph.vertex(vertex);
    this.items.push({ kind: 'line', vertex, bytes, zombie: this.zombies.has(vertex), displayNewline: false });
  }

  private marker(role: MarkerItem['role'], text: string, conflict: number, upAfter: number[], downBefore: number[]) {
    this.items.push({ kind: 'marker', role, text: `${text}\n`, conflict, upAfter, downBefore });
  }

  private sideName(items: OutputItem[]): string {
    const first = firstVertex(items);
    return first === undefined ? '(empty)' : this.prefix(first);
  }

  private prefix(vertex: number): string {
    return this.graph.hashOf(this.graph.vertex(vertex).changeId).slice(0, MARKER_PREFIX_LENGTH);
  }

  key(vertex: number): string {
    let key = this.keys.get(vertex);
    if (key === undefined) {
      const { changeId, index } = this.graph.vertex(vertex);
      key = `${this.graph.hashOf(changeId)}:${index.toString().padStart(10, '0')}`;
      this.keys.set(vertex, key);
    }
    return key;
  }

  /** Wraps runs of zombie lines in markers, and adds a newline where a marker follows a last line. */
  finish(): OutputItem[] {
    const result: OutputItem[] = [];
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as OutputItem;
      if (item.kind !== 'line' || !item.zombie) {
        result.push(item);
        continue;
      }
      let end = i;
      while (
        end + 1 < items.length &&
        (items[end + 1] as OutputItem).kind === 'line' &&
        (items[end + 1] as LineItem).zombie
      )
        end++;
      const run = items.slice(i, end + 1) as LineItem[];
      const conflict = -1;
      const name = this.prefix(run[0]?.vertex as number);
      result.push(
        marker('open', `<<<<<<< zombie ${name}`, conflict, upOf(result[result.length - 1], this.graph.inode), [
          run[0]?.vertex as number,
        ]),
      );
      result.push(...run);
      result.push(
        marker(
          'close',
          '>>>>>>> end of zombie',
          conflict,
          [run[run.length - 1]?.vertex as number],
          downOf(items[end + 1]),
        ),
      );
      i = end;
    }
    for (let i = 0; i + 1 < result.length; i++) {
      const item = result[i] as OutputItem;
      if (item.kind === 'line' && item.bytes[item.bytes.length - 1] !== 0x0a && result[i + 1]?.kind === 'marker') {
        item.displayNewline = true;
      }
    }
    return result;
  }
}

function marker(
  role: MarkerItem['role'],
  text: string,
  conflict: number,
  upAfter: number[],
  downBefore: number[],
): MarkerItem {
  return { kind: 'marker', role, text: `${text}\n`, conflict, upAfter, downBefore };
}

export const upOf = (item: OutputItem | undefined, inode?: number): number[] =>
  item === undefined ? (inode === undefined ? [] : [inode]) : item.kind === 'line' ? [item.vertex] : item.upAfter;
export const downOf = (item: OutputItem | undefined): number[] =>
  item === undefined ? [] : item.kind === 'line' ? [item.vertex] : item.downBefore;

const firstVertex = (items: OutputItem[]): number | undefined =>
  (items.find((item) => item.kind === 'line') as LineItem | undefined)?.vertex;
const lastVertex = (items: OutputItem[]): number | undefined =>
  (items.findLast((item) => item.kind === 'line') as LineItem | undefined)?.vertex;

/**
 * The set's edges without the transitive ones (an edge `u → w` is dropped when another
 * successor of `u` reaches `w`). Solving an order conflict adds an edge between two sides,
 * which makes their old context edges transitive; without this reduction a vertex comparable
 * to every other could look like a conflict side. Searches stay within positions before `w`.
 */
function reducedSuccessors(nodes: number[], successors: number[][], position: Map<number, number>): number[][] {
  const reduced: number[][] = [];
  for (const node of nodes) {
    const inSet = (successors[node] ?? []).filter((next) => position.has(next));
    if (inSet.length < 2) {
      reduced[node] = inSet;
      continue;
    }
    reduced[node] = inSet.filter((target) => {
      const limit = position.get(target) as number;
      const stack = inSet.filter((other) => other !== target && (position.get(other) as number) < limit);
      const seen = new Set<number>();
      while (stack.length > 0) {
        const current = stack.pop() as number;
        if (current === target) return false;
        if (seen.has(current)) continue;
        seen.add(current);
        for (const next of successors[current] ?? []) {
          const at = position.get(next);
          if (at !== undefined && at <= limit) stack.push(next);
        }
      }
      return true;
    });
  }
  return reduced;
}

/** Weakly connected pieces of a region, each listed in the region's (topological) order. */
function components(region: number[], successors: number[][]): number[][] {
  const parent = new Map<number, number>(region.map((node) => [node, node]));
  const find = (node: number): number => {
    let root = node;
    while (parent.get(root) !== root) root = parent.get(root) as number;
    parent.set(node, root);
    return root;
  };
  for (const node of region) {
    for (const next of successors[node] ?? []) if (parent.has(next)) parent.set(find(next), find(node));
  }
  const groups = new Map<number, number[]>();
  for (const node of region) {
    const root = find(node);
    const group = groups.get(root) ?? [];
    group.push(node);
    groups.set(root, group);
  }
  return [...groups.values()];
}

const unique = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
