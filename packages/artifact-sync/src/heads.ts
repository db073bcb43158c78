import { ConflictsLeftError } from '@lineage/errors';
import type { ServiceContext } from './context.js';
import { statusAfterWrite } from './drift.js';
import type { VersionDto } from './dto.js';
import type { ChangeOrigin } from './lineage.js';
import { type ArtifactRow, COLLECTION_TIER, type DeploymentRow, type EventAction, type PinKind } from './store.js';
import type { Operation } from './telemetry.js';
import type { ArtifactTree } from './tree.js';
import { versionDto } from './views.js';

/**
 * Tier heads and their history: moving the collection's current version or a deployment's
 * deployed version, recording versions and events, and what completing a merge records.
 */

/** The tier that receives content: the collection itself, or one deployment in a project. */
export interface Target {
  tier: 'collection' | 'project';
  /** The project's path; '' for the collection. */
  project: string;
  artifact: ArtifactRow;
  /** The recorded head, and its lineage. */
  head: string;
  lineage: string[];
  /** What the tier holds now (a project may have been edited since the head was recorded). */
  current: ArtifactTree;
  currentHash: string;
  deployment?: DeploymentRow;
}

/** A version of content a person created outside this tool and that must be kept before anything replaces it. */
export interface NewVersion {
  hash: string;
  tree: ArtifactTree;
  parent: string | null;
  origin: ChangeOrigin;
  lineage: string[];
  metadata?: Record<string, unknown>;
}

/** What finishing a merge records besides the target's new head. */
export interface Completion {
  /** The upstream state an upstream merge took in. */
  upstream?: {
    upstream_ref: string | null;
    upstream_pin: PinKind;
    upstream_sha: string;
    upstream_version: string | null;
    upstream_hash: string;
  };
  /** The deployment whose edits a project → collection merge took in, and the lineage it then has. */
  source_deployment?: { project: string; hash: string; lineage: string[] };
  /** The upstream state a collection → project merge brought to the deployment (its provenance). */
  deployment_upstream?: {
    project: string;
    upstream_ref: string | null;
    upstream_version: string | null;
    upstream_sha: string | null;
  };
}

/**
 * Records what a merge took in besides the target's head: the upstream commit, the deployment
 * whose edits arrived (its head moves to those edits, a `local-edit` in its history).
 */
export function completeMerge(
  ctx: ServiceContext,
  op: Operation,
  artifactId: string,
  completion: Completion,
  now: string,
): void {
  if (completion.upstream) ctx.db.updateArtifactUpstream(artifactId, completion.upstream);
  const provenance = completion.deployment_upstream;
  const target = provenance && ctx.db.deployment(provenance.project, artifactId);
  if (provenance && target) {
    const { project: _, ...upstream } = provenance;
    ctx.db.upsertDeployment({ ...target, ...upstream });
  }
  const source = completion.source_deployment;
  const row = source && ctx.db.deployment(source.project, artifactId);
  if (source && row && row.deployed_hash !== source.hash) {
    ctx.db.upsertDeployment({
      ...row,
      deployed_hash: source.hash,
      deployed_at: now,
      parent_hash: row.deployed_hash,
      version_lineage: JSON.stringify(source.lineage),
    });
    recordEvent(
      ctx,
      op,
      {
        artifact: artifactId,
        project: source.project,
        action: 'local-edit',
        hash: source.hash,
        parent: row.deployed_hash,
        origin: 'local_modification',
        metadata: { taken_into: 'collection' },
      },
      now,
    );
  }
}

/** Stores a deployment's status after a write: `conflict` with its files while a merge is pending, else computed. */
export function refreshStatus(
  ctx: ServiceContext,
  artifactId: string,
  project: string,
  conflicts: readonly string[],
): void {
  if (project === COLLECTION_TIER) return;
  const row = ctx.db.deployment(project, artifactId);
  if (!row) return;
  const pending = ctx.db.pendingMerge(artifactId, project) !== undefined;
  const status = pending ? 'conflict' : statusAfterWrite(ctx, ctx.db.artifact(artifactId) as ArtifactRow, row);
  ctx.db.setDeploymentConflicts(project, artifactId, status, pending ? conflicts : []);
}

