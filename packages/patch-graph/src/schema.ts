import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SqliteDatabase, StoreSchema } from '@lineage/sqlite-store';
import { ChangeStore } from './change-store.js';
import { membersOf } from './membership.js';
import { addChange, EMPTY_STATE, encodeAccumulator, stateHash } from './state-hash.js';

/**
 * The pristine: changes known to the repository, their vertices (shared by every channel —
 * a vertex is a property of the change that created it), and per channel its edges and log.
 *
 * Edges are never updated in place. An edge update of change C inserts C's edge and bumps
 * `superseded` on the edge it replaces; unrecord deletes C's edge and decrements the counter.
 * So the current graph (edges with `superseded = 0`) is a function of the *set* of applied
 * changes — which is why apply commutes and unrecord is an exact inverse.
 */
export const patchGraphSchema: StoreSchema = {
  name: 'patch-graph',
  migrations: [
    {
      version: 1,
      name: 'changes, vertices, channels, edges and logs',
      async up(db, { sql }) {
        for (const statement of [
          `CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            message TEXT NOT NULL,
            authors TEXT NOT NULL,
            timestamp TEXT NOT NULL,
            metadata TEXT NOT NULL,
            -- The change's vertices are rows vertex_base .. vertex_base + vertex_count - 1, and
            -- vertex i is contents[ranges[2i] .. ranges[2i + 1]] (ranges: little-endian u32s):
            -- output reads a file's bytes per change, not per line.
            vertex_base INTEGER NOT NULL DEFAULT 0,
            vertex_count INTEGER NOT NULL DEFAULT 0,
            contents BLOB NOT NULL DEFAULT X'',
            ranges BLOB NOT NULL DEFAULT X''
          )`,
          // kind: 'dependency' (minimal, hashed list) or 'known' (context seen beyond them).
          `CREATE TABLE change_links (
            change_id INTEGER NOT NULL REFERENCES changes(id),
            target_hash TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (change_id, kind, target_hash)
          ) WITHOUT ROWID`,
          `CREATE TABLE vertices (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            inode_id INTEGER NOT NULL,
            UNIQUE (change_id, idx)
          )`,
          'CREATE INDEX vertices_inode ON vertices (inode_id)',
          'CREATE INDEX change_links_target ON change_links (target_hash, kind)',
          // Vertex 1 is the root of every file tree, created by no change.
          `INSERT INTO vertices (id, change_id, idx, inode_id) VALUES (1, 0, 0, 0)`,
          `CREATE TABLE channels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            next_seq INTEGER NOT NULL
          )`,
          `CREATE TABLE log (
            channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            change_id INTEGER NOT NULL REFERENCES changes(id),
            state TEXT NOT NULL,
            PRIMARY KEY (channel_id, seq),
            UNIQUE (channel_id, change_id)
          )`,
          'CREATE INDEX log_state ON log (state)',
          // inode_id: the file whose lines the edge joins; 0 for file-tree edges.
          `CREATE TABLE edges (
            channel_id INTEGER NOT NULL,
            from_id INTEGER NOT NULL,
            to_id INTEGER NOT NULL,
            flag INTEGER NOT NULL,
            introduced_by INTEGER NOT NULL,
            inode_id INTEGER NOT NULL,
            superseded INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (channel_id, from_id, to_id, flag, introduced_by)
          ) WITHOUT ROWID`,
          // Without statistics SQLite would rather scan the covering file index: queries name it.
          'CREATE INDEX edges_to ON edges (channel_id, to_id, superseded)',
          'CREATE INDEX edges_by ON edges (channel_id, introduced_by)',
          `CREATE INDEX edges_file ON edges (channel_id, inode_id, superseded, from_id, to_id, flag, introduced_by)`,
        ]) {
          await sql.raw(statement).execute(db);
        }
      },
    },
    {
      version: 2,
      name: 'packed edge snapshots of large files, kept current by triggers',
      async up(db, { sql }) {
        // See FileEdges: a snapshot of a file's current edges, and the edges that became (1) or
        // stopped being (0) current since. Events are logged only for files that have a snapshot.
        const snapshotted = (row: 'NEW' | 'OLD') =>
          `EXISTS (SELECT 1 FROM file_edge_snapshots s WHERE s.channel_id = ${row}.channel_id AND s.inode_id = ${row}.inode_id)`;
        const logEvent = (row: 'NEW' | 'OLD', current: string) =>
          `INSERT INTO file_edge_events (channel_id, inode_id, from_id, to_id, flag, introduced_by, current)
           VALUES (${row}.channel_id, ${row}.inode_id, ${row}.from_id, ${row}.to_id, ${row}.flag, ${row}.introduced_by, ${current});`;
        for (const statement of [
          // A rowid table with a separate unique index: the triggers' existence check then reads
          // the index alone, never the megabytes of overflow pages a large snapshot spans.
          `CREATE TABLE file_edge_snapshots (
            channel_id INTEGER NOT NULL,
            inode_id INTEGER NOT NULL,
            edges BLOB NOT NULL,
            UNIQUE (channel_id, inode_id)
          )`,
          `CREATE TABLE file_edge_events (
            seq INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL,
            inode_id INTEGER NOT NULL,
            from_id INTEGER NOT NULL,
            to_id INTEGER NOT NULL,
            flag INTEGER NOT NULL,
            introduced_by INTEGER NOT NULL,
            current INTEGER NOT NULL
          )`,
          'CREATE INDEX file_edge_events_file ON file_edge_events (channel_id, inode_id, seq)',
          `CREATE TRIGGER edges_inserted AFTER INSERT ON edges
           WHEN NEW.superseded = 0 AND ${snapshotted('NEW')}
           BEGIN ${logEvent('NEW', '1')} END`,
          `CREATE TRIGGER edges_superseded AFTER UPDATE OF superseded ON edges
           WHEN (OLD.superseded = 0) <> (NEW.superseded = 0) AND ${snapshotted('NEW')}
           BEGIN ${logEvent('NEW', 'NEW.superseded = 0')} END`,
          `CREATE TRIGGER edges_deleted AFTER DELETE ON edges
           WHEN OLD.superseded = 0 AND ${snapshotted('OLD')}
           BEGIN ${logEvent('OLD', '0')} END`,
        ]) {
          await sql.raw(statement).execute(db);
        }
      },
    },
    {
      version: 3,
      name: 'one graph shared by every channel; channels as sets of changes with shared logs',
      vacuum: true,
      async up(_db, { raw }) {
        raw.exec(`
          CREATE TABLE pristine_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
          -- Every edge of a file (inode; 0 is the tree), in parts: see GraphStore.
          CREATE TABLE graph_parts (
            id INTEGER PRIMARY KEY,
            inode INTEGER NOT NULL,
            start INTEGER NOT NULL,
            count INTEGER NOT NULL,
            edges BLOB NOT NULL,
            UNIQUE (inode, start)
          );
          -- Logs as persistent lists shared between channels: see ChannelLog.
          CREATE TABLE log_entries (
            id INTEGER PRIMARY KEY,
            previous INTEGER,
            change_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            count INTEGER NOT NULL,
            accumulator TEXT NOT NULL,
            state TEXT NOT NULL,
            refs INTEGER NOT NULL
          );
          CREATE INDEX log_entries_state ON log_entries (state);
          ALTER TABLE channels ADD COLUMN head INTEGER;
          ALTER TABLE channels ADD COLUMN members BLOB NOT NULL DEFAULT X'';
          -- Per change: its vertices' files, the files it touches, the changes it refers to.
          ALTER TABLE changes ADD COLUMN vertex_runs BLOB;
          ALTER TABLE changes ADD COLUMN inodes BLOB;
          ALTER TABLE changes ADD COLUMN refs BLOB;
          CREATE INDEX changes_vertex_base ON changes (vertex_base) WHERE vertex_count > 0;
        `);
        moveLogs(raw);
        raw.exec(`
          DROP TRIGGER edges_inserted;
          DROP TRIGGER edges_superseded;
          DROP TRIGGER edges_deleted;
          DROP TABLE file_edge_events;
          DROP TABLE file_edge_snapshots;
          DROP TABLE edges;
          DROP TABLE vertices;
          DROP TABLE log;
          -- The graph is derived from the changes: Repository.open rebuilds it (rebuild-graph.ts).
          UPDATE changes SET vertex_base = 0, vertex_count = 0, contents = X'', ranges = X'';
          INSERT INTO pristine_meta (key, value) VALUES ('graph_format', 0);
        `);
      },
    },
    {
      version: 4,
      name: 'changes stored once, compressed, in the pristine; dependency links by id; caches by state',
      vacuum: true,
      async up(_db, { raw, path }) {
        raw.exec(`
          -- The hashed serialization of each change, as its document and its contents, each
          -- brotli-compressed: see ChangeStore. It was a file per change under changes/, and the
          -- contents a second time, uncompressed, in changes.contents.
          CREATE TABLE change_data (
            id INTEGER PRIMARY KEY,
            hash TEXT NOT NULL UNIQUE,
            body BLOB NOT NULL,
            contents BLOB NOT NULL,
            -- Schema 5's column: the import below stores changes as ChangeStore does today.
            codec INTEGER NOT NULL DEFAULT 0
          );
          -- File and directory names (tree vertices), for building the tree without the contents.
          CREATE TABLE names (vertex INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
          -- Per file, which changes keep lines alive against which (GraphStore.hasAliveContent).
          CREATE TABLE file_liveness (inode INTEGER PRIMARY KEY, groups TEXT NOT NULL);
          -- Who depends on a change (unrecord's refusal); a change's own links are in its row.
          CREATE TABLE dependents (
            target_id INTEGER NOT NULL,
            change_id INTEGER NOT NULL,
            PRIMARY KEY (target_id, change_id)
          ) WITHOUT ROWID;
          -- Who depends on a tag (a dependency naming no change row): tags are rare, a table of their own.
          CREATE TABLE tag_dependents (
            tag_hash TEXT NOT NULL,
            change_id INTEGER NOT NULL,
            PRIMARY KEY (tag_hash, change_id)
          ) WITHOUT ROWID;
          ALTER TABLE changes ADD COLUMN dependencies BLOB;
          ALTER TABLE changes ADD COLUMN known BLOB;
          -- The tags it depends on: their hashes, space-separated (NULL: none).
          ALTER TABLE changes ADD COLUMN tags TEXT;
          -- Results that are a function of a channel's state, shared by channels in that state.
          CREATE TABLE derived_cache (
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (kind, state)
          ) WITHOUT ROWID;
        `);
        importChangeFiles(raw, join(dirname(path), 'changes'));
        raw.exec(`
          DROP INDEX change_links_target;
          DROP TABLE change_links;
          ALTER TABLE changes DROP COLUMN contents;
          UPDATE pristine_meta SET value = 0 WHERE key = 'graph_format';
        `);
      },
    },
    {
      version: 5,
      name: 'large changes deflated; kept outputs of large files refer to the changes that wrote their long runs',
      async up(_db, { raw }) {
        // How body and contents are compressed (ChangeStore): 0 brotli, 1 raw deflate. A file
        // migrated from before schema 4 has the column already (see schema 4).
        const columns = raw.prepare("SELECT name FROM pragma_table_info('change_data')").pluck().all();
        if (!columns.includes('codec')) raw.exec('ALTER TABLE change_data ADD COLUMN codec INTEGER NOT NULL DEFAULT 0');
        // A cache: the old entries (every byte, deflated) are dropped, the next output keeps anew.
        raw.exec(`DELETE FROM derived_cache WHERE kind LIKE 'output:%'`);
      },
    },
  ],
};

