import { rmSync } from 'node:fs';
import { ConflictsLeftError } from '@lineage/errors';
import { replaceDirectory } from '@lineage/safe-fs';
import type { ServiceContext } from './context.js';
import { writeTreeInto } from './disk-tree.js';
import type { Direction, SyncPlanDto, SyncResultDto, SyncResultStatus } from './dto.js';
import {
  type Completion,
  completeMerge,
  conflictsPending,
  insertVersion,
  moveHead,
  type NewVersion,
  recordEvent,
  recordLocalEdit,
  refreshStatus,
  type Target,
  versionOf,
} from './heads.js';
import { extendLineage, findMergeBase } from './lineage.js';
import { type MergeLabels, type MergePlan, planMerge, type Strategy } from './merge-plan.js';
import { writeProjectArtifact } from './project.js';
import { planDto, syncResult } from './results.js';
import { type ArtifactRow, COLLECTION_TIER } from './store.js';
import type { Operation } from './telemetry.js';
import type { ArtifactTree, ManifestEntry } from './tree.js';
import { conflictDto, workspaceDir } from './views.js';

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

/**
 * The collection's version as an earlier step of a dry run would leave it: what the later
 * steps plan against (see SyncService.sync, direction both).
 */
export interface CollectionPreview {
  tree: ArtifactTree;
  hash: string;
  lineage: string[];
}

export interface MergeRequest {
  direction: Direction;
  strategy: Strategy;
  apply: boolean;
  /** False: a clean merge of changes made on both sides is not applied without a person (fast-forwards are). */
  autoMerge?: boolean | undefined;
  labels: MergeLabels;
  /** Fields of the target's new head event (upstream provenance). */
  eventUpstream?: { ref: string | null; sha: string | null; version: string | null };
  /** Stored with a pending merge: what completing it must also record (see `Completion`). */
  completion?: Completion;
  /** Told the target's version the plan makes, when it has no conflicts: the next step of a dry run plans against it. */
  onPlanned?: (planned: CollectionPreview) => void;
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
  // The two sides' own contents are at hand even when not stored yet (a dry run's planned versions).
  const readable = (hash: string) => hash === target.currentHash || hash === incoming.hash;
  const base = findMergeBase(oursLineage, incoming.lineage, (hash) => readable(hash) || ctx.snapshots.has(hash));
  const plan = await op.span(
    'merge',
    { 'artifact_sync.artifact_id': artifact.id, 'artifact_sync.direction': request.direction },
    () =>
      planMerge({
        base:
          base === null
            ? null
            : base === target.currentHash
              ? target.current
              : base === incoming.hash
                ? incoming.tree
                : ctx.snapshots.read(base),
        ours: target.current,
        theirs: incoming.tree,
        strategy: request.strategy,
        labels: request.labels,
      }),
  );
  if (plan.outcome === 'merge' || plan.outcome === 'conflict')
    op.recordMerge(plan.outcome === 'merge', plan.conflicts.length, request.direction);
  const planned = toPlanDto(ctx, target, incoming, request, base, plan);
  if (plan.outcome !== 'conflict')
    request.onPlanned?.({
      tree: plan.result,
      hash: plan.result_hash,
      lineage: extendLineage(oursLineage, incoming.lineage, plan.result_hash),
    });
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
  if (plan.outcome === 'merge' && request.autoMerge === false) throw autoMergeDisabled(artifact.id, request.direction);

  const newHead = plan.result_hash;
  const nothingNew =
    newHead === target.currentHash && !local && incoming.lineage.every((hash) => oursLineage.includes(hash));
  if (nothingNew) {
    // The content is already here; an upstream may still have moved to a new commit with it.
    if (request.completion)
      ctx.db.transaction(() => completeMerge(ctx, op, artifact.id, request.completion ?? {}, ctx.now()));
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
        await writeProjectArtifact(project, artifact.kind, artifact.name, plan.result, ctx.applyHooks, target.current);
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
              // A merge has two parents: the target's version and the incoming one.
              metadata: {
                direction: request.direction,
                base,
                ...(plan.outcome === 'merge' ? { merged_from: incoming.hash } : {}),
              },
            },
            now,
          );
        }
        moveHead(ctx, target, conflicted ? target.currentHash : newHead, lineage, now);
        if (!conflicted) completeMerge(ctx, op, artifact.id, request.completion ?? {}, now);
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

function autoMergeDisabled(artifactId: string, direction: Direction): ConflictsLeftError {
  return new ConflictsLeftError(
    'AUTO_MERGE_DISABLED',
    `${artifactId}: both sides changed (${direction}) and auto-merge is off; nothing was written`,
    {
      hint: 'review the plan (a dry run), then take the incoming side with strategy overwrite, or turn auto-merge on (enable_auto_merge)',
      details: { artifact_id: artifactId, direction },
    },
  );
}
