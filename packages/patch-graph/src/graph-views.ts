import { itemCount, type Linearization, linearize, MARKER_PREFIX_LENGTH, outputOf } from '@lineage/graph-output';
import type { DependencyIndex } from './dependency-index.js';
import { buildFileTree, type FileTree } from './file-tree.js';
import type { GraphStore } from './graph-store.js';
import type { GraphTables } from './graph-tables.js';
import { KEPT_OUTPUT_LINES, packOutput, unpackOutput } from './output-cache.js';
import type { ChannelRow, EdgeRow } from './rows.js';
import { TREE_INODE_ID } from './schema.js';
import type { StateCache } from './state-cache.js';

/** Where outputs of large files outlive the process (see output-cache.ts); null: read-only. */
export interface KeptOutputs {
  cache: StateCache;
  writable: () => boolean;
}

/** Views kept for this many states at most: a bulk load or a test goes through thousands. */
const KEPT_STATES = 8;

interface StateViews {
  files: Map<number, Linearization>;
  tree?: FileTree;
}

/**
 * Outputs of the graph, cached per state and file. A file's output is a function of the set of
 * changes, so channels in one state share them — a preview fork and its channel once the same
 * operation is done on it, a channel before and after a round trip — and a write needs no
 * invalidation: its channel simply reaches another state. Record stores the outputs it knows.
 */
export class GraphViews {
  private readonly states = new Map<string, StateViews>();
  /**
   * Outputs to keep in the pristine, written by `flushKept` (when the repository closes), the
   * newest per channel and file: a process recording a large file again and again writes its
   * output once, not at every record. A process that dies first leaves only a slower next read.
   */
  private readonly unkept = new Map<string, { state: string; inode: number; linearization: Linearization }>();

  constructor(
    private readonly tables: GraphTables,
    private readonly index: DependencyIndex,
    private readonly graph: GraphStore,
    private readonly kept: KeptOutputs,
  ) {}

  /** Drops everything: after a rolled-back transaction (vertex ids may be given out again). */
  clear(): void {
    this.states.clear();
    this.unkept.clear();
  }

  /** Replaces a file's cached output (record knows the new output without linearizing). */
  store(channel: ChannelRow, inode: number, linearization: Linearization): void {
    this.of(channel).files.set(inode, linearization);
    this.keep(channel, inode, linearization);
  }

  private keep(channel: ChannelRow, inode: number, linearization: Linearization): void {
    if (!this.kept.writable() || linearization.conflicts.length > 0 || itemCount(linearization) < KEPT_OUTPUT_LINES)
      return;
    this.unkept.set(`${channel.id}:${inode}`, { state: channel.state, inode, linearization });
  }

  /** Writes the outputs to keep whose states are still kept (in the caller's transaction). */
  flushKept(): void {
    const kept = this.kept.cache.keptStates();
    const written = new Set<string>();
    for (const { state, inode, linearization } of this.unkept.values()) {
      const key = `output:${inode}`;
      if (!kept.has(state) || written.has(`${key} ${state}`)) continue;
      written.add(`${key} ${state}`);
      const packed = packOutput(linearization, (vertex) => {
        const { changeId } = this.tables.vertexOwner(vertex);
        return { changeId, contentsLength: this.tables.contentsLength(changeId) };
      });
      if (packed) this.kept.cache.putBytes(key, state, packed);
    }
    this.unkept.clear();
  }

  private of(channel: ChannelRow): StateViews {
    let views = this.states.get(channel.state);
    if (views) {
      // Most recently used last: the oldest state goes first.
      this.states.delete(channel.state);
    } else {
      views = { files: new Map() };
      if (this.states.size >= KEPT_STATES) this.states.delete(this.states.keys().next().value as string);
    }
    this.states.set(channel.state, views);
    return views;
  }

  file(channel: ChannelRow, inode: number): Linearization {
    const { files } = this.of(channel);
    let cached = files.get(inode);
    const kept = cached ? undefined : this.kept.cache.getBytes(`output:${inode}`, channel.state);
    if (kept) {
      cached = unpackOutput(kept, this.tables.lineBytes);
      files.set(inode, cached);
    }
    if (!cached) {
      const contested = this.tree(channel).contested.get(inode);
      cached = linearize({
        inode,
        ...(contested ? { contested } : {}),
        edges: this.graph.current(inode, channel.members),
        vertex: (id) => this.tables.vertexOwner(id),
        lineBytes: this.tables.lineBytes,
        hashOf: (changeId) => this.tables.hashOf(changeId),
        knows: (a, b) => this.index.knows(a, b),
      });
      files.set(inode, cached);
      this.keep(channel, inode, cached);
    }
    return cached;
  }

  /** The file's output with its bytes, cached with it. */
  fileWithOutput(channel: ChannelRow, inode: number): Required<Linearization> {
    const file = this.file(channel, inode);
    file.output ??= outputOf(file.items);
    return file as Required<Linearization>;
  }

  tree(channel: ChannelRow): FileTree {
    const views = this.of(channel);
    let tree = views.tree;
    if (!tree) {
      const flat = this.graph.current(TREE_INODE_ID, channel.members);
      const edges: EdgeRow[] = [];
      for (let e = 0; e < flat.length; e += 4) {
        edges.push({
          from: flat[e] as number,
          to: flat[e + 1] as number,
          flag: flat[e + 2] as number,
          introducedBy: flat[e + 3] as number,
        });
      }
      // Names come from their own table, owners from vertex ids: no change contents are read.
      const owners = new Map<number, { changeId: number; index: number }>();
      const owner = (id: number) => {
        let found = owners.get(id);
        if (!found) {
          found = this.tables.vertexOwner(id);
          owners.set(id, found);
        }
        return found;
      };
      tree = buildFileTree({
        edges,
        nameBytes: (id) => this.tables.name(id),
        key: (id) => `${this.tables.hashOf(owner(id).changeId)}:${owner(id).index}`,
        hashPrefix: (id) => this.tables.hashOf(owner(id).changeId).slice(0, MARKER_PREFIX_LENGTH),
        knows: (a, b) => this.index.knows(a, b),
        hasAliveContent: (inode) => this.graph.hasAliveContent(inode, channel.members),
      });
      views.tree = tree;
    }
    return tree;
  }
}
