import { LineageError, quoteInput } from '@lineage/errors';
import { EdgeFlag } from '@lineage/graph-output';
import { type Change, type ChangeName, ROOT, rangeCount, SELF, type VertexRef } from './change.js';
import type { ChannelLog } from './channel-log.js';
import type { DependencyIndex } from './dependency-index.js';
import { emptyColumns, withRoom } from './edge-codec.js';
import { decodeName } from './file-tree.js';
import { type GraphStore, type NewEdges, SUPERSEDES_ONLY } from './graph-store.js';
import type { GraphTables } from './graph-tables.js';
import { hasMember, type Members, withMember } from './membership.js';
import type { ChannelRow } from './rows.js';
import { ROOT_VERTEX_ID, TREE_INODE_ID } from './schema.js';
import { addChange, decodeAccumulator, encodeAccumulator, removeChange, stateHash } from './state-hash.js';
import { holdsTag } from './tag-holding.js';

export type { ChannelRow } from './rows.js';

/** Files (inode vertex ids, or TREE_INODE_ID for the tree) whose graph a change touched. */
export type TouchedInodes = Set<number>;

/** What applying and unrecording work on: the pristine's tables, shared graph and logs. */
export interface GraphContext {
  tables: GraphTables;
  index: DependencyIndex;
  graph: GraphStore;
  log: ChannelLog;
}

/**
 * Applies `change` (hash `hash`) to a channel, inside the caller's transaction. Returns the
 * inodes it touched, or null when the change was already applied (applying twice is a no-op).
 *
 * A change the repository has never seen is added to the shared graph first (its vertices and
 * edges, checked against the channel); one it knows — applied to another channel — only has
 * to find what it refers to in this channel. Either way the channel gains a log entry and a
 * member: no edge is copied.
 */
export function applyChange(
  context: GraphContext,
  channel: ChannelRow,
  hash: string,
  change: Change,
): TouchedInodes | null {
  const { tables } = context;
  const existing = tables.idOf(hash);
  if (existing !== undefined && hasMember(channel.members, existing)) return null;
  const missing = change.dependencies.filter((dep) => {
    if (dep.type === 'tag') return !holdsTag(context, channel, dep.hash, context.index.tags);
    const id = tables.idOf(dep.hash);
    return id === undefined || !hasMember(channel.members, id);
  });
  if (missing.length > 0) {
    const tags = missing.filter((dep) => dep.type === 'tag');
    throw new LineageError(
      'MISSING_DEPENDENCIES',
      `change ${hash} needs ${missing.length} change(s) or tag(s) that channel ${channel.name} does not have: ${missing.map((dep) => (dep.type === 'tag' ? `tag ${dep.name ?? dep.hash}` : dep.hash)).join(', ')}`,
      {
        hint:
          tags.length > 0
            ? "apply the tags' changes first (dependencyClosure resolves a tag into its changes); a tag this repository lacks comes with a pull of the change"
            : 'apply the missing changes first (dependencyClosure computes them from a change store)',
        details: { change: hash, channel: channel.name, missing: missing.map((dep) => dep.hash) },
      },
    );
  }
  const known = existing !== undefined ? tables.graphInfo(existing) : undefined;
  const changeId = known ? (existing as number) : addToGraph(context, channel, hash, change, existing);
  const info = known ?? tables.graphInfo(changeId);
  if (!info) throw new Error(`internal: change ${hash} has no graph`);
  for (const ref of info.refs) {
    if (ref !== changeId && !hasMember(channel.members, ref)) {
      throw contextMissing(hash, channel, `vertices or edges of ${tables.hashOf(ref)}`);
    }
  }
  const state = addChange(decodeAccumulator(channel.state), hash);
  const entry = context.log.add(channel.head, changeId, channel.nextSeq, encodeAccumulator(state), stateHash(state));
  moveHead(context, channel, entry, withMember(channel.members, changeId, true), state, channel.nextSeq + 1);
  return new Set(info.inodes);
}

/**
 * Removes a change from a channel: the channel's log loses its entry (later entries are
 * copied without it) and its set loses the change, so the edges it introduced leave the
 * channel's graph and those it superseded come back. The shared graph is left as it is.
 * Refuses when a change of the channel depends on it.
 */