/**
 * The change files of `changes/` into change_data, each checked against its name first. The
 * directory itself is removed by Repository.open once this step is committed.
 */
function importChangeFiles(raw: SqliteDatabase, dir: string): void {
  if (!existsSync(dir)) return;
  const store = new ChangeStore(raw);
  for (const bucket of readdirSync(dir)) {
    if (bucket.length !== 2) continue;
    for (const file of readdirSync(join(dir, bucket))) {
      if (!file.endsWith('.change')) continue;
      store.writeReceived(file.slice(0, -'.change'.length), readFileSync(join(dir, bucket, file)));
    }
  }
}

/**
 * Once the schema-4 step has committed: removes the change files it imported, then the
 * directories left empty. Other files there (tags of repositories made before schema 4) stay.
 */
export function removeImportedChangeFiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const bucket of readdirSync(dir)) {
    if (bucket.length !== 2) continue;
    const path = join(dir, bucket);
    for (const file of readdirSync(path)) if (file.endsWith('.change')) rmSync(join(path, file), { force: true });
    if (readdirSync(path).length === 0) rmdirSync(path);
  }
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

/**
 * Each channel's log rows become a list of log entries, prefixes shared between channels (a
 * fork copied its source's rows), and its set of changes. States are recomputed from the
 * changes: a row's stored state went stale when an earlier change was unrecorded.
 */
