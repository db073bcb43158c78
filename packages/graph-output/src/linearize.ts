import {
  type FileGraph,
  type GraphConflict,
  type Linearization,
  LineItem,
  MARKER_PREFIX_LENGTH,
  type MarkerItem,
  type OutputItem,
} from './output-items.js';
import { OutputBuilder, PlainLines } from './plain-lines.js';
import { CompactGraph, classify, shownSuccessorLists, successorsOf, totalOrder } from './shown-graph.js';
import { stronglyConnectedComponents } from './strongly-connected.js';

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
  const total = totalOrder(g, shown, successors);
  if (total && conflicts.length === 0 && zombies.size === 0) {
    // The usual case, no conflict: the lines in their only possible order, as columns.
    const vertices = new Int32Array(total.length);
    for (let i = 0; i < total.length; i++) vertices[i] = g.ids[total[i] as number] as number;
    const output = new OutputBuilder(vertices.length);
    output.addVertices(vertices, graph.lineBytes);
    return new PlainLines(vertices, output.finish());
  }
  const writer = new ItemWriter(graph, conflicts, zombies);
  if (total) {
    // One order, but lines shown although deleted: items, the zombies marked.
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
  writer.writeSet(body, condensed, order);
  return { items: writer.finish(), conflicts };
}

class ItemWriter {
  private readonly items: OutputItem[] = [];
  private readonly keys = new Map<number, string>();
  private groups = 0;

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
  writeSet(nodes: number[], allSuccessors: number[][], members: number[][]): void {
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
    const flush = () => {
      // Two conflicts one after the other (every line of the first before every line of the
      // second, the line between them deleted) stay two conflicts.
      for (const part of consecutiveParts(region, successors)) {
        // A part all of one piece (lines partly ordered, none comparable to every other) has no
        // pieces to separate: its sides are its chains. Whether lines outside it are ordered must
        // not change how it is written (a line added before a conflict would otherwise nest it).
        const sides = components(part, successors);
        if (sides.length === 1) this.writeConflict(chains(part, successors), successors, members, true);
        else this.writeConflict(sides, successors, members, false);
      }
      region = [];
    };
    nodes.forEach((node, i) => {
      if (!isCut[i]) {
        region.push(node);
        return;
      }
      flush();
      this.writeNode(members[node] as number[]);
    });
    flush();
  }

  /**
   * An order conflict. Each side is named after its root change — the one its other changes
   * all know, usually the change that wrote the side — and sides are written in the order of
   * those names. Lines added inside a side later are recorded by changes that know its root,
   * so the markers, and the order of the sides, stay as they were written.
   */
  private writeConflict(sides: number[][], successors: number[][], members: number[][], chained: boolean): void {
    const vertices = sides.flat().flatMap((node) => members[node] as number[]);
    this.conflicts.push({ kind: 'order', changes: unique(vertices.map((v) => this.graph.vertex(v).changeId)) });
    const byName = (a: NamedSide, b: NamedSide) => compare(a.root, b.root) || compare(a.minKey, b.minKey);
    const unordered = sides.map((side): NamedSide => {
      const sideVertices = side.flatMap((node) => members[node] as number[]);
      const root = this.rootChange(sideVertices);
      // Between sides of one root, its own first line decides: lines added to a side do not.
      const rootKeys = sideVertices.map((v) => this.key(v)).filter((key) => key.startsWith(root));
      return { side, root, minKey: rootKeys.sort(compare)[0] as string };
    });
    // Chains of one piece are ordered as the graph orders them (ties by name), so that keeping
    // every side in the order shown never contradicts it; separate pieces by name alone.
    const named = chained ? topologically(unordered, successors, byName) : unordered.sort(byName);
    const group = this.groups++;
    named.forEach(({ side, root }, i) => {
      const name = root.slice(0, MARKER_PREFIX_LENGTH);
      this.marker(i === 0 ? 'open' : 'separator', `${i === 0 ? '<<<<<<<' : '======='} ${name}`, group, 'order');
      this.writeSet(side, successors, members);
    });
    this.marker('close', '>>>>>>> end of conflict', group, 'order');
  }

  /** A single vertex; or a cycle: each vertex its own side, in a fixed order. */
  private writeNode(vertices: number[]): void {
    if (vertices.length === 1) {
      this.line(vertices[0] as number);
      return;
    }
    this.conflicts.push({ kind: 'cyclic', changes: unique(vertices.map((v) => this.graph.vertex(v).changeId)) });
    const sorted = [...vertices].sort((a, b) => compare(this.key(a), this.key(b)));
    const group = this.groups++;
    sorted.forEach((vertex, i) => {
      const name = this.prefix(vertex);
      if (i === 0) this.marker('open', `<<<<<<< ${name} (cycle)`, group, 'cyclic');
      else this.marker('separator', `======= ${name}`, group, 'cyclic');
      this.line(vertex);
    });
    this.marker('close', '>>>>>>> end of conflict', group, 'cyclic');
  }

  /** Writes the lines of `ids[order[0]], ids[order[1]], …`. */
  writeLines(order: Int32Array, ids: Int32Array): void {
    for (const local of order) this.line(ids[local] as number);
  }

