import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFastHashing } from '@lineage/content-hash';
import { LineageError, NotFoundError, quoteInput } from '@lineage/errors';
import {
  type ConflictKind,
  copyToBuffer,
  itemText,
  MARKER_PREFIX_LENGTH,
  type OutputItem,
} from '@lineage/graph-output';
import { openStore, type SqliteDatabase, type Store, type StoreSchema } from '@lineage/sqlite-store';
import { applyChange, type GraphContext, type TouchedInodes, unrecordChange } from './apply.js';
import { type Change, hashChange } from './change.js';
import { ChangeStore } from './change-store.js';
import { ChannelLog } from './channel-log.js';
import { Channels, EMPTY_STATE_HASH, type LogEntry } from './channels.js';
import { dependencyClosure } from './dependency-closure.js';
import { DependencyIndex } from './dependency-index.js';
import type { EntryKind, FileTree, TreeConflict, TreeEntry } from './file-tree.js';
import { GraphStore, SUPERSEDES_ONLY } from './graph-store.js';
import { GraphTables } from './graph-tables.js';
import { GraphViews } from './graph-views.js';
import { hasMember, memberIds, xorMembers } from './membership.js';
import { GRAPH_FORMAT, graphFormat, rebuildGraph, verifyChannels, verifyCopiedGraph } from './rebuild-graph.js';
import { normalizePath } from './record-tree.js';
import { type RecordInput, type RecordResult, recordChange } from './recorder.js';
import type { ChannelRow } from './rows.js';
import { patchGraphSchema, removeImportedChangeFiles, TREE_INODE_ID } from './schema.js';
import { StateCache } from './state-cache.js';
import { decodeAccumulator, stateHash } from './state-hash.js';
import { holdsPrefix, holdsTag } from './tag-holding.js';
import type { TagResolver } from './tag-resolver.js';

export interface FileEntry {
  path: string;
  kind: EntryKind;
  executable: boolean;
}

export interface Conflict {
  path: string;
  kind: ConflictKind;
  /** Hashes of the changes involved. */
  changes: string[];
  description: string;
}

/** Cached per state: per file with conflicts, its inode and its conflicts' kinds and changes (null: to look at again). */
type FileConflicts = Array<[inode: number, conflicts: Array<[ConflictKind, string[]]> | null]>;
const FILE_CONFLICTS = 'file-conflicts';
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface CreditLine {
  /** 1-based line number in the output (markers included). */
  line: number;
  text: string;
  /** The change that introduced the line; null for a conflict marker. */
  change: string | null;
}

export interface OpenOptions {
  /** The tables of libraries built on the graph (tags), kept in the same file so that their writes share its transactions. */
  schemas?: readonly StoreSchema[];
}

export interface ChangeInfo {
  hash: string;
  message: string;
  authors: string[];
  timestamp: string;
  metadata: Record<string, unknown>;
}

/**
 * A repository: a pristine (SQLite: changes, vertices, channels with their graphs and logs)
 * and a change store, both under one directory. Every write is one SQLite transaction, and a
 * change file is stored before the transaction that refers to it.
 */
export class Repository {
  readonly changes: ChangeStore;
  private readonly tables: GraphTables;
  private readonly index: DependencyIndex;
  private readonly graph: GraphContext;
  private readonly views: GraphViews;
  private readonly channelRows: Channels;
  private readonly cache: StateCache;

  private constructor(
    readonly dir: string,
    private readonly store: Store<unknown>,
  ) {
    this.changes = new ChangeStore(store.raw);
    const graph = new GraphStore(store.raw);
    this.tables = new GraphTables(store.raw, graph, this.changes);
    this.index = new DependencyIndex(this.tables);
    const log = new ChannelLog(store.raw);
    this.graph = { tables: this.tables, index: this.index, graph, log };
    this.cache = new StateCache(store.raw);
    this.views = new GraphViews(this.tables, this.index, graph, {
      cache: this.cache,
      writable: () => !store.raw.readonly,
    });
    this.channelRows = new Channels(this.tables, log);
  }

