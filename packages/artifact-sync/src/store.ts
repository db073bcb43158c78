import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { ArtifactKind } from './kinds.js';
import type { ChangeOrigin } from './lineage.js';

/**
 * Rows as SQLite holds them. JSON columns (lineages, manifests, metadata) stay text here and
 * are parsed by the code that needs them, so a drift over a thousand deployments parses only
 * what it reads.
 */
export interface ArtifactRow {
  id: string;
  name: string;
  kind: ArtifactKind;
  upstream_url: string | null;
  upstream_path: string | null;
  upstream_ref: string | null;
  upstream_pin: PinKind | null;
  upstream_sha: string | null;
  upstream_version: string | null;
  upstream_hash: string | null;
  current_hash: string;
  version_lineage: string | null;
  created_at: string;
  updated_at: string;
}

/** How an upstream ref was given: nothing (the remote's default branch), a branch, a tag or a commit. */
export type PinKind = 'default' | 'branch' | 'tag' | 'sha';

export type SyncStatus = 'synced' | 'modified' | 'outdated' | 'conflict' | 'diverged';

export interface DeploymentRow {
  project: string;
  artifact_id: string;
  deployed_hash: string;
  deployed_at: string;
  parent_hash: string | null;
  version_lineage: string | null;
  sync_status: SyncStatus;
  upstream_ref: string | null;
  upstream_version: string | null;
  upstream_sha: string | null;
  last_upstream_check: string | null;
  pending_conflicts: string;
  record_extra: string;
}

export interface VersionRow {
  artifact_id: string;
  content_hash: string;
  parent_hash: string | null;
  change_origin: ChangeOrigin | null;
  version_lineage: string;
  created_at: string;
  metadata: string;
}

export type ConflictKind = 'content' | 'binary' | 'add-add' | 'modify-delete' | 'file-directory';
export type Resolution = 'ours' | 'theirs' | 'custom' | 'current';

export interface ConflictRow {
  id: number;
  artifact_id: string;
  project: string;
  path: string;
  kind: ConflictKind;
  base_sha256: string | null;
  ours_sha256: string | null;
  theirs_sha256: string | null;
  regions: string;
  created_at: string;
  resolved_at: string | null;
  resolution: Resolution | null;
}

export interface PendingMergeRow {
  artifact_id: string;
  project: string;
  direction: string;
  base_hash: string | null;
  ours_hash: string;
  theirs_hash: string;
  theirs_lineage: string;
  merged_hash: string;
  /** JSON: what finishing the merge must also record (the upstream taken in, the project whose edits were merged). */
  completion: string;
  started_at: string;
  trace_id: string;
}

export type EventAction =
  | 'add'
  | 'deploy'
  | 'sync'
  | 'local-edit'
  | 'overwrite'
  | 'rollback'
  | 'resolve'
  | 'abort'
  | 'adopt';

export interface EventRow {
  id: number;
  artifact_id: string;
  project: string;
  action: EventAction;
  content_hash: string;
  parent_hash: string | null;
  change_origin: ChangeOrigin;
  created_at: string;
  upstream_ref: string | null;
  upstream_sha: string | null;
  upstream_version: string | null;
  trace_id: string | null;
  metadata: string;
}

export interface UpstreamCheckRow {
  artifact_id: string;
  checked_at: string;
  sha: string | null;
  version: string | null;
  /** The artifact's content hash at `sha`, when it was read (null: not known). */
  content_hash: string | null;
  error: string | null;
  duration_ms: number;
}

/** The collection's own tier in `project` columns: deployments name their project's absolute path. */
export const COLLECTION_TIER = '';

/**
 * Typed, synchronous access to the collection database. Every write of an operation runs in
 * one `transaction`, which is synchronous end to end: no other task of this process can slip
 * a statement into it, and a crash leaves the previous committed state.
 */
export class CollectionDb {
  private readonly statements = new Map<string, import('better-sqlite3').Statement>();

  constructor(readonly raw: SqliteDatabase) {}

  transaction<T>(work: () => T): T {
    return this.raw.transaction(work)();
  }