  private line(vertex: number): void {
    this.graph.lineBytes(vertex, 1, (source, start, end) => {
      const item = new LineItem(vertex, source, start, end);
      if (this.zombies.has(vertex)) item.zombie = true;
      this.items.push(item);
    });
  }

  private marker(role: MarkerItem['role'], text: string, group: number, conflictKind: MarkerItem['conflictKind']) {
    this.items.push({ kind: 'marker', role, text: `${text}\n`, group, conflictKind });
  }

  /** The hash of the side's root change: one no other change of the side knows; the smallest such hash. */
  private rootChange(vertices: number[]): string {
    const changes = unique(vertices.map((v) => this.graph.vertex(v).changeId));
    const roots = changes.filter((c) => !changes.some((other) => other !== c && this.graph.knows(c, other)));
    return (roots.length > 0 ? roots : changes).map((c) => this.graph.hashOf(c)).sort(compare)[0] as string;
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
      const group = this.groups++;
      const open: MarkerItem = {
        kind: 'marker',
        role: 'open',
        text: `<<<<<<< zombie ${this.prefix(item.vertex)}\n`,
        group,
        conflictKind: 'zombie',
      };
      result.push(open, ...(items.slice(i, end + 1) as LineItem[]));
      result.push({ kind: 'marker', role: 'close', text: '>>>>>>> end of zombie\n', group, conflictKind: 'zombie' });
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

/**
 * A region (in topological order) cut where every node before the cut reaches every node after
 * it; each part is a conflict of its own. Regions are the lines between two comparable ones:
 * small, so reachability is searched per node.
 */
function consecutiveParts(region: number[], successors: number[][]): number[][] {
  if (region.length < 4) return region.length === 0 ? [] : [region];
  const position = new Map(region.map((node, i) => [node, i]));
  const reach = region.map((node) => {
    const seen = new Set<number>();
    const stack = [node];
    while (stack.length > 0) {
      for (const next of successors[stack.pop() as number] ?? []) {
        if (position.has(next) && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  });
  const parts: number[][] = [];
  let start = 0;
  for (let cut = 2; cut <= region.length - 2; cut++) {
    if (cut - start < 2) continue;
    const before = region.slice(start, cut);
    const after = region.slice(cut);
    if (before.every((_, i) => after.every((node) => reach[start + i]?.has(node)))) {
      parts.push(before);
      start = cut;
    }
  }
  parts.push(region.slice(start));
  return parts;
}

interface NamedSide {
  side: number[];
  root: string;
  minKey: string;
}

/** Chains in an order the graph allows (an edge between two chains goes from one's last node to the other's first). */
function topologically(
  sides: NamedSide[],
  successors: number[][],
  byName: (a: NamedSide, b: NamedSide) => number,
): NamedSide[] {
  const sideOf = new Map<number, NamedSide>();
  for (const side of sides) for (const node of side.side) sideOf.set(node, side);
  const after = new Map<NamedSide, Set<NamedSide>>(sides.map((side) => [side, new Set()]));
  const waiting = new Map<NamedSide, number>(sides.map((side) => [side, 0]));
  for (const side of sides) {
    for (const node of side.side) {
      for (const next of successors[node] ?? []) {
        const target = sideOf.get(next);
        if (!target || target === side || after.get(side)?.has(target)) continue;
        after.get(side)?.add(target);
        waiting.set(target, (waiting.get(target) as number) + 1);
      }
    }
  }
  const ordered: NamedSide[] = [];
  const ready = sides.filter((side) => waiting.get(side) === 0);
  while (ready.length > 0) {
    ready.sort(byName);
    const side = ready.shift() as NamedSide;
    ordered.push(side);
    for (const target of after.get(side) ?? []) {
      const left = (waiting.get(target) as number) - 1;
      waiting.set(target, left);
      if (left === 0) ready.push(target);
    }
  }
  return ordered;
}

/**
 * The chains of a region (listed in topological order): runs of nodes where each has exactly one
 * successor in the region and that successor exactly one predecessor. Each is written as a side.
 */
function chains(region: number[], successors: number[][]): number[][] {
  const inRegion = new Set(region);
  const next = new Map<number, number[]>(
    region.map((node) => [node, (successors[node] ?? []).filter((n) => inRegion.has(n))]),
  );
  const predecessors = new Map<number, number>(region.map((node) => [node, 0]));
  for (const targets of next.values())
    for (const target of targets) predecessors.set(target, (predecessors.get(target) ?? 0) + 1);
  const continues = (node: number): number | undefined => {
    const targets = next.get(node) as number[];
    return targets.length === 1 && predecessors.get(targets[0] as number) === 1 ? targets[0] : undefined;
  };
  const inChain = new Set<number>();
  for (const node of region) {
    const following = continues(node);
    if (following !== undefined) inChain.add(following);
  }
  const result: number[][] = [];
  for (const node of region) {
    if (inChain.has(node)) continue;
    const chain = [node];
    for (let following = continues(node); following !== undefined; following = continues(following))
      chain.push(following);
    result.push(chain);
  }
  return result;
}

const unique = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
