import { rmSync } from 'node:fs';
import { ConflictsLeftError } from '@lineage/errors';
import { replaceDirectory } from '@lineage/safe-fs';
import type { ServiceContext } from './context.js';
import { writeTreeInto } from './disk-tree.js';
import { statusAfterWrite } from './drift.js';
import type { Direction, SyncPlanDto, SyncResultDto, SyncResultStatus, VersionDto } from './dto.js';
import { type ChangeOrigin, extendLineage, findMergeBase } from './lineage.js';
import { type MergeLabels, type MergePlan, planMerge, type Strategy } from './merge-plan.js';
import { writeProjectArtifact } from './project.js';
import { planDto, syncResult } from './results.js';
import { type ArtifactRow, COLLECTION_TIER, type DeploymentRow, type EventAction, type SyncStatus } from './store.js';
import type { Operation } from './telemetry.js';
import type { ArtifactTree, ManifestEntry } from './tree.js';
import { conflictDto, versionDto, workspaceDir } from './views.js';

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

export interface Incoming {
  tier: 'upstream' | 'collection' | 'project';
  tree: ArtifactTree;
  hash: string;
  /** The incoming content's lineage, ending at `hash`. */
  lineage: string[];
  /** Versions to record for incoming content the collection did not hold (an upstream commit, a project's edits). */
  versions: NewVersion[];
  source: SyncPlanDto['source'];
}