  /**
   * Opens (creating if needed) the repository stored in `dir` (`pristine.db`). A repository
   * written by an older version is migrated, its graph rebuilt from its changes.
   */
  static async open(dir: string, options: OpenOptions = {}): Promise<Repository> {
    // Before schema 4 the changes were files under changes/: the migration hashes them all.
    const changeFiles = join(dir, 'changes');
    if (existsSync(changeFiles)) await loadFastHashing();
    mkdirSync(dir, { recursive: true });
    const store = await openStore<unknown>(join(dir, 'pristine.db'), [patchGraphSchema, ...(options.schemas ?? [])], {
      incrementalVacuum: true,
    });
    removeImportedChangeFiles(changeFiles);
    const repo = new Repository(dir, store);
    if (graphFormat(repo.graph) < GRAPH_FORMAT) {
      await loadFastHashing();
      repo.write(() => rebuildGraph(repo.graph, (hash) => repo.changes.read(hash)));
    }
    return repo;
  }

  /**
   * A new repository in `dir` holding a copy of the repository in `source`: its changes (as
   * stored, compressed), channels, logs and graph are copied table to table, then checked as if
   * they came from a stranger — every change's bytes against its hash, every name of the tree
   * against the change that wrote it (`verifyCopiedGraph`), and every channel's log against its
   * set and its states. No cache of the source is taken.
   *
   * `deriveGraph`: derive the graph again from the changes instead of taking the source's — every
   * change's format, file names and contexts checked as `apply` checks them (the cost of
   * applying every change). For a source that may have been tampered with below the changes.
   */
  static async copyOf(
    source: string,
    dir: string,
    options: OpenOptions & { deriveGraph?: boolean } = {},
  ): Promise<Repository> {
    await loadFastHashing();
    const repo = await Repository.open(dir, options);
    const raw = repo.store.raw;
    raw.prepare('ATTACH DATABASE ? AS source').run(join(source, 'pristine.db'));
    let deriveGraph = Boolean(options.deriveGraph);
    try {
      // A source pruned by `prune` has graph rows of changes it no longer stores: those rows
      // cannot be checked against their bytes, so its graph is derived again instead.
      const pruned = raw
        .prepare(
          'SELECT 1 FROM source.changes c WHERE NOT EXISTS (SELECT 1 FROM source.change_data d WHERE d.hash = c.hash)',
        )
        .get();
      deriveGraph ||= pruned !== undefined;
      repo.write(() => {
        const graph = deriveGraph
          ? ''
          : `, vertex_base, vertex_count, ranges, vertex_runs, inodes, refs, dependencies, known, tags`;
        raw.exec(`
          INSERT INTO changes (id, hash, message, authors, timestamp, metadata${graph})
            SELECT id, hash, message, authors, timestamp, metadata${graph} FROM source.changes;
          INSERT INTO change_data (hash, body, contents, codec) SELECT hash, body, contents, codec FROM source.change_data;
          INSERT INTO log_entries (id, previous, change_id, seq, count, accumulator, state, refs)
            SELECT id, previous, change_id, seq, count, accumulator, state, 0 FROM source.log_entries;
          INSERT INTO channels (name, state, next_seq, head, members)
            SELECT name, state, next_seq, head, members FROM source.channels WHERE name NOT LIKE '.preview-%';
        `);
        if (deriveGraph) rebuildGraph(repo.graph, (hash) => repo.changes.read(hash));
        else {
          raw.exec(`
            INSERT INTO graph_parts (inode, start, count, edges) SELECT inode, start, count, edges FROM source.graph_parts;
            INSERT INTO names (vertex, bytes) SELECT vertex, bytes FROM source.names;
            INSERT INTO file_liveness (inode, groups) SELECT inode, groups FROM source.file_liveness;
            INSERT INTO dependents (target_id, change_id) SELECT target_id, change_id FROM source.dependents;
            INSERT INTO tag_dependents (tag_hash, change_id) SELECT tag_hash, change_id FROM source.tag_dependents;
            INSERT OR REPLACE INTO pristine_meta (key, value)
              SELECT key, value FROM source.pristine_meta WHERE key = 'graph_format';
          `);
          repo.tables.forgetIds();
          verifyCopiedGraph(repo.graph, repo.changes);
        }
        verifyChannels(repo.graph, repo.channelRows);
      });
    } catch (error) {
      await repo.close();
      throw error;
    } finally {
      if (raw.open) raw.exec('DETACH DATABASE source');
    }
    if (!deriveGraph && graphFormat(repo.graph) < GRAPH_FORMAT) {
      repo.write(() => rebuildGraph(repo.graph, (hash) => repo.changes.read(hash)));
    }
    return repo;
  }

