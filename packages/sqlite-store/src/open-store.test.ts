import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@lineage/test-utils';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Migration, openStore, type StoreSchema } from './index.js';

interface NotesDb {
  notes: { id: number; body: string; folder_id: number | null };
  folders: { id: number; name: string };
}

const v1: Migration = {
  version: 1,
  name: 'folders and notes',
  async up(db) {
    await db.schema
      .createTable('folders')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('notes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('folder_id', 'integer', (c) => c.references('folders.id'))
      .execute();
  },
};
const v2: Migration = {
  version: 2,
  name: 'index on body',
  async up(db) {
    await db.schema.createIndex('notes_body').on('notes').column('body').execute();
  },
};
const notes: StoreSchema = { name: 'notes', migrations: [v1, v2] };

const tempDir = useTempDirs('store-');
const dbPath = () => join(tempDir(), 'test.db');

describe('openStore', () => {
  it('creates the schema, and a second open migrates nothing', async () => {
    const path = dbPath();
    const first = await openStore<NotesDb>(path, [notes]);
    expect(first.versions).toEqual({ notes: 2 });
    await first.close();
    const second = await openStore<NotesDb>(path, [notes]);
    const rows = second.raw.prepare('SELECT schema, version, name FROM schema_version ORDER BY version').all();
    expect(rows).toEqual([
      { schema: 'notes', version: 1, name: 'folders and notes' },
      { schema: 'notes', version: 2, name: 'index on body' },
    ]);
    await second.close();
  });

  it('migrates an older file forward', async () => {
    const path = dbPath();
    await (await openStore(path, [{ name: 'notes', migrations: [v1] }])).close();
    const store = await openStore<NotesDb>(path, [notes]);
    expect(store.versions).toEqual({ notes: 2 });
    expect(store.raw.prepare("SELECT name FROM sqlite_master WHERE name = 'notes_body'").get()).toBeTruthy();
    await store.close();
  });

  it('refuses a database written by a newer schema, naming both versions', async () => {
    const path = dbPath();
    await (await openStore(path, [notes])).close();
    await expect(openStore(path, [{ name: 'notes', migrations: [v1] }])).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      message: expect.stringContaining('schema version 2; this version knows up to 1'),
    });
  });

  it('keeps several schemas in one file, each with its own version line', async () => {
    const path = dbPath();
    const other: StoreSchema = {
      name: 'other',
      migrations: [
        { version: 1, name: 'tags', up: (db) => db.schema.createTable('tags').addColumn('id', 'integer').execute() },
      ],
    };
    const store = await openStore(path, [notes, other]);
    expect(store.versions).toEqual({ notes: 2, other: 1 });
    await store.close();
  });

  it('turns on WAL and foreign keys', async () => {
    const store = await openStore<NotesDb>(dbPath(), [notes]);
    expect(store.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    await expect(store.db.insertInto('notes').values({ id: 1, body: 'x', folder_id: 42 }).execute()).rejects.toThrow(
      /FOREIGN KEY/,
    );
    await store.close();
  });

  it('rolls a failed transaction back, and commits a good one', async () => {
    const store = await openStore<NotesDb>(dbPath(), [notes]);
    await expect(
      store.transaction(async (trx) => {
        await trx.insertInto('folders').values({ id: 1, name: 'lost' }).execute();
        throw new Error('fault in the middle');
      }),
    ).rejects.toThrow('fault in the middle');
    expect(await store.db.selectFrom('folders').selectAll().execute()).toEqual([]);
    await store.transaction((trx) => trx.insertInto('folders').values({ id: 1, name: 'kept' }).execute());
    expect(await store.db.selectFrom('folders').select('name').execute()).toEqual([{ name: 'kept' }]);
    await store.close();
  });

  it('shares one connection between kysely and synchronous prepared statements', async () => {
    const store = await openStore<NotesDb>(dbPath(), [notes]);
    const insert = store.raw.prepare('INSERT INTO notes (id, body) VALUES (?, ?)');
    expect(() =>
      store.transactionSync(() => {
        insert.run(1, 'a');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    store.transactionSync(() => {
      for (let id = 2; id <= 100; id++) insert.run(id, `note ${id}`);
    });
    const { count } = await store.db
      .selectFrom('notes')
      .select(sql<number>`count(*)`.as('count'))
      .executeTakeFirstOrThrow();
    expect(count).toBe(99);
    await store.close();
  });

  it('says clearly when the file is not a database', async () => {
    const path = dbPath();
    writeFileSync(path, 'this is not sqlite, just text that happens to be long enough to have a header'.repeat(20));
    await expect(openStore(path, [notes])).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
  });

  it('rejects migration lists with gaps before touching the file', async () => {
    await expect(openStore(dbPath(), [{ name: 'gappy', migrations: [v2] }])).rejects.toThrow(/without gaps/);
  });

  it('with incremental vacuum, gives the pages of deleted rows back to the file system', async () => {
    const path = dbPath();
    const store = await openStore<NotesDb>(path, [notes], { incrementalVacuum: true });
    const insert = store.raw.prepare('INSERT INTO notes (id, body) VALUES (?, ?)');
    store.transactionSync(() => {
      for (let id = 1; id <= 2000; id++) insert.run(id, 'x'.repeat(500));
    });
    store.raw.pragma('wal_checkpoint(TRUNCATE)');
    const full = statSync(path).size;
    store.raw.exec('DELETE FROM notes');
    expect(store.reclaim()).toBeGreaterThan(full / 2);
    store.raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(path).size).toBeLessThan(full / 4);
    await store.close();
  });

  it('turns incremental vacuum on in a file made without it (one VACUUM on open)', async () => {
    const path = dbPath();
    await (await openStore(path, [notes])).close();
    const store = await openStore(path, [notes], { incrementalVacuum: true });
    expect(store.raw.pragma('auto_vacuum', { simple: true })).toBe(2);
    await store.close();
    const plain = await openStore(path, [notes]);
    expect(plain.reclaim()).toBe(0);
    await plain.close();
  });

  it("gives a migration kysely's sql tag, running in the migration's transaction", async () => {
    const path = dbPath();
    const seeded: Migration = {
      version: 3,
      name: 'seed a folder with the sql tag',
      async up(db, context) {
        await context.sql`INSERT INTO folders (id, name) VALUES (${1}, ${'inbox'})`.execute(db);
      },
    };
    const failing: Migration = {
      version: 4,
      name: 'a step that fails after a write',
      async up(db, context) {
        await context.sql`INSERT INTO folders (id, name) VALUES (${2}, ${'lost'})`.execute(db);
        throw new Error('step failed');
      },
    };
    await expect(openStore(path, [{ name: 'notes', migrations: [v1, v2, seeded, failing] }])).rejects.toThrow(
      'step failed',
    );
    const store = await openStore<NotesDb>(path, [{ name: 'notes', migrations: [v1, v2, seeded] }]);
    expect(store.versions.notes).toBe(3);
    expect(store.raw.prepare('SELECT name FROM folders ORDER BY id').pluck().all()).toEqual(['inbox']);
    await store.close();
  });

  it('gives a migration the raw connection inside its transaction, and vacuums after one that asks', async () => {
    const path = dbPath();
    const big: Migration = {
      version: 3,
      name: 'bulk rows with prepared statements',
      async up(_db, { raw }) {
        const insert = raw.prepare('INSERT INTO notes (id, body) VALUES (?, ?)');
        for (let id = 1; id <= 2000; id++) insert.run(id, 'x'.repeat(500));
      },
    };
    const drop: Migration = {
      version: 4,
      name: 'drop them',
      vacuum: true,
      async up(db) {
        await db.deleteFrom('notes').execute();
      },
    };
    const filled = await openStore<NotesDb>(path, [{ name: 'notes', migrations: [v1, v2, big] }]);
    expect(filled.raw.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000);
    filled.raw.pragma('wal_checkpoint(TRUNCATE)');
    const full = statSync(path).size;
    await filled.close();
    const dropped = await openStore<NotesDb>(path, [{ name: 'notes', migrations: [v1, v2, big, drop] }]);
    dropped.raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(path).size).toBeLessThan(full / 4);
    await dropped.close();
  });
});