export function unrecordChange(context: GraphContext, channel: ChannelRow, hash: string): TouchedInodes | null {
  const { tables, log } = context;
  const changeId = tables.idOf(hash);
  if (changeId === undefined || !hasMember(channel.members, changeId)) return null;
  // A change depending on a tag depends on every change the tag covers.
  const dependents = [hash, ...context.index.tags.containing(hash)]
    .flatMap((target) => tables.dependents(target))
    .filter((id) => hasMember(channel.members, id));
  if (dependents.length > 0) {
    const hashes = dependents.map((id) => tables.hashOf(id));
    throw new LineageError(
      'CHANGE_HAS_DEPENDENTS',
      `cannot unrecord ${hash} from ${channel.name}: ${hashes.length} change(s) depend on it: ${hashes.join(', ')}`,
      {
        // A refusal, not conflicts left in files: exit 1, never the "resolve conflicts" code 4.
        hint: 'unrecord the dependents first (newest first), or all of them together',
        details: { change: hash, channel: channel.name, dependents: hashes },
      },
    );
  }
  // Walk back from the newest entry to the change's, then re-link the later ones without it.
  const later: number[] = [];
  let at = channel.head;
  for (;;) {
    if (at === null) throw new Error(`internal: ${hash} is in ${channel.name} but not in its log`);
    const entry = log.entry(at);
    if (entry.changeId === changeId) {
      at = entry.previous;
      break;
    }
    later.push(entry.id);
    at = entry.previous;
  }
  let head = at;
  for (const id of later.reverse()) {
    const entry = log.entry(id);
    const state = removeChange(decodeAccumulator(entry.accumulator), hash);
    head = log.add(head, entry.changeId, entry.seq, encodeAccumulator(state), stateHash(state));
  }
  const state = removeChange(decodeAccumulator(channel.state), hash);
  moveHead(context, channel, head, withMember(channel.members, changeId, false), state, channel.nextSeq);
  return new Set(tables.graphInfo(changeId)?.inodes ?? []);
}

/** Points the channel at a new newest entry, with its set and state (the row and the object). */
function moveHead(
  { tables, log }: GraphContext,
  channel: ChannelRow,
  head: number | null,
  members: Members,
  state: bigint,
  nextSeq: number,
): void {
  log.retain(head);
  log.release(channel.head);
  channel.head = head;
  channel.members = tables.rememberMembers(channel.id, members);
  channel.state = encodeAccumulator(state);
  channel.nextSeq = nextSeq;
  tables.saveChannel(channel);
}

/** Edges of one change in one file, before they join the file's list. */
class EdgeBuffer implements NewEdges {
  columns = emptyColumns(16);
  count = 0;
  private readonly seen = new Set<string>();

  add(from: number, to: number, flag: number, replaces: number): void {
    // An edge is one row however often the change states it; a second edge it supersedes to
    // make the same edge gets a marker row, so that both supersessions count.
    const key = `${from},${to},${flag}`;
    if (this.seen.has(key)) {
      if (replaces >= 0) this.push(from, to, flag | SUPERSEDES_ONLY, replaces);
      return;
    }
    this.seen.add(key);
    this.push(from, to, flag, replaces);
  }

  push(from: number, to: number, flag: number, replaces: number): void {
    // Typed columns: a new large file's quarter million edges are not arrays of numbers to collect.
    const columns = withRoom(this.columns, this.count, this.count + 1);
    columns.from[this.count] = from;
    columns.to[this.count] = to;
    columns.flag[this.count] = flag;
    columns.replaces[this.count] = replaces;
    this.columns = columns;
    this.count++;
  }
}

/**
 * Adds a change the repository has not seen to the shared graph: a row, its vertices (ids
 * `vertex_base + index`) and its edges, each file's appended to that file's list. What it
 * refers to is checked against `channel`; a received change naming an unsafe file is refused.
 */
