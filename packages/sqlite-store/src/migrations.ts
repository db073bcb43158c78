import { LineageError } from '@lineage/errors';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, sql as Sql } from 'kysely';
import { loadKysely } from './kysely-loader.js';

/**
 * One forward step of a schema. Versions start at 1 and are contiguous; a published
 * migration is never edited, only followed by a new one.
 */
export interface Migration {
  version: number;
  name: string;
  /**
   * The step, inside its transaction. `context.raw` is the same connection, synchronous: for a
   * step that moves many rows with prepared statements.
   */
  // biome-ignore lint/suspicious/noExplicitAny: migrations build tables the typed schema does not have yet.
  up(db: Kysely<any>, context: MigrationContext): Promise<void>;
  /** The step frees much space (dropped tables): the file is vacuumed once the steps are done. */
  vacuum?: boolean;
}

export interface MigrationContext {
  raw: BetterSqlite3.Database;
  /** The database file. */
  path: string;
  /** kysely's `sql` tag, from the copy this package loads (see `loadKysely`): a migration needs no kysely of its own. */
  sql: typeof Sql;
}

/**
 * The tables of one consumer (e.g. "patch-graph", "tag-consolidation"). Several schemas
 * can live in one file, each with its own version line in `schema_version`.
 */
export interface StoreSchema {
  name: string;
  migrations: readonly Migration[];
}

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_version (
  schema TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (schema, version)
)`;

export function latestVersion(schema: StoreSchema): number {
  return schema.migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
}

export async function applyMigrations(
  /** The query builder, loaded only when a migration has to run. */
  // biome-ignore lint/suspicious/noExplicitAny: the version table is outside every consumer's typed schema.
  queryBuilder: () => Promise<Kysely<any>>,
  raw: BetterSqlite3.Database,
  path: string,
  schemas: readonly StoreSchema[],
  readonly: boolean,
): Promise<{ versions: Record<string, number>; vacuum: boolean }> {
  for (const schema of schemas) validateSchema(schema);
  let vacuum = false;
  const versions: Record<string, number> = {};
  const hasVersionTable = raw
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    .get();
  if (!hasVersionTable && !readonly) raw.exec(VERSION_TABLE);
  const currentVersion = (name: string): number =>
    hasVersionTable || !readonly
      ? ((
          raw.prepare('SELECT MAX(version) AS v FROM schema_version WHERE schema = ?').get(name) as { v: number | null }
        ).v ?? 0)
      : 0;

  for (const schema of schemas) {
    const known = latestVersion(schema);
    const found = currentVersion(schema.name);
    if (found > known) {
      throw new LineageError(
        'SCHEMA_TOO_NEW',
        `${path} was written by a newer version of ${schema.name} (schema version ${found}; this version knows up to ${known})`,
        {
          hint: 'upgrade this tool to the version that wrote the database',
          details: { path, schema: schema.name, found, known },
        },
      );
    }
    if (found < known && readonly) {
      throw new LineageError(
        'SCHEMA_TOO_OLD',
        `${path} needs migrating (schema ${schema.name} at version ${found}, expected ${known})`,
        {
          hint: 'open it once without read-only mode to migrate it',
        },
      );
    }
    for (const migration of [...schema.migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= found) continue;
      const db = await queryBuilder();
      const { sql } = await loadKysely();
      // Each step commits on its own, so a failure leaves the file at the last good version.
      await db.transaction().execute(async (trx) => {
        await migration.up(trx, { raw, path, sql });
        await trx
          .insertInto('schema_version')
          .values({
            schema: schema.name,
            version: migration.version,
            name: migration.name,
            applied_at: new Date().toISOString(),
          })
          .execute();
      });
      vacuum ||= migration.vacuum === true;
    }
    versions[schema.name] = Math.max(found, known);
  }
  return { versions, vacuum };
}

function validateSchema(schema: StoreSchema): void {
  const versions = schema.migrations.map((migration) => migration.version).sort((a, b) => a - b);
  versions.forEach((version, index) => {
    if (version !== index + 1) {
      throw new TypeError(
        `schema ${schema.name}: migration versions must be 1, 2, 3, … without gaps; got ${versions.join(', ')}`,
      );
    }
  });
}