  /** Closes the file, first keeping the outputs of large files this process made (see GraphViews). */
  close(): Promise<void> {
    try {
      if (this.store.raw.open && !this.store.raw.readonly) this.write(() => this.views.flushKept());
    } catch {
      // Kept outputs are a cache: failing to write them (a full disk, a file made read-only)
      // loses a quicker next read, never what was done — that is committed already.
    }
    return this.store.close();
  }

  /** The SQLite connection, for the tables of libraries built on the graph (see `open`). */
  get database(): SqliteDatabase {
    return this.store.raw;
  }

  /** Runs `work` in one transaction (nested: a savepoint); on failure every cache is dropped. */
  transaction<T>(work: () => T): T {
    return this.write(work);
  }

  /**
   * Lets changes depend on tags: apply accepts a tag dependency when the channel holds every
   * change of the tag, `dependencyClosure` resolves a tag into its changes, unrecord refuses to
   * remove a change a tag dependency needs, and conflict detection knows what a tag covers.
   */
  useTags(tags: TagResolver): void {
    this.index.tags = tags;
  }

  /** Whether the channel holds every change of the tag. */
  holdsTag(channel: string, tagHash: string): boolean {
    return holdsTag(this.graph, this.channelRows.get(channel), tagHash, this.index.tags);
  }

  /**
   * Whether the channel's log begins with exactly the changes whose state is `state` (and number
   * `count`): then its later log entries are what it gained since.
   */
  holdsPrefix(channel: string, state: string, count: number): boolean {
    return holdsPrefix(this.graph.log, this.channelRows.get(channel), state, count);
  }

  /** The changes (applied in any channel here) whose dependencies name `hash`: a change or a tag. */
  dependents(hash: string): string[] {
    return this.tables.dependents(hash).map((id) => this.tables.hashOf(id));
  }

  // ---- channels ----

  channels(): string[] {
    return this.channelRows.names();
  }

  hasChannel(name: string): boolean {
    return this.channelRows.find(name) !== undefined;
  }

  createChannel(name: string): void {
    this.write(() => this.channelRows.create(name));
  }

  forkChannel(from: string, to: string): void {
    this.write(() => this.channelRows.fork(from, to));
  }

  /** Forks the state `state` (from any channel's history, or the empty state) as channel `to`. */
  forkAtState(state: string, to: string): void {
    const found = state === EMPTY_STATE_HASH || this.channelRows.findState(state);
    if (!found) {
      throw new NotFoundError('STATE_NOT_FOUND', `no channel's history contains the state ${quoteInput(state)}`, {
        hint: 'print states with the log of a channel; a tag name works once tags exist',
      });
    }
    this.write(() => this.channelRows.forkAtState(state, to));
  }

  /** Deletes a channel; the space only it used goes back to the file system. */
  deleteChannel(name: string): void {
    this.channelRows.get(name);
    this.write(() => this.channelRows.delete(name));
    this.store.reclaim();
  }