/** What finishing a merge records besides the target's new head. */
export interface Completion {
  /** The upstream state an upstream merge took in. */
  upstream?: {
    upstream_ref: string | null;
    upstream_pin: import('./store.js').PinKind;
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

export interface MergeRequest {
  direction: Direction;
  strategy: Strategy;
  apply: boolean;
  labels: MergeLabels;
  /** Fields of the target's new head event (upstream provenance). */
  eventUpstream?: { ref: string | null; sha: string | null; version: string | null };
  /** Stored with a pending merge: what completing it must also record (see `Completion`). */
  completion?: Completion;
}

/**
 * Brings incoming content into a target: finds the lineage merge base, plans the per-file
 * merge, and — when applying — snapshots whatever a person wrote before anything replaces it,
 * writes the target all at once, then records versions, lineage and history in one
 * transaction. Files go first and the database second: a crash in between leaves a target
 * holding the complete new content, which the next sync recognises as the same change.
 */
export async function mergeInto(
  ctx: ServiceContext,
  op: Operation,
  target: Target,
  incoming: Incoming,
  request: MergeRequest,
): Promise<SyncResultDto> {
  const { artifact, project } = target;
  const pending = ctx.db.pendingMerge(artifact.id, project);
  if (pending)
    throw conflictsPending(
      artifact,
      project,
      ctx.db.conflicts(artifact.id, project).map((c) => c.path),
    );

  const local = target.currentHash !== target.head;
  const oursLineage = local ? [...target.lineage, target.currentHash] : target.lineage;
  const base = findMergeBase(
    oursLineage,
    incoming.lineage,
    (hash) => hash === target.currentHash || ctx.snapshots.has(hash),
  );
  const plan = await op.span(
    'merge',
    { 'artifact_sync.artifact_id': artifact.id, 'artifact_sync.direction': request.direction },
    () =>
      planMerge({
        base: base === null ? null : base === target.currentHash ? target.current : ctx.snapshots.read(base),
        ours: target.current,
        theirs: incoming.tree,
        strategy: request.strategy,
        labels: request.labels,
      }),
  );
  if (plan.outcome === 'merge' || plan.outcome === 'conflict')
    op.recordMerge(plan.outcome === 'merge', plan.conflicts.length, request.direction);
  const planned = toPlanDto(ctx, target, incoming, request, base, plan);
  const result = (status: SyncResultStatus, fields: Partial<SyncResultDto> = {}): SyncResultDto =>
    syncResult(op, {
      operation: 'sync',
      artifact_id: artifact.id,
      direction: request.direction,
      project: project === COLLECTION_TIER ? null : project,
      plan: planned,
      status,
      lineage: target.lineage,
      sync_status: target.deployment?.sync_status ?? null,
      ...fields,
    });
  if (!request.apply) return result('planned', { conflicts: planned.conflicts });
  if (plan.outcome === 'conflict' && request.strategy === 'auto')
    return result('conflicts-stopped', { conflicts: planned.conflicts });

  const newHead = plan.result_hash;
  const nothingNew =
    newHead === target.currentHash && !local && incoming.lineage.every((hash) => oursLineage.includes(hash));
  if (nothingNew) {
    // The content is already here; an upstream may still have moved to a new commit with it.
    if (request.completion)
      ctx.db.transaction(() => completeMerge(ctx, artifact.id, request.completion ?? {}, ctx.now()));
    return result('unchanged', { applied: true, head: versionOf(ctx, artifact.id, target.head) });
  }

  return op.span(
    'apply',
    { 'artifact_sync.artifact_id': artifact.id, 'artifact_sync.direction': request.direction },
    async () => {
      const saved: NewVersion[] = [];
      if (local) {
        saved.push({
          hash: target.currentHash,
          tree: target.current,
          parent: target.head,
          origin: 'local_modification',
          lineage: oursLineage,
          metadata: { detected: request.direction },
        });
      }
      const stored = new Map<string, ManifestEntry[]>();
      for (const version of [...saved, ...incoming.versions])
        stored.set(version.hash, (await ctx.snapshots.putBlobs(version.tree)).manifest);
      stored.set(newHead, (await ctx.snapshots.putBlobs(plan.result)).manifest);

      const conflicted = plan.outcome === 'conflict';
      if (target.tier === 'project' && newHead !== target.currentHash) {
        await writeProjectArtifact(project, artifact.kind, artifact.name, plan.result, ctx.applyHooks);
      } else if (target.tier === 'collection' && conflicted) {
        await replaceDirectory(workspaceDir(ctx, artifact, project), (staging) => writeTreeInto(staging, plan.result));
      }

      const now = ctx.now();
      const status: SyncResultStatus = conflicted
        ? 'conflicts-pending'
        : request.strategy === 'overwrite' && plan.outcome === 'overwrite'
          ? 'overwritten'
          : plan.outcome === 'fast-forward'
            ? 'fast-forwarded'
            : plan.outcome === 'unchanged'
              ? 'unchanged'
              : 'merged';
      const lineage = conflicted ? oursLineage : extendLineage(oursLineage, incoming.lineage, newHead);
      ctx.db.transaction(() => {
        for (const [hash, manifest] of stored) ctx.snapshots.record(hash, manifest);
        for (const version of saved) recordLocalEdit(ctx, op, artifact.id, project, version, now);
        for (const version of incoming.versions) insertVersion(ctx, artifact.id, version, now);
        if (conflicted) {
          ctx.db.insertPendingMerge({
            artifact_id: artifact.id,
            project,
            direction: request.direction,
            base_hash: base,
            ours_hash: target.currentHash,
            theirs_hash: incoming.hash,
            theirs_lineage: JSON.stringify(incoming.lineage),
            merged_hash: newHead,
            completion: JSON.stringify(request.completion ?? {}),
            started_at: now,
            trace_id: op.traceId,
          });
          for (const conflict of plan.conflicts) {
            ctx.db.insertConflict({
              artifact_id: artifact.id,
              project,
              ...conflict,
              regions: JSON.stringify(conflict.regions),
              created_at: now,
            });
          }
        } else if (newHead !== target.currentHash) {
          insertVersion(
            ctx,
            artifact.id,
            { hash: newHead, parent: target.currentHash, origin: 'sync', lineage, tree: plan.result },
            now,
          );
          recordEvent(
            ctx,
            op,
            {
              artifact: artifact.id,
              project: project,
              action: request.strategy === 'overwrite' ? 'overwrite' : 'sync',
              hash: newHead,
              parent: target.currentHash,
              origin: 'sync',
              upstream: request.eventUpstream ?? null,
              metadata: { direction: request.direction, base },
            },
            now,
          );
        }
        moveHead(ctx, target, conflicted ? target.currentHash : newHead, lineage, now);
        if (!conflicted) completeMerge(ctx, artifact.id, request.completion ?? {}, now);
        refreshStatus(
          ctx,
          artifact.id,
          project,
          plan.conflicts.map((conflict) => conflict.path),
        );
        if (request.completion?.source_deployment)
          refreshStatus(ctx, artifact.id, request.completion.source_deployment.project, []);
      });
      const conflicts = conflicted ? planned.conflicts : [];
      return result(status, {
        applied: true,
        head: versionOf(ctx, artifact.id, conflicted ? target.currentHash : newHead),
        lineage,
        conflicts,
        saved_versions: saved.map((version) => version.hash),
        sync_status: target.tier === 'project' ? (ctx.db.deployment(project, artifact.id)?.sync_status ?? null) : null,
      });
    },
  );
}

/** Records what a merge took in besides the target's head: the upstream commit, the deployment whose edits arrived. */
export function completeMerge(ctx: ServiceContext, artifactId: string, completion: Completion, now: string): void {
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

function toPlanDto(
  ctx: ServiceContext,
  target: Target,
  incoming: Incoming,
  request: MergeRequest,
  base: string | null,
  plan: MergePlan,
): SyncPlanDto {
  return planDto(plan, {
    direction: request.direction,
    strategy: request.strategy,
    artifact_id: target.artifact.id,
    project: target.project === COLLECTION_TIER ? null : target.project,
    source: incoming.source,
    target: { tier: target.tier, hash: target.currentHash },
    base_hash: base,
    conflicts: plan.conflicts.map((conflict) =>
      conflictDto(ctx, target.artifact, target.project, conflict, request.labels, plan.result.has(conflict.path)),
    ),
  });
}

/** Drops a collection merge workspace (after a resolution or an abort). */
export function removeWorkspace(ctx: ServiceContext, artifact: ArtifactRow): void {
  rmSync(workspaceDir(ctx, artifact, COLLECTION_TIER), { recursive: true, force: true });
}

export type { SyncStatus };
