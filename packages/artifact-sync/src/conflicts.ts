import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConflictsLeftError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import { isBinary, validateResolved } from '@lineage/merge-engine';
import { writeFileAtomic } from '@lineage/safe-fs';
import { removeWorkspace } from './apply.js';
import type { ServiceContext } from './context.js';
import { readDirectoryTree } from './disk-tree.js';
import type { AbortResultDto, ResolveResultDto } from './dto.js';
import {
  type Completion,
  completeMerge,
  insertVersion,
  moveHead,
  recordEvent,
  recordLocalEdit,
  refreshStatus,
  versionOf,
} from './heads.js';
import { isSingleFile } from './kinds.js';
import { extendLineage, parseLineage } from './lineage.js';
import { readProjectArtifact, writeProjectArtifact } from './project.js';
import type { ProjectRecords } from './records.js';
import { type ArtifactRow, COLLECTION_TIER, type PendingMergeRow, type Resolution } from './store.js';
import type { Operation } from './telemetry.js';
import { tierTarget } from './tiers.js';
import { type ArtifactTree, hashTree, type TreeFile } from './tree.js';
import { workspaceDir } from './views.js';

export interface ResolveChoice {
  file: string;
  /** `ours`: the target's version before the merge; `theirs`: the incoming one; `current`: the file as a person left it; `custom`: `content`. */
  resolution: Resolution;
  content?: string | Uint8Array;
}

/**
 * Settles one conflicted file. A resolution written by a person (`current`, `custom`) must be
 * free of conflict markers; `ours` and `theirs` are taken byte for byte (a side that deleted
 * the file deletes it). When the last file is settled, the merge is recorded as a new version.
 */
export async function resolveConflict(
  ctx: ServiceContext,
  op: Operation,
  records: ProjectRecords,
  artifact: ArtifactRow,
  project: string,
  choice: ResolveChoice,
): Promise<ResolveResultDto> {
  if (project !== COLLECTION_TIER) records.read(project);
  const pending = requirePending(ctx, artifact, project);
  const open = ctx.db.conflicts(artifact.id, project);
  const path = choice.file.replace(/^\.\/+/, '').replace(/\/+$/, '');
  const conflict = open.find((row) => row.path === path);
  if (!conflict) {
    throw new NotFoundError(
      'CONFLICT_NOT_FOUND',
      `${quoteInput(choice.file)} has no pending conflict in ${artifact.id}`,
      {
        hint: open.length
          ? `the files left to resolve are: ${open.map((row) => row.path).join(', ')}`
          : 'no conflicts are left',
        details: { pending: open.map((row) => row.path) },
      },
    );
  }
  const location = workingFile(ctx, artifact, project, path);
  const content = chosenContent(ctx, pending, path, location, choice);
  await op.span('apply', { 'artifact_sync.artifact_id': artifact.id }, async () => {
    if (content === null) rmSync(location, { force: true });
    else {
      mkdirSync(dirname(location), { recursive: true });
      writeFileAtomic(location, content.bytes, { mode: content.mode === 'executable' ? 0o755 : 0o644 });
    }
  });
  ctx.db.transaction(() => ctx.db.resolveConflict(conflict.id, choice.resolution, ctx.now()));
  const remaining = open.filter((row) => row.id !== conflict.id).map((row) => row.path);
  let head = null;
  if (remaining.length === 0) head = await finishMerge(ctx, op, artifact, project, pending);
  else if (project !== COLLECTION_TIER) ctx.db.transaction(() => refreshStatus(ctx, artifact.id, project, remaining));
  if (project !== COLLECTION_TIER) await records.write(project);
  return {
    artifact_id: artifact.id,
    project: project || null,
    path,
    resolution: choice.resolution,
    remaining,
    completed: remaining.length === 0,
    head,
    trace_id: op.traceId,
    timing: op.timing(),
    warnings: [],
  };
}

