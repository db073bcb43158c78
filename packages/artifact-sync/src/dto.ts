/**
 * What every operation returns: plain, JSON-serialisable objects with snake_case fields (the
 * seed's names), so a CLI prints them with `--json` and an HTTP API sends them as they are.
 */
import type { ConflictInfo } from '@lineage/merge-engine';
import type { ArtifactKind } from './kinds.js';
import type { ChangeOrigin, LineageIssue } from './lineage.js';
import type { FilePlan, PlanOutcome, Strategy } from './merge-plan.js';
import type { ConflictKind, EventAction, PinKind, Resolution, SyncStatus } from './store.js';

export type { ConflictKind, EventAction, FilePlan, PinKind, PlanOutcome, Resolution, Strategy, SyncStatus };

/** Which way content moves. */
export type Direction = 'upstream-to-collection' | 'collection-to-project' | 'project-to-collection';

export interface Timing {
  duration_ms: number;
  /** Time in each phase that ran: `fetch_ms`, `merge_ms`, `apply_ms`, `hash_ms`, `check_ms`. */
  phases: Record<string, number>;
}

/** Fields every result carries. */
export interface ResultBase {
  trace_id: string;
  timing: Timing;
  /** Things the caller should know that did not stop the operation (an upstream unreachable, a legacy record). */
  warnings: string[];
}

export interface UpstreamDto {
  url: string;
  path: string;
  /** The ref as given (`null`: the remote's default branch, tracked). */
  ref: string | null;
  pin: PinKind;
  /** The commit last taken in, its tag or branch name, and its content hash. */
  sha: string | null;
  version: string | null;
  content_hash: string | null;
  /** The last `git ls-remote` check: when, what it found, and its error if it failed. */
  last_check: { checked_at: string; sha: string | null; version: string | null; error: string | null } | null;
}

export interface ArtifactDto {
  id: string;
  name: string;
  kind: ArtifactKind;
  current_hash: string;
  version_lineage: string[];
  upstream: UpstreamDto | null;
  created_at: string;
  updated_at: string;
  /** Files of the collection's version with conflicts awaiting resolution (an upstream or project merge). */
  pending_conflicts: string[];
}

export interface VersionDto {
  artifact_id: string;
  content_hash: string;
  parent_hash: string | null;
  change_origin: ChangeOrigin | null;
  version_lineage: string[];
  created_at: string;
  metadata: Record<string, unknown>;
}

export interface DeploymentDto {
  project: string;
  artifact_id: string;
  /** Absolute path of the deployed directory or file. */
  location: string;
  deployed_hash: string;
  deployed_at: string;
  parent_hash: string | null;
  version_lineage: string[];
  /** `show` computes it from the project's files now, as `drift` does. */
  sync_status: SyncStatus;
  upstream_ref: string | null;
  upstream_version: string | null;
  upstream_sha: string | null;
  last_upstream_check: string | null;
  pending_conflicts: string[];
}

export interface ConflictDto {
  path: string;
  kind: ConflictKind;
  /** The file with conflict markers, to open in an editor (absent when the merge deleted it). */
  workspace_path: string | null;
  base_sha256: string | null;
  ours_sha256: string | null;
  theirs_sha256: string | null;
  regions: ConflictInfo[];
  /** What `ours` and `theirs` are for this conflict: the target tier and the incoming one. */
  labels: { ours: string; theirs: string };
}

export interface SyncPlanDto {
  /** `null` for a rollback, which moves a tier within its own lineage. */
  direction: Direction | null;
  strategy: Strategy;
  artifact_id: string;
  project: string | null;
  source: {
    tier: 'upstream' | 'collection' | 'project';
    hash: string;
    ref?: string | null;
    sha?: string;
    version?: string | null;
  };
  target: { tier: 'collection' | 'project'; hash: string | null };
  /** The lineage merge base (`null`: no common ancestor). */
  base_hash: string | null;
  outcome: PlanOutcome;
  result_hash: string;
  files: FilePlan[];
  summary: { added: number; modified: number; deleted: number; unchanged: number; conflicts: number };
  conflicts: ConflictDto[];
}

/**
 * How a sync ended. `planned`: a dry run, nothing written. `conflicts-stopped`: strategy
 * `auto` met conflicts and wrote nothing. `conflicts-pending`: strategy `prompt` wrote the
 * files with markers; `resolve` or `abort` next.
 */
export type SyncResultStatus =
  | 'planned'
  | 'unchanged'
  | 'fast-forwarded'
  | 'merged'
  | 'overwritten'
  | 'deployed'
  | 'rolled-back'
  | 'conflicts-stopped'
  | 'conflicts-pending';

export interface SyncResultDto extends ResultBase {
  operation: 'sync' | 'deploy' | 'update' | 'rollback';
  artifact_id: string;
  direction: Direction | null;
  project: string | null;
  applied: boolean;
  status: SyncResultStatus;
  plan: SyncPlanDto;
  /** The target's head afterwards, and its lineage (oldest first). */
  head: VersionDto | null;
  lineage: string[];
  /** The deployment's status after the operation (collection → project and project → collection). */
  sync_status: SyncStatus | null;
  /** Conflicts awaiting resolution on the target after this operation. */
  conflicts: ConflictDto[];
  /** Versions recorded before content was replaced (local edits, an overwritten version): nothing a user wrote is lost. */
  saved_versions: string[];
  /** For `both`: each step (upstream → collection, project → collection, collection → project). */
  steps?: SyncResultDto[];
}

