import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from './context.js';
import type { ArtifactDto, ConflictDto, DeploymentDto, HistoryEntryDto, VersionDto } from './dto.js';
import { isSingleFile, projectLocation } from './kinds.js';
import { parseLineage } from './lineage.js';
import type { MergeLabels, PlannedConflict } from './merge-plan.js';
import {
  type ArtifactRow,
  COLLECTION_TIER,
  type ConflictRow,
  type DeploymentRow,
  type EventRow,
  type VersionRow,
} from './store.js';

/** Rows as the DTOs every result is made of. */

export function lineageOf(json: string | null, head: string): string[] {
  return parseLineage(json) ?? [head];
}

export function artifactDto(ctx: ServiceContext, row: ArtifactRow): ArtifactDto {
  const check = ctx.db.upstreamCheck(row.id);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    current_hash: row.current_hash,
    version_lineage: lineageOf(row.version_lineage, row.current_hash),
    upstream:
      row.upstream_url === null
        ? null
        : {
            url: row.upstream_url,
            path: row.upstream_path ?? '',
            ref: row.upstream_ref,
            pin: row.upstream_pin ?? 'default',
            sha: row.upstream_sha,
            version: row.upstream_version,
            content_hash: row.upstream_hash,
            last_check: check
              ? { checked_at: check.checked_at, sha: check.sha, version: check.version, error: check.error }
              : null,
          },
    created_at: row.created_at,
    updated_at: row.updated_at,
    pending_conflicts: ctx.db.conflicts(row.id, COLLECTION_TIER).map((conflict) => conflict.path),
  };
}

export function versionDto(row: VersionRow): VersionDto {
  return {
    artifact_id: row.artifact_id,
    content_hash: row.content_hash,
    parent_hash: row.parent_hash,
    change_origin: row.change_origin,
    version_lineage: lineageOf(row.version_lineage, row.content_hash),
    created_at: row.created_at,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
}

export function deploymentDto(row: DeploymentRow, artifact: ArtifactRow): DeploymentDto {
  return {
    project: row.project,
    artifact_id: row.artifact_id,
    location: projectLocation(row.project, artifact.kind, artifact.name),
    deployed_hash: row.deployed_hash,
    deployed_at: row.deployed_at,
    ...deploymentState(row),
  };
}

/** What a deployment's row says of its lineage, status and upstream: shown by the DTO and kept in the project's record alike. */
export function deploymentState(row: DeploymentRow) {
  return {
    parent_hash: row.parent_hash,
    version_lineage: lineageOf(row.version_lineage, row.deployed_hash),
    sync_status: row.sync_status,
    upstream_ref: row.upstream_ref,
    upstream_version: row.upstream_version,
    upstream_sha: row.upstream_sha,
    last_upstream_check: row.last_upstream_check,
    pending_conflicts: JSON.parse(row.pending_conflicts) as string[],
  };
}

export function eventDto(row: EventRow): HistoryEntryDto {
  return {
    action: row.action,
    content_hash: row.content_hash,
    parent_hash: row.parent_hash,
    change_origin: row.change_origin,
    created_at: row.created_at,
    upstream:
      row.upstream_sha === null && row.upstream_ref === null
        ? null
        : { ref: row.upstream_ref, sha: row.upstream_sha, version: row.upstream_version },
    trace_id: row.trace_id,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
}

/** Where a conflicted file can be opened: in the project itself, or in the collection's merge workspace. */
export function workspaceDir(ctx: ServiceContext, artifact: ArtifactRow, project: string): string {
  return project === COLLECTION_TIER
    ? join(ctx.paths.merges, artifact.id.replace(/[^A-Za-z0-9._-]/g, '-'))
    : projectLocation(project, artifact.kind, artifact.name);
}

export function conflictDto(
  ctx: ServiceContext,
  artifact: ArtifactRow,
  project: string,
  conflict: PlannedConflict | ConflictRow,
  labels: MergeLabels,
  present: boolean,
): ConflictDto {
  const dir = workspaceDir(ctx, artifact, project);
  const singleFile = isSingleFile(artifact.kind) && project !== COLLECTION_TIER;
  return {
    path: conflict.path,
    kind: conflict.kind,
    workspace_path: present ? (singleFile ? dir : join(dir, ...conflict.path.split('/'))) : null,
    base_sha256: conflict.base_sha256,
    ours_sha256: conflict.ours_sha256,
    theirs_sha256: conflict.theirs_sha256,
    regions: typeof conflict.regions === 'string' ? JSON.parse(conflict.regions) : conflict.regions,
    labels,
  };
}

/** What `ours` and `theirs` were in a pending merge, by its direction. */
const MERGE_LABELS: Record<string, MergeLabels> = {
  'upstream-to-collection': { ours: 'collection', theirs: 'upstream' },
  'collection-to-project': { ours: 'project', theirs: 'collection' },
  'project-to-collection': { ours: 'collection', theirs: 'project' },
};

/** The conflicts pending on a tier, each with the file to open (null when the merge left none there). */
export function pendingConflicts(ctx: ServiceContext, artifact: ArtifactRow, project: string): ConflictDto[] {
  const direction = ctx.db.pendingMerge(artifact.id, project)?.direction ?? '';
  const labels = MERGE_LABELS[direction] ?? { ours: 'ours', theirs: 'theirs' };
  return ctx.db.conflicts(artifact.id, project).map((row) => {
    const dto = conflictDto(ctx, artifact, project, row, labels, true);
    return { ...dto, workspace_path: dto.workspace_path && existsSync(dto.workspace_path) ? dto.workspace_path : null };
  });
}