function moveLogs(raw: SqliteDatabase): void {
  const channels = raw.prepare('SELECT id FROM channels').pluck().all() as number[];
  const rows = raw.prepare(
    'SELECT g.change_id, g.seq, c.hash FROM log g JOIN changes c ON c.id = g.change_id WHERE g.channel_id = ? ORDER BY g.seq',
  );
  const insert = raw.prepare(
    `INSERT INTO log_entries (previous, change_id, seq, count, accumulator, state, refs)
     VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id`,
  );
  const retain = raw.prepare('UPDATE log_entries SET refs = refs + 1 WHERE id = ?');
  const save = raw.prepare('UPDATE channels SET head = ?, members = ?, state = ? WHERE id = ?');
  const shared = new Map<string, number>();
  for (const channel of channels) {
    let head: number | null = null;
    let accumulator = EMPTY_STATE;
    let count = 0;
    const ids: number[] = [];
    for (const [changeId, seq, hash] of rows.raw().all(channel) as Array<[number, number, string]>) {
      accumulator = addChange(accumulator, hash);
      count++;
      ids.push(changeId);
      const key = `${head}:${changeId}:${seq}`;
      let entry = shared.get(key);
      if (entry === undefined) {
        entry = insert
          .pluck()
          .get(head, changeId, seq, count, encodeAccumulator(accumulator), stateHash(accumulator)) as number;
        if (head !== null) retain.run(head);
        shared.set(key, entry);
      }
      head = entry;
    }
    if (head !== null) retain.run(head);
    save.run(head, membersOf(ids), encodeAccumulator(accumulator), channel);
  }
}

export const ROOT_VERTEX_ID = 1;
export const TREE_INODE_ID = 0;