/** Drops a pending merge: the target gets back the version it had before, and its conflicts are cleared. */
export async function abortMerge(
  ctx: ServiceContext,
  op: Operation,
  records: ProjectRecords,
  artifact: ArtifactRow,
  project: string,
): Promise<AbortResultDto> {
  if (project !== COLLECTION_TIER) records.read(project);
  const pending = requirePending(ctx, artifact, project);
  const paths = ctx.db.conflicts(artifact.id, project).map((row) => row.path);
  const target = tierTarget(ctx, artifact, project);
  const working = workingTree(ctx, artifact, project);
  const workingHash = hashTree(working);
  // What a person did to the conflicted files is kept before it is dropped.
  const edited = workingHash !== pending.merged_hash && workingHash !== pending.ours_hash;
  await op.span('apply', { 'artifact_sync.artifact_id': artifact.id }, async () => {
    const saved = edited ? await ctx.snapshots.putBlobs(working) : null;
    if (project === COLLECTION_TIER) removeWorkspace(ctx, artifact);
    else if (workingHash !== pending.ours_hash)
      await writeProjectArtifact(
        project,
        artifact.kind,
        artifact.name,
        ctx.snapshots.read(pending.ours_hash),
        ctx.applyHooks,
      );
    const now = ctx.now();
    ctx.db.transaction(() => {
      let lineage = target.lineage;
      if (saved) {
        ctx.snapshots.record(workingHash, saved.manifest);
        const savedLineage = extendLineage(lineage, [], workingHash);
        recordLocalEdit(
          ctx,
          op,
          artifact.id,
          project,
          {
            hash: workingHash,
            tree: working,
            parent: pending.ours_hash,
            origin: 'local_modification',
            lineage: savedLineage,
            metadata: { abandoned_merge: true },
          },
          now,
        );
        lineage = extendLineage(savedLineage, [], pending.ours_hash);
      }
      moveHead(ctx, target, pending.ours_hash, lineage, now);
      recordEvent(
        ctx,
        op,
        {
          artifact: artifact.id,
          project: project,
          action: 'abort',
          hash: pending.ours_hash,
          parent: saved ? workingHash : null,
          origin: 'local_modification',
          metadata: { dropped: pending.merged_hash, direction: pending.direction },
        },
        now,
      );
      ctx.db.closeConflicts(artifact.id, project, now);
      ctx.db.deletePendingMerge(artifact.id, project);
      refreshStatus(ctx, artifact.id, project, []);
    });
  });
  if (project !== COLLECTION_TIER) await records.write(project);
  return {
    artifact_id: artifact.id,
    project: project || null,
    restored_hash: pending.ours_hash,
    saved_hash: edited ? workingHash : null,
    cleared_conflicts: paths,
    trace_id: op.traceId,
    timing: op.timing(),
    warnings: [],
  };
}

async function finishMerge(
  ctx: ServiceContext,
  op: Operation,
  artifact: ArtifactRow,
  project: string,
  pending: PendingMergeRow,
) {
  const tree = workingTree(ctx, artifact, project);
  const hash = hashTree(tree);
  const target = tierTarget(ctx, artifact, project);
  const { manifest } = await ctx.snapshots.putBlobs(tree);
  const lineage = extendLineage(target.lineage, parseLineage(pending.theirs_lineage) ?? [pending.theirs_hash], hash);
  const now = ctx.now();
  ctx.db.transaction(() => {
    ctx.snapshots.record(hash, manifest);
    insertVersion(ctx, artifact.id, { hash, tree, parent: pending.ours_hash, origin: 'sync', lineage }, now);
    const completion = JSON.parse(pending.completion) as Completion;
    // The upstream commit the merge carried: taken in by the collection, or brought to a deployment.
    const upstream = completion.upstream ?? completion.deployment_upstream;
    recordEvent(
      ctx,
      op,
      {
        artifact: artifact.id,
        project: project,
        action: 'resolve',
        hash: hash,
        parent: pending.ours_hash,
        origin: 'sync',
        upstream: upstream
          ? { ref: upstream.upstream_ref, sha: upstream.upstream_sha, version: upstream.upstream_version }
          : null,
        metadata: {
          direction: pending.direction,
          base: pending.base_hash,
          // The resolution is a merge, its second parent the incoming version (unless it simply took that version).
          ...(hash === pending.theirs_hash ? {} : { merged_from: pending.theirs_hash }),
        },
      },
      now,
    );
    moveHead(ctx, target, hash, lineage, now);
    ctx.db.deletePendingMerge(artifact.id, project);
    completeMerge(ctx, op, artifact.id, completion, now);
    refreshStatus(ctx, artifact.id, project, []);
    if (completion.source_deployment) refreshStatus(ctx, artifact.id, completion.source_deployment.project, []);
  });
  if (project === COLLECTION_TIER) removeWorkspace(ctx, artifact);
  return versionOf(ctx, artifact.id, hash);
}

