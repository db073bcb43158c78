import { LineageError, quoteInput } from '@lineage/errors';
import { type Change, type ChangeName, ROOT, SELF, type VertexRef } from './change.js';
import type { DependencyIndex } from './dependency-index.js';
import { EdgeFlag } from './edge-flags.js';
import { decodeName } from './file-tree.js';
import type { GraphTables } from './graph-tables.js';
import { ROOT_VERTEX_ID, TREE_INODE_ID } from './schema.js';
import { addChange, decodeAccumulator, encodeAccumulator, removeChange, stateHash } from './state-hash.js';
import type { TagResolver } from './tag-resolver.js';

export interface ChannelRow {
  id: number;
  name: string;
  state: string;
  nextSeq: number;
}

/** Files (inode vertex ids, or TREE_INODE_ID for the tree) whose graph a change touched. */
export type TouchedInodes = Set<number>;

/**
 * Applies `change` (hash `hash`) to a channel, inside the caller's transaction. Returns the
 * inodes it touched, or null when the change was already applied (applying twice is a no-op).
 */
export function applyChange(
  tables: GraphTables,
  index: DependencyIndex,
  channel: ChannelRow,
  hash: string,
  change: Change,
): TouchedInodes | null {
  const existing = tables.idOf(hash);
  if (existing !== undefined && tables.isApplied(channel.id, existing)) return null;
  const missing = change.dependencies.filter((dep) => {
    if (dep.type === 'tag') return !holdsTag(tables, channel, dep.hash, index.tags);
    const id = tables.idOf(dep.hash);
    return id === undefined || !tables.isApplied(channel.id, id);
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
  const changeId = existing ?? insertChange(tables, index, hash, change);
  const allowed = new Set<ChangeName>([SELF, ROOT, ...change.dependencies.map((d) => d.hash), ...change.known]);
  const resolve = (ref: VertexRef): number => resolveVertex(tables, channel, changeId, ref, allowed, hash);
  const inodeOf = (ref: VertexRef): number => (ref[0] === ROOT ? TREE_INODE_ID : resolve(ref));
  const touched: TouchedInodes = new Set();
  let nextVertex = 0;
  for (const op of change.operations) {
    const inode = inodeOf(op.inode);
    touched.add(inode);
    if (op.type === 'vertices') {
      const ids = op.ranges.map(() => tables.s.vertexId.get(changeId, nextVertex++) as number);
      const first = ids[0];
      const last = ids[ids.length - 1];
      if (first === undefined || last === undefined) continue;
      for (const up of op.up) tables.s.insertEdge.run(channel.id, resolve(up), first, op.flag, changeId, inode);
      for (let i = 1; i < ids.length; i++) {
        tables.s.insertEdge.run(channel.id, ids[i - 1], ids[i], op.flag | EdgeFlag.BLOCK, changeId, inode);
      }
      for (const down of op.down) tables.s.insertEdge.run(channel.id, last, resolve(down), op.flag, changeId, inode);
    } else {
      for (const edge of op.edges) {
        const from = resolve(edge.from);
        const to = resolve(edge.to);
        if (edge.previous) {
          const previousBy = edge.previous.introducedBy === ROOT ? 0 : requireId(tables, edge.previous.introducedBy);
          const result = tables.s.supersede.run(1, channel.id, from, to, edge.previous.flag, previousBy);
          if (result.changes !== 1) throw contextMissing(hash, channel, 'an edge it updates');
        }
        tables.s.insertEdge.run(channel.id, from, to, edge.flag, changeId, inode);
      }
    }
  }
  const state = addChange(decodeAccumulator(channel.state), hash);
  tables.s.appendLog.run(channel.id, channel.nextSeq, changeId, stateHash(state));
  tables.s.setChannelState.run(encodeAccumulator(state), channel.nextSeq + 1, channel.id);
  channel.state = encodeAccumulator(state);
  channel.nextSeq += 1;
  return touched;
}

/**
 * Removes a change from a channel: its edges are deleted and the edges it superseded are
 * uncovered again. Refuses when a change of the channel depends on it.
 */
export function unrecordChange(
  tables: GraphTables,
  channel: ChannelRow,
  hash: string,
  change: Change,
  tags: TagResolver,
): TouchedInodes | null {
  const changeId = tables.idOf(hash);
  if (changeId === undefined || !tables.isApplied(channel.id, changeId)) return null;
  // A change depending on a tag depends on every change the tag covers.
  const dependents = [hash, ...tags.containing(hash)].flatMap(
    (target) => tables.s.dependentsIn.all(channel.id, target) as string[],
  );
  if (dependents.length > 0) {
    throw new LineageError(
      'CHANGE_HAS_DEPENDENTS',
      `cannot unrecord ${hash} from ${channel.name}: ${dependents.length} change(s) depend on it: ${dependents.join(', ')}`,
      {
        // A refusal, not conflicts left in files: exit 1, never the "resolve conflicts" code 4.
        hint: 'unrecord the dependents first (newest first), or all of them together',
        details: { change: hash, channel: channel.name, dependents },
      },
    );
  }
  const touched: TouchedInodes = new Set();
  for (const row of tables.s.edgesBy.all(channel.id, changeId) as Array<{ inodeId: number }>) touched.add(row.inodeId);
  const allowed = new Set<ChangeName>([SELF, ROOT, ...change.dependencies.map((d) => d.hash), ...change.known]);
  for (const op of change.operations) {
    if (op.type !== 'edges') continue;
    for (const edge of op.edges) {
      if (!edge.previous) continue;
      const from = resolveVertex(tables, channel, changeId, edge.from, allowed, hash);
      const to = resolveVertex(tables, channel, changeId, edge.to, allowed, hash);
      const previousBy = edge.previous.introducedBy === ROOT ? 0 : requireId(tables, edge.previous.introducedBy);
      tables.s.supersede.run(-1, channel.id, from, to, edge.previous.flag, previousBy);
    }
  }
  tables.s.deleteEdgesBy.run(channel.id, changeId);
  tables.s.removeLog.run(channel.id, changeId);
  const state = removeChange(decodeAccumulator(channel.state), hash);
  tables.s.setChannelState.run(encodeAccumulator(state), channel.nextSeq, channel.id);
  channel.state = encodeAccumulator(state);
  return touched;
}

function insertChange(tables: GraphTables, index: DependencyIndex, hash: string, change: Change): number {
  const { header, metadata } = change;
  const changeId = tables.s.insertChange.get(
    hash,
    header.message,
    JSON.stringify(header.authors),
    header.timestamp,
    JSON.stringify(metadata),
  ) as number;
  tables.remember(changeId, hash);
  const dependencyIds: number[] = [];
  const tagDependencies: string[] = [];
  for (const dep of change.dependencies) {
    tables.s.insertLink.run(changeId, dep.hash, 'dependency');
    const id = dep.type === 'change' ? tables.idOf(dep.hash) : undefined;
    if (id !== undefined) dependencyIds.push(id);
    if (dep.type === 'tag') tagDependencies.push(dep.hash);
  }
  const knownIds: number[] = [];
  for (const known of change.known) {
    tables.s.insertLink.run(changeId, known, 'known');
    const id = tables.idOf(known);
    if (id !== undefined) knownIds.push(id);
  }
  index.add(changeId, dependencyIds, knownIds, tagDependencies);
  // Vertices belong to the change, not to a channel: every channel applying it shares them.
  let vertexIndex = 0;
  const ranges: number[] = [];
  for (const op of change.operations) {
    if (op.type !== 'vertices') continue;
    const inode = op.inode[0] === ROOT ? TREE_INODE_ID : undefined;
    for (const [start, end] of op.ranges) {
      const inodeId = inode ?? resolveInodeForInsert(tables, changeId, op.inode);
      const bytes = change.contents.subarray(start, end);
      // A received change is untrusted: a name that could escape the repository is refused
      // here, inside the transaction, so nothing of the change is applied.
      if (inodeId === TREE_INODE_ID && bytes.length > 0 && decodeName(bytes) === null) {
        throw new LineageError(
          'CHANGE_UNSAFE_PATH',
          `change ${hash} adds the file name ${quoteInput(new TextDecoder().decode(bytes.subarray(1)))}`,
          {
            hint: 'a name may not be empty, ".", "..", or contain "/", "\\" or NUL; do not apply changes from this source',
            details: { change: hash },
          },
        );
      }
      tables.s.insertVertex.run(changeId, vertexIndex++, inodeId);
      ranges.push(start, end);
    }
  }
  if (vertexIndex > 0) {
    const base = tables.s.vertexId.get(changeId, 0) as number;
    const packed = new Uint32Array(ranges);
    tables.s.setChangeVertices.run(base, vertexIndex, change.contents, new Uint8Array(packed.buffer), changeId);
    tables.addVertexBase(changeId, base);
  }
  return changeId;
}

/**
 * The log position at which the channel held exactly a set of changes whose state hash is
 * `state` and size `count`, if it still holds all of them. A log entry keeps the state reached
 * (a function of the set), so equal states mean equal sets; entries up to that position still in
 * the log are a subset of that set (unrecord deletes entries, re-applying appends), so as many
 * of them as the set has means none was removed. Two indexed lookups instead of one per change.
 */
export function heldPrefix(tables: GraphTables, channelId: number, state: string, count: number): number | undefined {
  const seq = tables.s.seqWithState.get(channelId, state) as number | null;
  if (seq === null) return undefined;
  return (tables.s.countLogUpTo.get(channelId, seq) as number) === count ? seq : undefined;
}

/**
 * Whether the channel holds every change of a tag. The log usually shows it at once (the tag's
 * state was reached: the tag was made here, or the channel forked from one that made it, or
 * received its changes in the tag's order); otherwise each change is checked, newest first — a
 * channel that lacks a tag usually lacks its latest changes.
 */
export function holdsTag(tables: GraphTables, channel: ChannelRow, tagHash: string, tags: TagResolver): boolean {
  const tag = tags.describe(tagHash);
  if (!tag) return false;
  if (heldPrefix(tables, channel.id, tag.state, tag.count) !== undefined) return true;
  const changes = tags.changes(tagHash);
  for (let i = changes.length - 1; i >= 0; i--) {
    const id = tables.idOf(changes[i] as string);
    if (id === undefined || !tables.isApplied(channel.id, id)) return false;
  }
  return true;
}

/** The inode of a new vertex: a vertex of this change (a file added here) or of another change. */
function resolveInodeForInsert(tables: GraphTables, changeId: number, ref: VertexRef): number {
  const owner = ref[0] === SELF ? changeId : requireId(tables, ref[0]);
  const id = tables.s.vertexId.get(owner, ref[1]) as number | undefined;
  if (id === undefined) throw new LineageError('CHANGE_CONTEXT_MISSING', `inode ${ref.join(':')} does not exist`);
  return id;
}

function resolveVertex(
  tables: GraphTables,
  channel: ChannelRow,
  changeId: number,
  ref: VertexRef,
  allowed: Set<ChangeName>,
  hash: string,
): number {
  const [name, index] = ref;
  if (name === ROOT) return ROOT_VERTEX_ID;
  if (!allowed.has(name))
    throw contextMissing(hash, channel, `vertex ${name}:${index}, from a change it does not list`);
  const owner = name === SELF ? changeId : requireId(tables, name);
  if (owner !== changeId && !tables.isApplied(channel.id, owner)) {
    throw contextMissing(hash, channel, `vertex ${name}:${index}`);
  }
  const id = tables.s.vertexId.get(owner, index) as number | undefined;
  if (id === undefined) throw contextMissing(hash, channel, `vertex ${name}:${index}`);
  return id;
}

function requireId(tables: GraphTables, hash: string): number {
  const id = tables.idOf(hash);
  if (id === undefined) throw new LineageError('CHANGE_CONTEXT_MISSING', `change ${hash} is unknown here`);
  return id;
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
