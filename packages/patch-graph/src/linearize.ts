import type { FileGraph, GraphConflict, Linearization, LineItem, MarkerItem, OutputItem } from './output-items.js';
import { CompactGraph, classify, shownSuccessorLists, successorsOf, totalOrder } from './shown-graph.js';
import { stronglyConnectedComponents } from './strongly-connected.js';

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
    writer.writeLines(total, g.ids);
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
      Array.from(successorsOf(successors, i), (j) => g.ids[j] as number),
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

  /** Writes the lines of `ids[order[0]], ids[order[1]], …`. */
  writeLines(order: Int32Array, ids: number[]): void {
    for (const local of order) this.line(ids[local] as number);
  }

  private line(vertex: number): void {
    const item = this.graph.line(vertex);
    if (this.zombies.size > 0) item.zombie = this.zombies.has(vertex);
    this.items.push(item);
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
    const items = this.items;
    // Nothing to wrap and no marker to precede: the usual conflict-free file.
    if (this.zombies.size === 0 && this.conflicts.length === 0) return items;
    const result: OutputItem[] = [];
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
      if (item.kind === 'line' && !item.endsWithNewline && result[i + 1]?.kind === 'marker') {
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
