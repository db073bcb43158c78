import type { Migration, MigrationContext, StoreSchema } from '@lineage/sqlite-store';
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations build tables the typed schema does not have yet.
type AnyDb = Kysely<any>;

/** Runs plain SQL statements through the migration's transaction. */
async function run(db: AnyDb, { sql }: MigrationContext, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const KINDS = "'skill', 'command', 'agent', 'hook', 'mcp'";
const ORIGINS = "'deployment', 'sync', 'local_modification'";

/**
 * The model before lineage, as the first tools had it: artifacts with a current hash, their
 * snapshots (a manifest per content hash; the bytes live in the object store), deployments
 * with a deployed hash. A database at this version is what the lineage migration upgrades.
 */
const baseline: Migration = {
  version: 1,
  name: 'artifacts, snapshots and deployments',
  up: (db, context) =>
    run(db, context, [
      `CREATE TABLE artifacts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
        upstream_url TEXT,
        upstream_path TEXT,
        upstream_ref TEXT,
        upstream_pin TEXT CHECK (upstream_pin IN ('default', 'branch', 'tag', 'sha')),
        upstream_sha TEXT,
        upstream_version TEXT,
        current_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      `CREATE TABLE snapshots (
        content_hash TEXT PRIMARY KEY,
        files TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE deployments (
        project TEXT NOT NULL,
        artifact_id TEXT NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
        deployed_hash TEXT NOT NULL,
        deployed_at TEXT NOT NULL,
        PRIMARY KEY (project, artifact_id)
      )`,
    ]),
};

/**
 * Seed 003's lineage: versions keyed by (artifact_id, content_hash) — so the same bytes in two
 * artifacts, or a revert to an earlier version, never collide — with parent, origin (CHECK),
 * lineage oldest first, and the indexes ancestor searches and timelines need. Existing rows
 * are backfilled with their current hash as the root of their lineage.
 */
const lineage: Migration = {
  version: 2,
  name: 'version lineage',
  up: (db, context) =>
    run(db, context, [
      `CREATE TABLE artifact_versions (
        artifact_id TEXT NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        parent_hash TEXT,
        change_origin TEXT CHECK (change_origin IN (${ORIGINS})),
        version_lineage TEXT NOT NULL,
        created_at TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (artifact_id, content_hash)
      )`,
      'CREATE INDEX idx_artifact_versions_content_hash ON artifact_versions (content_hash)',
      'CREATE INDEX idx_artifact_versions_parent_hash ON artifact_versions (parent_hash)',
      'CREATE INDEX idx_artifact_versions_artifact_created ON artifact_versions (artifact_id, created_at)',
      'ALTER TABLE artifacts ADD COLUMN version_lineage TEXT',
      // The upstream content last taken in: the base of the next upstream merge. Unknown for old rows.
      'ALTER TABLE artifacts ADD COLUMN upstream_hash TEXT',
      'ALTER TABLE deployments ADD COLUMN parent_hash TEXT',
      'ALTER TABLE deployments ADD COLUMN version_lineage TEXT',
      `ALTER TABLE deployments ADD COLUMN sync_status TEXT NOT NULL DEFAULT 'synced'
        CHECK (sync_status IN ('synced', 'modified', 'outdated', 'conflict', 'diverged'))`,
      'ALTER TABLE deployments ADD COLUMN upstream_ref TEXT',
      'ALTER TABLE deployments ADD COLUMN upstream_version TEXT',
      'ALTER TABLE deployments ADD COLUMN upstream_sha TEXT',
      'ALTER TABLE deployments ADD COLUMN last_upstream_check TEXT',
      "ALTER TABLE deployments ADD COLUMN pending_conflicts TEXT NOT NULL DEFAULT '[]'",
      `INSERT OR IGNORE INTO artifact_versions (artifact_id, content_hash, parent_hash, change_origin, version_lineage, created_at, metadata)
        SELECT id, current_hash, NULL, 'deployment', json_array(current_hash), created_at, '{"backfilled":true}' FROM artifacts`,
      `INSERT OR IGNORE INTO artifact_versions (artifact_id, content_hash, parent_hash, change_origin, version_lineage, created_at, metadata)
        SELECT artifact_id, deployed_hash, NULL, 'deployment', json_array(deployed_hash), deployed_at, '{"backfilled":true}' FROM deployments`,
      'UPDATE artifacts SET version_lineage = json_array(current_hash) WHERE version_lineage IS NULL',
      'UPDATE deployments SET version_lineage = json_array(deployed_hash) WHERE version_lineage IS NULL',
    ]),
};

/**
 * What sync needs beyond lineage: conflicts as ConflictInfo rows, the merge a conflict belongs
 * to (so it can be finished or aborted), every move of a tier's head (history), the upstream
 * check cache, and the deployment record's fields this tool does not know (kept verbatim).
 * `project` is the project's absolute path, or '' for the collection itself.
 */
const syncState: Migration = {
  version: 3,
  name: 'conflicts, merges, history and upstream checks',
  up: (db, context) =>
    run(db, context, [
      `CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        artifact_id TEXT NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
        project TEXT NOT NULL,
        path TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('content', 'binary', 'add-add', 'modify-delete', 'file-directory')),
        base_sha256 TEXT,
        ours_sha256 TEXT,
        theirs_sha256 TEXT,
        regions TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT CHECK (resolution IN ('ours', 'theirs', 'custom', 'current'))
      )`,
      'CREATE INDEX idx_conflicts_target ON conflicts (artifact_id, project)',
      `CREATE TABLE pending_merges (
        artifact_id TEXT NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
        project TEXT NOT NULL,
        direction TEXT NOT NULL,
        base_hash TEXT,
        ours_hash TEXT NOT NULL,
        theirs_hash TEXT NOT NULL,
        theirs_lineage TEXT NOT NULL,
        merged_hash TEXT NOT NULL,
        completion TEXT NOT NULL DEFAULT '{}',
        started_at TEXT NOT NULL,
        trace_id TEXT NOT NULL,
        PRIMARY KEY (artifact_id, project)
      )`,
      `CREATE TABLE version_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        artifact_id TEXT NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
        project TEXT NOT NULL,
        action TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        parent_hash TEXT,
        change_origin TEXT NOT NULL CHECK (change_origin IN (${ORIGINS})),
        created_at TEXT NOT NULL,
        upstream_ref TEXT,
        upstream_sha TEXT,
        upstream_version TEXT,
        trace_id TEXT,
        metadata TEXT NOT NULL DEFAULT '{}'
      )`,
      'CREATE INDEX idx_version_events_target ON version_events (artifact_id, project, id)',
      `CREATE TABLE upstream_checks (
        artifact_id TEXT PRIMARY KEY REFERENCES artifacts (id) ON DELETE CASCADE,
        checked_at TEXT NOT NULL,
        sha TEXT,
        version TEXT,
        error TEXT,
        duration_ms REAL NOT NULL
      )`,
      "ALTER TABLE deployments ADD COLUMN record_extra TEXT NOT NULL DEFAULT '{}'",
    ]),
};

/**
 * An upstream check also records the artifact's content hash at the commit it found, so a
 * repository that moved for another artifact's sake does not make this one look outdated.
 */
const checkedContent: Migration = {
  version: 4,
  name: 'content hash of upstream checks',
  up: (db, context) => run(db, context, ['ALTER TABLE upstream_checks ADD COLUMN content_hash TEXT']),
};

export const ARTIFACT_SYNC_SCHEMA: StoreSchema = {
  name: 'artifact-sync',
  migrations: [baseline, lineage, syncState, checkedContent],
};