  private prepare(sql: string): import('better-sqlite3').Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  private get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }

  private run(sql: string, ...params: unknown[]): number {
    return this.prepare(sql).run(...params).changes;
  }

  // Artifacts

  artifactIds(): string[] {
    return this.all<{ id: string }>('SELECT id FROM artifacts ORDER BY id').map((row) => row.id);
  }

  artifacts(): ArtifactRow[] {
    return this.all('SELECT * FROM artifacts ORDER BY id');
  }

  artifact(id: string): ArtifactRow | undefined {
    return this.get('SELECT * FROM artifacts WHERE id = ?', id);
  }

  insertArtifact(row: ArtifactRow): void {
    this.run(
      `INSERT INTO artifacts (id, name, kind, upstream_url, upstream_path, upstream_ref, upstream_pin, upstream_sha,
        upstream_version, upstream_hash, current_hash, version_lineage, created_at, updated_at)
       VALUES (@id, @name, @kind, @upstream_url, @upstream_path, @upstream_ref, @upstream_pin, @upstream_sha,
        @upstream_version, @upstream_hash, @current_hash, @version_lineage, @created_at, @updated_at)`,
      row,
    );
  }

  updateArtifactHead(id: string, head: { current_hash: string; version_lineage: string; updated_at: string }): void {
    this.run(
      'UPDATE artifacts SET current_hash = @current_hash, version_lineage = @version_lineage, updated_at = @updated_at WHERE id = @id',
      { id, ...head },
    );
  }

  updateArtifactUpstream(
    id: string,
    upstream: Pick<
      ArtifactRow,
      'upstream_ref' | 'upstream_pin' | 'upstream_sha' | 'upstream_version' | 'upstream_hash'
    >,
  ): void {
    this.run(
      `UPDATE artifacts SET upstream_ref = @upstream_ref, upstream_pin = @upstream_pin, upstream_sha = @upstream_sha,
        upstream_version = @upstream_version, upstream_hash = @upstream_hash WHERE id = @id`,
      { id, ...upstream },
    );
  }

  deleteArtifact(id: string): void {
    this.run('DELETE FROM artifacts WHERE id = ?', id);
  }

  // Versions

  version(artifactId: string, hash: string): VersionRow | undefined {
    return this.get('SELECT * FROM artifact_versions WHERE artifact_id = ? AND content_hash = ?', artifactId, hash);
  }

  versions(artifactId: string): VersionRow[] {
    return this.all('SELECT * FROM artifact_versions WHERE artifact_id = ? ORDER BY created_at, rowid', artifactId);
  }

  /**
   * A version is created once per (artifact, content); seeing the same content again reuses it.
   * (`ON CONFLICT DO NOTHING`, not `INSERT OR IGNORE`: the latter would also silently drop a
   * row that breaks the change_origin CHECK.)
   */
  insertVersion(row: VersionRow): boolean {
    return (
      this.run(
        `INSERT INTO artifact_versions (artifact_id, content_hash, parent_hash, change_origin, version_lineage, created_at, metadata)
         VALUES (@artifact_id, @content_hash, @parent_hash, @change_origin, @version_lineage, @created_at, @metadata)
         ON CONFLICT (artifact_id, content_hash) DO NOTHING`,
        row,
      ) === 1
    );
  }

  // Deployments

  deployments(project?: string): DeploymentRow[] {
    return project === undefined
      ? this.all('SELECT * FROM deployments ORDER BY project, artifact_id')
      : this.all('SELECT * FROM deployments WHERE project = ? ORDER BY artifact_id', project);
  }

  deploymentsOf(artifactId: string): DeploymentRow[] {
    return this.all('SELECT * FROM deployments WHERE artifact_id = ? ORDER BY project', artifactId);
  }

  deployment(project: string, artifactId: string): DeploymentRow | undefined {
    return this.get('SELECT * FROM deployments WHERE project = ? AND artifact_id = ?', project, artifactId);
  }

  upsertDeployment(row: DeploymentRow): void {
    this.run(
      `INSERT INTO deployments (project, artifact_id, deployed_hash, deployed_at, parent_hash, version_lineage, sync_status,
        upstream_ref, upstream_version, upstream_sha, last_upstream_check, pending_conflicts, record_extra)
       VALUES (@project, @artifact_id, @deployed_hash, @deployed_at, @parent_hash, @version_lineage, @sync_status,
        @upstream_ref, @upstream_version, @upstream_sha, @last_upstream_check, @pending_conflicts, @record_extra)
       ON CONFLICT (project, artifact_id) DO UPDATE SET deployed_hash = excluded.deployed_hash,
        deployed_at = excluded.deployed_at, parent_hash = excluded.parent_hash, version_lineage = excluded.version_lineage,
        sync_status = excluded.sync_status, upstream_ref = excluded.upstream_ref, upstream_version = excluded.upstream_version,
        upstream_sha = excluded.upstream_sha, last_upstream_check = excluded.last_upstream_check,
        pending_conflicts = excluded.pending_conflicts, record_extra = excluded.record_extra`,
      row,
    );
  }

  setDeploymentConflicts(project: string, artifactId: string, status: SyncStatus, paths: readonly string[]): void {
    this.run(
      'UPDATE deployments SET sync_status = ?, pending_conflicts = ? WHERE project = ? AND artifact_id = ?',
      status,
      JSON.stringify(paths),
      project,
      artifactId,
    );
  }

  setLastUpstreamCheck(artifactId: string, checkedAt: string): void {
    this.run('UPDATE deployments SET last_upstream_check = ? WHERE artifact_id = ?', checkedAt, artifactId);
  }

  // Snapshots

  snapshotFiles(hash: string): string | undefined {
    return this.get<{ files: string }>('SELECT files FROM snapshots WHERE content_hash = ?', hash)?.files;
  }

  hasSnapshot(hash: string): boolean {
    return this.get('SELECT 1 AS found FROM snapshots WHERE content_hash = ?', hash) !== undefined;
  }

  insertSnapshot(hash: string, files: string, size: number, createdAt: string): void {
    this.run(
      'INSERT INTO snapshots (content_hash, files, size, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING',
      hash,
      files,
      size,
      createdAt,
    );
  }

  // Conflicts and pending merges

  conflicts(artifactId: string, project: string, pendingOnly = true): ConflictRow[] {
    return this.all(
      `SELECT * FROM conflicts WHERE artifact_id = ? AND project = ? ${pendingOnly ? 'AND resolved_at IS NULL' : ''} ORDER BY path`,
      artifactId,
      project,
    );
  }

  insertConflict(row: Omit<ConflictRow, 'id' | 'resolved_at' | 'resolution'>): void {
    this.run(
      `INSERT INTO conflicts (artifact_id, project, path, kind, base_sha256, ours_sha256, theirs_sha256, regions, created_at)
       VALUES (@artifact_id, @project, @path, @kind, @base_sha256, @ours_sha256, @theirs_sha256, @regions, @created_at)`,
      row,
    );
  }

  resolveConflict(id: number, resolution: Resolution, at: string): void {
    this.run('UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE id = ?', at, resolution, id);
  }

  /** Abandoned conflicts are closed rather than deleted: they stay as history of what was tried. */
  closeConflicts(artifactId: string, project: string, at: string): void {
    this.run(
      'UPDATE conflicts SET resolved_at = ? WHERE artifact_id = ? AND project = ? AND resolved_at IS NULL',
      at,
      artifactId,
      project,
    );
  }

  pendingMerge(artifactId: string, project: string): PendingMergeRow | undefined {
    return this.get('SELECT * FROM pending_merges WHERE artifact_id = ? AND project = ?', artifactId, project);
  }

  pendingMerges(): PendingMergeRow[] {
    return this.all('SELECT * FROM pending_merges ORDER BY artifact_id, project');
  }

  insertPendingMerge(row: PendingMergeRow): void {
    this.run(
      `INSERT INTO pending_merges (artifact_id, project, direction, base_hash, ours_hash, theirs_hash, theirs_lineage,
        merged_hash, completion, started_at, trace_id)
       VALUES (@artifact_id, @project, @direction, @base_hash, @ours_hash, @theirs_hash, @theirs_lineage,
        @merged_hash, @completion, @started_at, @trace_id)`,
      row,
    );
  }

  deletePendingMerge(artifactId: string, project: string): void {
    this.run('DELETE FROM pending_merges WHERE artifact_id = ? AND project = ?', artifactId, project);
  }

  // History

  insertEvent(row: Omit<EventRow, 'id'>): void {
    this.run(
      `INSERT INTO version_events (artifact_id, project, action, content_hash, parent_hash, change_origin, created_at,
        upstream_ref, upstream_sha, upstream_version, trace_id, metadata)
       VALUES (@artifact_id, @project, @action, @content_hash, @parent_hash, @change_origin, @created_at,
        @upstream_ref, @upstream_sha, @upstream_version, @trace_id, @metadata)`,
      row,
    );
  }

  events(artifactId: string, project: string): EventRow[] {
    return this.all(
      'SELECT * FROM version_events WHERE artifact_id = ? AND project = ? ORDER BY id',
      artifactId,
      project,
    );
  }

  // Upstream checks

  upstreamCheck(artifactId: string): UpstreamCheckRow | undefined {
    return this.get('SELECT * FROM upstream_checks WHERE artifact_id = ?', artifactId);
  }

  upstreamChecks(): UpstreamCheckRow[] {
    return this.all('SELECT * FROM upstream_checks');
  }

  saveUpstreamCheck(row: UpstreamCheckRow): void {
    this.run(
      `INSERT INTO upstream_checks (artifact_id, checked_at, sha, version, content_hash, error, duration_ms)
       VALUES (@artifact_id, @checked_at, @sha, @version, @content_hash, @error, @duration_ms)
       ON CONFLICT (artifact_id) DO UPDATE SET checked_at = excluded.checked_at,
        sha = COALESCE(excluded.sha, upstream_checks.sha), version = COALESCE(excluded.version, upstream_checks.version),
        content_hash = CASE WHEN excluded.sha IS NULL THEN upstream_checks.content_hash ELSE excluded.content_hash END,
        error = excluded.error, duration_ms = excluded.duration_ms`,
      row,
    );
  }
}
