import { LineageError } from '@lineage/errors';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { loadedKysely, loadKysely } from './kysely-loader.js';
import { applyMigrations, type StoreSchema } from './migrations.js';

export type SqliteDatabase = BetterSqlite3.Database;

export interface OpenStoreOptions {
  /** How long a writer waits for another process's write transaction (ms). Default 5 s. */
  busyTimeoutMs?: number;
  /** Open without writing anything, not even migrations: a missing or older schema is an error. */
  readonly?: boolean;
  /**
   * Free pages go back to the file system on `store.reclaim()` (SQLite's incremental
   * auto-vacuum) instead of staying in the file for reuse. A file made without it is vacuumed
   * once, on its next writable open, to turn it on.
   */
  incrementalVacuum?: boolean;
}

export interface Store<DB> {
  readonly path: string;
  /** Typed query builder for schema work and ordinary queries. */
  readonly db: Kysely<DB>;
  /**
   * The same connection, synchronous: for hot loops where an await per row would dominate
   * (the patch graph's inner loops). Prepare statements once and reuse them.
   */
  readonly raw: SqliteDatabase;
  /** Schema version of each schema in this file after opening. */
  readonly versions: Readonly<Record<string, number>>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T>;
  /** Synchronous transaction over `raw`; nests as a savepoint. */
  transactionSync<T>(work: () => T): T;
  /**
   * Returns free pages to the file system (with `incrementalVacuum`; otherwise they stay in
   * the file for reuse, and nothing happens). Returns the bytes the file shrank by.
   */
  reclaim(): number;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) an SQLite file with the settings every consumer needs — WAL so
 * readers never block the writer, foreign keys on, a busy timeout for concurrent processes —
 * and brings each given schema up to date. The driver is loaded here, not at import time,
 * so a CLI that never touches a database never pays for loading it.
 */
export async function openStore<DB>(
  path: string,
  schemas: readonly StoreSchema[],
  options: OpenStoreOptions = {},
): Promise<Store<DB>> {
  const { default: Database } = await import('better-sqlite3');
  let raw: SqliteDatabase;
  try {
    raw = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5_000}`);
    // Only takes effect before the first table is made; an existing file is vacuumed below.
    if (options.incrementalVacuum && !options.readonly) raw.pragma('auto_vacuum = INCREMENTAL');
    if (!options.readonly) raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    // WAL with synchronous=NORMAL is durable across application crashes, which is what
    // "nothing lost on failure" needs; FULL only adds protection against power loss mid-checkpoint.
    raw.pragma('synchronous = NORMAL');
  } catch (cause) {
    throw openFailure(path, cause);
  }
  // Most opens only need `raw`: kysely is loaded when a migration must run, or on the first use
  // of `db` or `transaction` (see kysely-loader).
  let db: Kysely<DB> | undefined;
  const queryBuilder = (): Kysely<DB> => {
    const kysely = loadedKysely();
    db ??= new kysely.Kysely<DB>({ dialect: new kysely.SqliteDialect({ database: raw }) });
    return db;
  };
  const loadQueryBuilder = async (): Promise<Kysely<DB>> => {
    await loadKysely();
    return queryBuilder();
  };
  const close = async () => {
    if (db) await db.destroy();
    else if (raw.open) raw.close();
  };
  try {
    const { versions, vacuum } = await applyMigrations(loadQueryBuilder, raw, path, schemas, options.readonly ?? false);
    const wantsIncremental = options.incrementalVacuum && !options.readonly;
    // VACUUM rewrites the file: the only way to turn auto-vacuum on in an existing one, and how
    // a migration that dropped tables gives their space back.
    if (vacuum || (wantsIncremental && raw.pragma('auto_vacuum', { simple: true }) !== INCREMENTAL)) raw.exec('VACUUM');
    return {
      path,
      get db() {
        return queryBuilder();
      },
      raw,
      versions,
      transaction: async (work) => (await loadQueryBuilder()).transaction().execute(work),
      transactionSync: (work) => raw.transaction(work)(),
      reclaim: () => {
        if (!wantsIncremental) return 0;
        const pageSize = raw.pragma('page_size', { simple: true }) as number;
        const before = raw.pragma('page_count', { simple: true }) as number;
        raw.pragma('incremental_vacuum');
        return (before - (raw.pragma('page_count', { simple: true }) as number)) * pageSize;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `PRAGMA auto_vacuum` answers 2 for INCREMENTAL. */
const INCREMENTAL = 2;

function openFailure(path: string, cause: unknown): LineageError {
  const code = (cause as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new LineageError('STORE_CORRUPT', `${path} is not a readable SQLite database`, {
      cause,
      hint: 'restore it from a backup or a clone; it may have been overwritten by another program',
    });
  }
  if (code === 'SQLITE_CANTOPEN') {
    return new LineageError('STORE_CANNOT_OPEN', `cannot open database ${path}`, {
      cause,
      hint: 'check that its directory exists and that you may read (and write) it',
    });
  }
  return new LineageError('STORE_OPEN_FAILED', `cannot open database ${path}: ${(cause as Error).message}`, { cause });
}