function requirePending(ctx: ServiceContext, artifact: ArtifactRow, project: string): PendingMergeRow {
  const pending = ctx.db.pendingMerge(artifact.id, project);
  if (pending) return pending;
  throw new NotFoundError(
    'NO_PENDING_MERGE',
    `${artifact.id} has no merge in progress in ${project || 'the collection'}`,
    {
      hint: 'list conflicts with `skillmeat-sync drift`; a merge with strategy prompt leaves them',
    },
  );
}

/** The merge as a person sees it: the project's files, or the collection's merge workspace. */
function workingTree(ctx: ServiceContext, artifact: ArtifactRow, project: string): ArtifactTree {
  if (project !== COLLECTION_TIER) return readProjectArtifact(project, artifact.kind, artifact.name, ctx.limits).tree;
  return (
    readDirectoryTree(workspaceDir(ctx, artifact, project), ctx.limits, `the merge workspace of ${artifact.id}`) ??
    new Map()
  );
}

function workingFile(ctx: ServiceContext, artifact: ArtifactRow, project: string, path: string): string {
  const dir = workspaceDir(ctx, artifact, project);
  return project !== COLLECTION_TIER && isSingleFile(artifact.kind) ? dir : join(dir, ...path.split('/'));
}

function chosenContent(
  ctx: ServiceContext,
  pending: PendingMergeRow,
  path: string,
  location: string,
  choice: ResolveChoice,
): TreeFile | null {
  switch (choice.resolution) {
    case 'ours':
      return ctx.snapshots.read(pending.ours_hash).get(path) ?? null;
    case 'theirs':
      return ctx.snapshots.read(pending.theirs_hash).get(path) ?? null;
    case 'custom':
    case 'current': {
      const bytes =
        choice.resolution === 'custom'
          ? typeof choice.content === 'string'
            ? new Uint8Array(Buffer.from(choice.content))
            : choice.content
          : readCurrent(location);
      if (bytes === undefined) {
        throw new UsageError('RESOLUTION_CONTENT_MISSING', 'a custom resolution needs the file’s content', {
          hint: 'pass the resolved text (the CLI reads it from --custom FILE)',
        });
      }
      if (bytes === null) return null;
      const text = Buffer.from(bytes).toString('utf8');
      const check = isBinary(bytes) ? { clean: true, markers: [] } : validateResolved(text);
      if (!check.clean) {
        throw new ConflictsLeftError(
          'CONFLICT_MARKERS_REMAIN',
          `${path} still has conflict markers (line ${(check.markers[0]?.line ?? 0) + 1}: ${check.markers[0]?.text})`,
          {
            hint: 'edit the file until no <<<<<<<, ======= or >>>>>>> lines are left, or resolve with ours or theirs',
            details: { path, markers: check.markers },
          },
        );
      }
      const mode = ctx.snapshots.read(pending.ours_hash).get(path)?.mode ?? 'file';
      return { bytes, mode: mode === 'symlink' ? 'file' : mode };
    }
    default:
      throw new UsageError('INVALID_RESOLUTION', `unknown resolution ${quoteInput(String(choice.resolution))}`, {
        hint: 'use ours, theirs, current or custom',
      });
  }
}

function readCurrent(location: string): Uint8Array | null {
  try {
    return new Uint8Array(readFileSync(location));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