export function addToGraph(
  context: GraphContext,
  channel: ChannelRow,
  hash: string,
  change: Change,
  storedId: number | undefined,
): number {
  const { tables, index, graph } = context;
  const changeId = storedId ?? tables.insertChangeRow(hash, change);
  const idsOf = (hashes: string[]) =>
    hashes.map((name) => tables.idOf(name)).filter((id): id is number => id !== undefined);
  const dependencies = idsOf(change.dependencies.filter((dep) => dep.type === 'change').map((dep) => dep.hash));
  const tags = change.dependencies.filter((dep) => dep.type === 'tag').map((dep) => dep.hash);
  const known = idsOf(change.known);
  index.add(changeId, dependencies, known, tags);

  const vertexCount = change.operations.reduce((n, op) => n + (op.type === 'vertices' ? rangeCount(op) : 0), 0);
  const base = vertexCount > 0 ? tables.allocateVertices(vertexCount) : 0;
  const allowed = new Set<ChangeName>([SELF, ROOT, ...change.dependencies.map((d) => d.hash), ...change.known]);
  const refs = new Set<number>();
  const resolve = (ref: VertexRef): number => {
    const [name, at] = ref;
    if (name === ROOT) return ROOT_VERTEX_ID;
    if (!allowed.has(name)) throw contextMissing(hash, channel, `vertex ${name}:${at}, from a change it does not list`);
    if (name === SELF) {
      if (at >= vertexCount) throw contextMissing(hash, channel, `vertex ${name}:${at}`);
      return base + at;
    }
    const owner = tables.idOf(name);
    const id = owner === undefined ? undefined : tables.vertexId(owner, at);
    if (owner === undefined || id === undefined) throw contextMissing(hash, channel, `vertex ${name}:${at}`);
    refs.add(owner);
    return id;
  };
  const inodeOf = (ref: VertexRef): number => (ref[0] === ROOT ? TREE_INODE_ID : resolve(ref));
  const buffers = new Map<number, EdgeBuffer>();
  const buffer = (inode: number) => {
    let found = buffers.get(inode);
    if (!found) {
      found = new EdgeBuffer();
      buffers.set(inode, found);
    }
    return found;
  };
  // Vertices first (names are checked before anything else is looked at), with their files.
  const runs: number[] = [];
  const ranges = new Uint32Array(2 * vertexCount);
  let next = 0;
  for (const op of change.operations) {
    if (op.type !== 'vertices' || rangeCount(op) === 0) continue;
    const inode = op.inode[0] === ROOT ? TREE_INODE_ID : op.inode[0] === SELF ? base + op.inode[1] : undefined;
    ranges.set(op.ranges, 2 * next);
    for (let i = 0; inode === TREE_INODE_ID && i < rangeCount(op); i++) {
      const start = op.ranges[2 * i] as number;
      const end = op.ranges[2 * i + 1] as number;
      if (end === start) continue;
      const bytes = change.contents.subarray(start, end);
      // A received change is untrusted: a name that could escape the repository is refused
      // here, inside the transaction, so nothing of the change is applied.
      if (decodeName(bytes) === null) {
        throw new LineageError(
          'CHANGE_UNSAFE_PATH',
          `change ${hash} adds the file name ${quoteInput(new TextDecoder().decode(bytes.subarray(1)))}`,
          {
            hint: 'a name may not be empty, ".", "..", or contain "/", "\\" or NUL; do not apply changes from this source',
            details: { change: hash },
          },
        );
      }
      tables.saveName(base + next + i, bytes);
    }
    runs.push(next, inode ?? inodeOf(op.inode));
    next += rangeCount(op);
  }
  const touched = new Set<number>();
  next = 0;
  for (const op of change.operations) {
    const inode = inodeOf(op.inode);
    touched.add(inode);
    const edges = buffer(inode);
    if (op.type === 'vertices') {
      const first = base + next;
      const last = first + rangeCount(op) - 1;
      next += rangeCount(op);
      if (rangeCount(op) === 0) continue;
      for (const up of op.up) edges.add(resolve(up), first, op.flag, -1);
      // Consecutive new vertices: these edges cannot repeat, and a large file has a lot of them.
      for (let v = first + 1; v <= last; v++) edges.push(v - 1, v, op.flag | EdgeFlag.BLOCK, -1);
      for (const down of op.down) edges.add(last, resolve(down), op.flag, -1);
      continue;
    }
    for (const edge of op.edges) {
      const from = resolve(edge.from);
      const to = resolve(edge.to);
      let replaces = -1;
      if (edge.previous) {
        const previousBy = edge.previous.introducedBy === ROOT ? 0 : tables.idOf(edge.previous.introducedBy);
        replaces =
          previousBy === undefined || !hasMember(channel.members, previousBy)
            ? -1
            : graph.edges(inode).find(from, to, edge.previous.flag, previousBy);
        if (replaces < 0) throw contextMissing(hash, channel, 'an edge it updates');
        refs.add(previousBy as number);
      }
      edges.add(from, to, edge.flag, replaces);
    }
  }
  for (const [inode, edges] of buffers) graph.append(inode, changeId, edges);
  refs.delete(changeId);
  tables.saveGraphInfo(changeId, {
    base,
    count: vertexCount,
    runs,
    inodes: [...touched],
    refs: [...refs],
    ranges,
    dependencies,
    known,
    tags,
  });
  return changeId;
}

function contextMissing(hash: string, channel: ChannelRow, what: string): LineageError {
  return new LineageError(
    'CHANGE_CONTEXT_MISSING',
    `change ${hash} refers to ${what} that channel ${channel.name} does not have`,
    {
      hint: 'the change is malformed or its dependency list is incomplete; do not apply it',
      details: { change: hash, channel: channel.name },
    },
  );
}