  /**
   * Removes from the change store the changes no channel holds and no tag covers — recorded on
   * a channel since deleted, or unrecorded everywhere — and gives their space back to the file
   * system. Their rows and edges stay in the shared graph (no channel shows them; applying the
   * change again, from a pull, brings its bytes back). Never automatic: a deleted channel's
   * changes stay until this is asked for, as git keeps unreachable objects until `git gc`.
   * `dryRun`: only says what would go. `bytes`: the stored (compressed) size of what goes.
   */
  prune(options: { dryRun?: boolean } = {}): { changes: string[]; bytes: number; reclaimed: number } {
    const held = new Set<string>();
    for (const name of this.channelRows.names()) {
      for (const id of memberIds(this.channelRows.get(name).members)) held.add(this.tables.hashOf(id));
    }
    const sizes = this.store.raw
      .prepare('SELECT hash, length(body) + length(contents) FROM change_data')
      .raw()
      .all() as Array<[string, number]>;
    const doomed = sizes.filter(([hash]) => !held.has(hash) && this.index.tags.containing(hash).length === 0);
    const bytes = doomed.reduce((sum, [, size]) => sum + size, 0);
    const changes = doomed.map(([hash]) => hash).sort();
    if (options.dryRun || changes.length === 0) return { changes, bytes, reclaimed: 0 };
    this.write(() => {
      const remove = this.store.raw.prepare('DELETE FROM change_data WHERE hash = ?');
      for (const hash of changes) remove.run(hash);
    });
    return { changes, bytes, reclaimed: this.store.reclaim() };
  }

  renameChannel(from: string, to: string): void {
    this.write(() => this.channelRows.rename(from, to));
  }

  /** The changes of a channel in application order. */
  log(channel: string): LogEntry[] {
    return this.channelRows.log(channel);
  }

  /** How many changes a channel has: its log's length, read from its newest entry. */
  logLength(channel: string): number {
    return this.channelRows.logLength(channel);
  }

  /** The channel's log after its first `count` changes, in time proportional to what follows. */
  logAfter(channel: string, count: number): LogEntry[] {
    return this.channelRows.logAfter(channel, count);
  }

  /** The order-independent state hash of a channel. */
  state(channel: string): string {
    return stateHash(decodeAccumulator(this.channelRows.get(channel).state));
  }

  /** The channel's state as a sum (see `addToStateSum`), to extend with more changes. */
  stateSum(channel: string): string {
    return this.channelRows.get(channel).state;
  }

  /** A channel's log position and name where `state` was reached, if any channel reached it. */
  findState(state: string): { channel: string; seq: number } | undefined {
    return this.channelRows.findState(state);
  }

  // ---- changes ----

  /** Header and metadata of a change this repository has applied somewhere. */
  changeInfo(hash: string): ChangeInfo {
    const id = this.tables.idOf(hash);
    const row = id === undefined ? undefined : (this.tables.s.changeRow.get(id) as Record<string, string>);
    if (!row) throw new NotFoundError('CHANGE_NOT_FOUND', `change ${hash} has not been applied in this repository`);
    return {
      hash,
      message: row.message as string,
      authors: JSON.parse(row.authors as string),
      timestamp: row.timestamp as string,
      metadata: JSON.parse(row.metadata as string),
    };
  }

  /**
   * Applies changes from the change store. Each must have its dependencies in the channel
   * already (or earlier in `hashes`); otherwise MISSING_DEPENDENCIES lists them. Returns the
   * hashes actually applied (already applied ones are skipped: applying twice is a no-op).
   */
  apply(channel: string, hashes: string[]): string[] {
    const changes = hashes.map((hash) => [hash, this.changes.read(hash)] as const);
    return this.applyChanges(channel, changes);
  }

  /** Applies `hashes` and every missing dependency, transitively, from the change store. */
  applyWithDependencies(channel: string, hashes: string[]): string[] {
    return this.apply(channel, this.dependencyClosure(channel, hashes));
  }

  /** The changes to apply, dependencies first, for `hashes` to apply on `channel`. */
  dependencyClosure(channel: string, hashes: string[]): string[] {
    const row = this.channelRows.get(channel);
    const tags = this.index.tags;
    return dependencyClosure(
      this.changes,
      hashes,
      (hash) => {
        const id = this.tables.idOf(hash);
        return id !== undefined && hasMember(row.members, id);
      },
      { tags, holdsTag: (tag) => holdsTag(this.graph, row, tag, tags) },
    );
  }

  /** Applies parsed changes in one transaction (bulk loading, and changes not yet stored). */
  applyChanges(channel: string, changes: ReadonlyArray<readonly [hash: string | null, change: Change]>): string[] {
    const row = this.channelRows.get(channel);
    const applied: string[] = [];
    this.change(row, (touched) => {
      for (const [hash, change] of changes) {
        const name = hash ?? hashChange(change);
        if (this.applyInTransaction(row, name, change, touched)) applied.push(name);
      }
    });
    return applied;
  }