/** Sets a tier's head: the collection's current version, or a deployment's deployed version. */
export function moveHead(ctx: ServiceContext, target: Target, head: string, lineage: string[], now: string): void {
  if (target.tier === 'collection') {
    ctx.db.updateArtifactHead(target.artifact.id, {
      current_hash: head,
      version_lineage: JSON.stringify(lineage),
      updated_at: now,
    });
    return;
  }
  const row = target.deployment as DeploymentRow;
  const changed = head !== row.deployed_hash;
  ctx.db.upsertDeployment({
    ...row,
    deployed_hash: head,
    deployed_at: changed ? now : row.deployed_at,
    parent_hash: changed ? row.deployed_hash : row.parent_hash,
    version_lineage: JSON.stringify(lineage),
  });
}

export function insertVersion(ctx: ServiceContext, artifactId: string, version: NewVersion, now: string): void {
  ctx.db.insertVersion({
    artifact_id: artifactId,
    content_hash: version.hash,
    parent_hash: version.parent,
    change_origin: version.origin,
    version_lineage: JSON.stringify(version.lineage),
    created_at: now,
    metadata: JSON.stringify(version.metadata ?? {}),
  });
}

/** One move of a tier's head, for its history. */
export interface HistoryEvent {
  artifact: string;
  project: string;
  action: EventAction;
  hash: string;
  parent: string | null;
  origin: ChangeOrigin;
  upstream?: { ref: string | null; sha: string | null; version: string | null } | null;
  metadata?: Record<string, unknown>;
}

export function recordEvent(ctx: ServiceContext, op: Operation, event: HistoryEvent, now: string): void {
  ctx.db.insertEvent({
    artifact_id: event.artifact,
    project: event.project,
    action: event.action,
    content_hash: event.hash,
    parent_hash: event.parent,
    change_origin: event.origin,
    created_at: now,
    upstream_ref: event.upstream?.ref ?? null,
    upstream_sha: event.upstream?.sha ?? null,
    upstream_version: event.upstream?.version ?? null,
    trace_id: op.traceId,
    metadata: JSON.stringify(event.metadata ?? {}),
  });
}

/** Keeps what a person wrote before it is replaced: a `local_modification` version and its history event. */
export function recordLocalEdit(
  ctx: ServiceContext,
  op: Operation,
  artifactId: string,
  project: string,
  version: NewVersion,
  now: string,
): void {
  insertVersion(ctx, artifactId, version, now);
  recordEvent(
    ctx,
    op,
    {
      artifact: artifactId,
      project,
      action: 'local-edit',
      hash: version.hash,
      parent: version.parent,
      origin: 'local_modification',
      metadata: version.metadata ?? {},
    },
    now,
  );
}

export function versionOf(ctx: ServiceContext, artifactId: string, hash: string): VersionDto | null {
  const row = ctx.db.version(artifactId, hash);
  return row ? versionDto(row) : null;
}

export function conflictsPending(artifact: ArtifactRow, project: string, paths: string[]): ConflictsLeftError {
  const where = project === COLLECTION_TIER ? 'the collection' : project;
  return new ConflictsLeftError(
    'CONFLICTS_PENDING',
    `${artifact.id} has a merge in ${where} with conflicts left: ${paths.join(', ') || '(none listed)'}`,
    {
      hint: `resolve each file (\`skillmeat-sync resolve ${artifact.id} --file PATH${project ? ` --project ${project}` : ''}\`) or drop the merge with \`skillmeat-sync abort ${artifact.id}\``,
      details: { artifact_id: artifact.id, project: project || null, pending_conflicts: paths },
    },
  );
}
