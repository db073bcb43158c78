import type { ChannelRow, TouchedInodes } from './apply.js';
import type { DependencyIndex } from './dependency-index.js';
import { buildFileTree, type FileTree } from './file-tree.js';
import type { GraphStore } from './graph-store.js';
import type { EdgeRow, GraphTables } from './graph-tables.js';
import { type Linearization, linearize, MARKER_PREFIX_LENGTH } from './linearize.js';
import { outputOf } from './record-file.js';
import { TREE_INODE_ID } from './schema.js';

/**
 * Outputs of a channel's graph, cached per file: a record or an output linearizes only the
 * files whose graph changed since (apply and unrecord report the inodes they touched).
 */
export class GraphViews {
  private readonly files = new Map<string, Linearization>();
  private readonly trees = new Map<number, FileTree>();
  private readonly contested = new Map<number, Map<number, Set<number>>>();

  constructor(
    private readonly tables: GraphTables,
    private readonly index: DependencyIndex,
    private readonly graph: GraphStore,
  ) {}

  invalidate(channelId: number, touched: TouchedInodes | null): void {
    if (!touched) return;
    for (const inode of touched) {
      if (inode === TREE_INODE_ID) this.trees.delete(channelId);
      else this.files.delete(`${channelId}:${inode}`);
    }
  }

  invalidateChannel(channelId: number): void {
    this.trees.delete(channelId);
    for (const key of [...this.files.keys()]) if (key.startsWith(`${channelId}:`)) this.files.delete(key);
  }

  clear(): void {
    this.files.clear();
    this.trees.clear();
  }

  /** Replaces a file's cached output (record knows the new output without linearizing). */
  store(channelId: number, inode: number, linearization: Linearization): void {
    this.files.set(`${channelId}:${inode}`, linearization);
  }

  file(channel: ChannelRow, inode: number): Linearization {
    const key = `${channel.id}:${inode}`;
    let cached = this.files.get(key);
    if (!cached) {
      const contested = this.tree(channel).contested.get(inode);
      cached = linearize({
        inode,
        ...(contested ? { contested } : {}),
        edges: this.graph.current(inode, channel.members),
        vertex: (id) => this.tables.vertex(id),
        line: (id) => this.tables.lineItem(id),
        hashOf: (changeId) => this.tables.hashOf(changeId),
        knows: (a, b) => this.index.knows(a, b),
      });
      this.files.set(key, cached);
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
    let tree = this.trees.get(channel.id);
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
      // A file's output depends on whether its deletion is contested: drop outputs where that changed.
      const before = this.contested.get(channel.id) ?? new Map<number, Set<number>>();
      for (const inode of new Set([...before.keys(), ...tree.contested.keys()])) {
        if (String([...(before.get(inode) ?? [])]) !== String([...(tree.contested.get(inode) ?? [])])) {
          this.files.delete(`${channel.id}:${inode}`);
        }
      }
      this.contested.set(channel.id, tree.contested);
      this.trees.set(channel.id, tree);
    }
    return tree;
  }
}