  /**
   * Removes changes from a channel, dependents first; refuses while other changes depend on one.
   * Costs what the changes touched, not the channel's history: the shared graph is left alone.
   */
  unrecord(channel: string, hashes: string[]): void {
    const row = this.channelRows.get(channel);
    const ids = [...new Set(hashes)].map((hash) => {
      const id = this.tables.idOf(hash);
      if (id === undefined || !hasMember(row.members, id)) {
        throw new NotFoundError('CHANGE_NOT_IN_CHANNEL', `change ${hash} is not in channel ${channel}`, {
          hint: 'see the channel log for its changes',
        });
      }
      return id;
    });
    // A dependent's row id is greater than its dependencies': newest first is dependents first.
    ids.sort((a, b) => b - a);
    this.change(row, (touched) => {
      for (const id of ids) {
        const inodes = unrecordChange(this.graph, row, this.tables.hashOf(id));
        for (const inode of inodes ?? []) touched.add(inode);
      }
    });
  }

  /**
   * Records the edits as one change on `channel`: stores the change file, then applies it.
   * Returns null when there is nothing to record.
   */
  record(channel: string, input: RecordInput): RecordResult | null {
    const row = this.channelRows.get(channel);
    const result = recordChange(
      { tables: this.tables, index: this.index, views: this.views },
      row,
      this.views.tree(row),
      input,
    );
    if (!result) return null;
    const hash = this.changes.write(result.change);
    this.change(row, (touched) => {
      this.applyInTransaction(row, hash, result.change, touched);
      result.afterApply(hash);
    });
    return { hash, change: result.change };
  }

  // ---- outputs ----