export interface DriftFileDto {
  path: string;
  /** Change in the project since the deployed version. */
  project: 'added' | 'modified' | 'deleted' | 'unchanged';
  /** Change in the collection since the version both last shared. */
  collection: 'added' | 'modified' | 'deleted' | 'unchanged';
}

export type Recommendation = 'none' | 'update' | 'sync-project' | 'merge' | 'resolve' | 'sync-upstream' | 'redeploy';

export interface DriftEntryDto {
  artifact_id: string;
  name: string;
  kind: ArtifactKind;
  project: string;
  location: string;
  status: SyncStatus;
  hashes: { project: string | null; deployed: string; collection: string; base: string | null };
  changed: { project: boolean; collection: boolean; upstream: boolean | null };
  upstream: {
    pin: PinKind | null;
    ref: string | null;
    version: string | null;
    sha: string | null;
    latest_sha: string | null;
    checked_at: string | null;
  } | null;
  /** For a diverged deployment: whether merging the collection in would conflict (tried in memory). */
  would_conflict: boolean | null;
  files: DriftFileDto[];
  pending_conflicts: string[];
  recommendation: Recommendation;
  warnings: string[];
}

export interface CollectionDriftDto {
  artifact_id: string;
  /** Whether the upstream has moved past the collection's version: `null` when never checked. */
  upstream_newer: boolean | null;
  checked_at: string | null;
  pending_conflicts: string[];
}

export interface DriftReportDto extends ResultBase {
  projects: string[];
  entries: DriftEntryDto[];
  artifacts: CollectionDriftDto[];
  summary: Record<SyncStatus, number>;
  /** Whether upstreams were asked during this drift (else the cached checks were used). */
  upstream_checked: boolean;
}

export interface UpstreamCheckDto {
  artifact_id: string;
  ok: boolean;
  sha: string | null;
  version: string | null;
  newer: boolean | null;
  checked_at: string;
  duration_ms: number;
  error: { code: string; message: string } | null;
  /** The check failed and the last good one is reported instead. */
  from_cache: boolean;
}

export interface UpstreamCheckReportDto extends ResultBase {
  checks: UpstreamCheckDto[];
}

export interface HistoryEntryDto {
  action: EventAction;
  content_hash: string;
  parent_hash: string | null;
  change_origin: ChangeOrigin;
  created_at: string;
  upstream: { ref: string | null; sha: string | null; version: string | null } | null;
  trace_id: string | null;
  metadata: Record<string, unknown>;
}

export interface HistoryDto extends ResultBase {
  artifact_id: string;
  project: string | null;
  head: string;
  version_lineage: string[];
  entries: HistoryEntryDto[];
  versions: VersionDto[];
  /** Problems found in the lineage (cycles, orphans, entries without a version): reported, never looped on. */
  lineage_issues: LineageIssue[];
}

export interface ResolveResultDto extends ResultBase {
  artifact_id: string;
  project: string | null;
  path: string;
  resolution: Resolution;
  remaining: string[];
  /** All conflicts are resolved: the merge is recorded as a new version. */
  completed: boolean;
  head: VersionDto | null;
}

export interface ConflictListDto extends ResultBase {
  artifact_id: string;
  project: string | null;
  /** The pending merge's direction (`null`: no merge pending). */
  direction: Direction | null;
  conflicts: ConflictDto[];
}

export interface AbortResultDto extends ResultBase {
  artifact_id: string;
  project: string | null;
  restored_hash: string;
  /** The conflicted content as a person had edited it, kept as a version before it was dropped. */
  saved_hash: string | null;
  cleared_conflicts: string[];
}

export interface BulkItemDto {
  artifact_id: string;
  status: SyncResultStatus | 'error' | 'cancelled';
  error: { code: string; message: string; hint?: string } | null;
  result: SyncResultDto | null;
}

export interface BulkSummaryDto {
  total: number;
  auto_merged: number;
  fast_forwarded: number;
  conflicts: number;
  errors: number;
  unchanged: number;
  overwritten: number;
  planned: number;
  cancelled: number;
}

export interface BulkResultDto extends ResultBase {
  operation: 'update-all' | 'sync-all';
  project: string | null;
  summary: BulkSummaryDto;
  items: BulkItemDto[];
}

export interface ListResultDto extends ResultBase {
  artifacts: ArtifactDto[];
}

export interface AddResultDto extends ResultBase {
  artifact: ArtifactDto;
  /** The first version: the root of the lineage (origin `deployment`, no parent). */
  version: VersionDto;
  files: { path: string; size: number; mode: string }[];
}

export interface RemoveResultDto {
  removed: string;
  /** Projects that still hold the artifact's files and record (removal with `force`). */
  deployments: string[];
  trace_id: string;
}

export interface MigrateRecordsResultDto {
  project: string;
  /** Records stored in the collection, their lineage backfilled. */
  adopted: string[];
  /** Records of artifacts this collection does not have, left as they are. */
  skipped: string[];
  trace_id: string;
}

export interface ArtifactDetailDto extends ResultBase {
  artifact: ArtifactDto;
  versions: VersionDto[];
  deployments: DeploymentDto[];
  files: { path: string; sha256: string; size: number; mode: string }[];
}

export interface ProgressEvent {
  operation: string;
  phase: 'resolve' | 'fetch' | 'read' | 'merge' | 'apply' | 'check' | 'hash' | 'item';
  artifact_id?: string;
  /** For bulk work: items finished and in all. */
  done?: number;
  total?: number;
  message: string;
}