  files(channel: string): FileEntry[] {
    const tree = this.views.tree(this.channelRows.get(channel));
    return [...tree.entries.values()]
      .map(({ path, kind, executable }) => ({ path, kind, executable }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /** A file's output as bytes, conflict markers included. */
  readFile(channel: string, path: string): Uint8Array {
    // A copy: the cached bytes back the next record, and a caller may write into what it gets.
    return copyToBuffer(this.outputBytes(channel, path));
  }

  /**
   * The bytes `readFile` copies, shared with the repository's cache, for reading only (comparing
   * with the working copy, showing a diff): writing into them would corrupt this process's next
   * record of the file. Saves a copy of every file compared — megabytes for a large one.
   */
  outputBytes(channel: string, path: string): Uint8Array {
    const row = this.channelRows.get(channel);
    return this.views.fileWithOutput(row, this.fileEntry(row, path).inode).output.bytes;
  }

  /** For each output line, the change that introduced it (who wrote this line). */
  credit(channel: string, path: string): CreditLine[] {
    return this.fileItems(channel, path).map((item, i) => ({
      line: i + 1,
      text: itemText(item),
      change: item.kind === 'line' ? this.tables.hashOf(this.tables.vertexOwner(item.vertex).changeId) : null,
    }));
  }

  /**
   * The conflicts of the channel's file tree (name, zombie), without reading any file: each is
   * resolved by recording the tree as shown (a move of the path onto itself keeps the name shown),
   * or by moving or removing the path.
   */
  treeConflicts(channel: string): Conflict[] {
    return this.views.tree(this.channelRows.get(channel)).conflicts.map((c: TreeConflict) => ({
      path: c.path,
      kind: c.kind,
      changes: this.hashes(c.changes),
      description: c.description,
    }));
  }

  /**
   * The paths whose output may differ between two channels: those of the files touched by the
   * changes one holds and the other lacks, plus the paths the file tree moves, adds or removes.
   * Reads no file: what an operation on a channel costs is then what it changes.
   */
  differingPaths(a: string, b: string): string[] {
    const first = this.channelRows.get(a);
    const second = this.channelRows.get(b);
    const inodes = new Set<number>();
    for (const id of memberIds(xorMembers(first.members, second.members))) {
      for (const inode of this.tables.graphInfo(id)?.inodes ?? []) inodes.add(inode);
    }
    const trees = [this.views.tree(first), this.views.tree(second)];
    const paths = new Set<string>();
    if (inodes.has(TREE_INODE_ID)) {
      const [one, other] = trees as [FileTree, FileTree];
      for (const [path, entry] of one.entries) {
        const there = other.entries.get(path);
        if (
          !there ||
          there.inode !== entry.inode ||
          there.kind !== entry.kind ||
          there.executable !== entry.executable
        ) {
          paths.add(path);
        }
      }
      for (const path of other.entries.keys()) if (!one.entries.has(path)) paths.add(path);
      // A move against a deletion shows a file's lines as zombies: its output depends on the tree.
      for (const tree of trees) for (const inode of tree.contested.keys()) inodes.add(inode);
    }
    for (const tree of trees) {
      for (const inode of inodes) {
        const entry = tree.byInode.get(inode);
        if (entry) paths.add(entry.path);
      }
    }
    return [...paths].sort();
  }

  /**
   * Every conflict of the channel: per file (order, zombie, cyclic) and in the tree (name,
   * zombie). Kept per state (see StateCache): a write recomputes only the files it touched.
   */
  conflicts(channel: string): Conflict[] {
    const row = this.channelRows.get(channel);
    const tree = this.views.tree(row);
    const result = this.treeConflicts(channel);
    const byInode = new Map(this.fileConflicts(row, tree));
    for (const entry of tree.entries.values()) {
      for (const [kind, changes] of byInode.get(entry.inode) ?? []) {
        result.push({
          path: entry.path,
          kind,
          changes,
          description: `${kind} conflict in ${entry.path} between ${changes.map((h) => h.slice(0, MARKER_PREFIX_LENGTH)).join(', ')}`,
        });
      }
    }
    return result;
  }

  /**
   * The channel's graph independent of row ids — vertices as `hash:index`, every stored edge
   * with its flag, introducer and superseded count — to compare channels (the laws' "same graph").
   */
  graphSnapshot(channel: string): { vertices: string[]; edges: string[] } {
    const { members } = this.channelRows.get(channel);
    const key = (vertex: number) => {
      const { changeId, index } = this.tables.vertexOwner(vertex);
      return `${this.tables.hashOf(changeId)}:${index}`;
    };
    const vertices: string[] = [];
    for (const id of memberIds(members)) {
      const hash = this.tables.hashOf(id);
      for (let index = 0; this.tables.vertexId(id, index) !== undefined; index++) vertices.push(`${hash}:${index}`);
    }
    const edges: string[] = [];
    for (const inode of this.graph.graph.inodes()) {
      const list = this.graph.graph.edges(inode);
      const superseded = list.supersededCounts(members);
      const { from, to, flag, by } = list.columns;
      for (let e = 0; e < list.count; e++) {
        if (!hasMember(members, by[e] as number) || ((flag[e] as number) & SUPERSEDES_ONLY) !== 0) continue;
        edges.push(
          `${key(from[e] as number)} -> ${key(to[e] as number)} flag=${flag[e]} by=${this.tables.hashOf(by[e] as number)} superseded=${superseded[e]}`,
        );
      }
    }
    return { vertices: vertices.sort(), edges: edges.sort() };
  }

  private hashes(ids: number[]): string[] {
    return ids
      .filter((id) => id !== 0)
      .map((id) => this.tables.hashOf(id))
      .sort();
  }

  private fileItems(channel: string, path: string): OutputItem[] {
    const row = this.channelRows.get(channel);
    return this.views.file(row, this.fileEntry(row, path).inode).items;
  }

  private fileEntry(row: ChannelRow, path: string): TreeEntry {
    const entry = this.views.tree(row).entries.get(normalizePath(path));
    if (!entry || entry.kind === 'dir') {
      throw new NotFoundError('FILE_NOT_FOUND', `${quoteInput(path)} is not a file of channel ${row.name}`, {
        hint: 'list the channel files to see what it tracks',
      });
    }
    return entry;
  }

  private applyInTransaction(channel: ChannelRow, hash: string, change: Change, touched?: Set<number>): boolean {
    // A change given parsed (bulk loading, a clone's copy) is stored with what it is applied to.
    if (!this.changes.has(hash) && this.changes.write(change) !== hash) {
      throw new LineageError('CHANGE_CORRUPT', `change ${hash} does not hash to its name`, {
        hint: 'the change was altered after it was named; do not apply it',
        details: { change: hash },
      });
    }
    const inodes: TouchedInodes | null = applyChange(this.graph, channel, hash, change);
    for (const inode of inodes ?? []) touched?.add(inode);
    return inodes !== null;
  }

  /**
   * A write that changes a channel's set of changes. The conflicts cached for the state it
   * leaves carry over to the new state, recomputed only for the files the write touched.
   */
  private change<T>(row: ChannelRow, work: (touched: Set<number>) => T): T {
    const previous = row.state;
    const touched = new Set<number>();
    const result = this.write(() => work(touched));
    const before = this.cache.get<FileConflicts>(FILE_CONFLICTS, previous);
    if (before && touched.size > 0) {
      // The tree decides which deleted lines show as zombies (a move against a deletion): a
      // write that touched it leaves every file with conflicts to look at again.
      if (touched.has(TREE_INODE_ID)) for (const [inode] of before) touched.add(inode);
      // Touched files are marked, not linearized: the next `conflicts` looks at them.
      const after: FileConflicts = before.filter(([inode]) => !touched.has(inode));
      for (const inode of touched) if (inode !== TREE_INODE_ID) after.push([inode, null]);
      this.cache.put(FILE_CONFLICTS, row.state, after);
    }
    return result;
  }

  /**
   * Per file with conflicts: its inode, and each conflict's kind and changes (hashes). Files a
   * write touched since are looked at now (a null entry); files new to the tree's contested set
   * too. A file that is no longer in the tree is left out when conflicts are listed.
   */
  private fileConflicts(row: ChannelRow, tree: FileTree): Array<[number, Array<[ConflictKind, string[]]>]> {
    const state = row.state;
    const cached = this.cache.get<FileConflicts>(FILE_CONFLICTS, state);
    const files = (inodes: Iterable<number>) => {
      const found: Array<[number, Array<[ConflictKind, string[]]>]> = [];
      for (const inode of inodes) {
        const entry = tree.byInode.get(inode);
        if (!entry || entry.kind === 'dir') continue;
        const conflicts = this.fileConflictsOf(row, inode);
        if (conflicts.length > 0) found.push([inode, conflicts]);
      }
      return found;
    };
    let resolved: Array<[number, Array<[ConflictKind, string[]]>]>;
    if (!cached) resolved = files([...tree.entries.values()].map((entry) => entry.inode));
    else {
      const known = cached.filter((item): item is [number, Array<[ConflictKind, string[]]>] => item[1] !== null);
      const pending = new Set(cached.filter(([, conflicts]) => conflicts === null).map(([inode]) => inode));
      for (const inode of tree.contested.keys()) if (!known.some(([k]) => k === inode)) pending.add(inode);
      if (pending.size === 0) return known;
      resolved = [...known.filter(([inode]) => !pending.has(inode)), ...files(pending)];
    }
    if (!this.store.raw.readonly) this.cache.put(FILE_CONFLICTS, state, resolved);
    return resolved;
  }

  private fileConflictsOf(row: ChannelRow, inode: number): Array<[ConflictKind, string[]]> {
    // Zombies are found in the order of the graph's edges, which is local to a repository.
    return this.views
      .file(row, inode)
      .conflicts.map((conflict): [ConflictKind, string[]] => [conflict.kind, this.hashes(conflict.changes)])
      .sort((a, b) => compareText(`${a[0]} ${a[1].join(' ')}`, `${b[0]} ${b[1].join(' ')}`));
  }

  /** One transaction; on failure every in-memory cache that may hold rolled-back rows is dropped. */
  private write<T>(work: () => T): T {
    try {
      return this.store.transactionSync(() => {
        const result = work();
        this.graph.graph.flush();
        return result;
      });
    } catch (error) {
      this.tables.forgetIds();
      this.index.reset();
      this.views.clear();
      throw error;
    }
  }
}
