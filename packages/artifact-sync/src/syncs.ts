import { LineageError, UsageError } from '@lineage/errors';
import { type CollectionPreview, mergeInto } from './apply.js';
import type { ServiceContext } from './context.js';
import type { SyncResultDto } from './dto.js';
import { recordEvent, recordLocalEdit, refreshStatus, versionOf } from './heads.js';
import { isSingleFile, projectLocation, singleFileName } from './kinds.js';
import { extendLineage } from './lineage.js';
import { planMerge, type Strategy } from './merge-plan.js';
import { readProjectArtifact, writeProjectArtifact } from './project.js';
import type { ProjectRecords } from './records.js';
import { planDto, syncResult } from './results.js';
import type { ArtifactRow } from './store.js';
import type { Operation } from './telemetry.js';
import { collectionIncoming, collectionTarget, projectIncoming, projectTarget, requireDeployment } from './tiers.js';
import { hashTree } from './tree.js';
import { lineageOf } from './views.js';

export interface SyncSettings {
  strategy: Strategy;
  apply: boolean;
  /** False: a merge of changes made on both sides stops before writing (`AUTO_MERGE_DISABLED`). */
  autoMerge?: boolean;
  signal?: AbortSignal;
  onPhase?: (phase: 'resolve' | 'fetch' | 'merge' | 'apply', message: string) => void;
  /** A dry run's later step: plan against the collection's version an earlier planned step makes. */
  collection?: CollectionPreview;
  /** Told the version the plan makes (see MergeRequest.onPlanned). */
  onPlanned?: (planned: CollectionPreview) => void;
}

/**
 * Upstream → collection: the ref's commit is read (fetched shallow if the cache lacks it) and
 * merged into the collection's current version against the upstream version last taken in,
 * so edits made in the collection survive an upstream update. `ref` re-pins the artifact.
 */
export async function syncFromUpstream(
  ctx: ServiceContext,
  op: Operation,
  artifact: ArtifactRow,
  settings: SyncSettings & { ref?: string | null },
): Promise<SyncResultDto> {
  if (artifact.upstream_url === null) {
    throw new UsageError('NO_UPSTREAM', `${artifact.id} has no upstream to sync from`, {
      hint: 'sync it with a project instead (direction project)',
    });
  }
  const url = artifact.upstream_url;
  const ref = settings.ref === undefined ? artifact.upstream_ref : settings.ref;
  settings.onPhase?.('resolve', `resolving ${ref ?? 'the default branch'} of ${url}`);
  const call = { ...(settings.signal ? { signal: settings.signal } : {}), onRetry: op.retried };
  const upstream = await op.span(
    'fetch',
    { 'artifact_sync.artifact_id': artifact.id, 'artifact_sync.url': url },
    async () => {
      const resolved = (await ctx.upstream.resolve(url, [ref], call)).get(ref);
      if (!resolved) throw new LineageError('UPSTREAM_FAILED', `could not resolve ${ref ?? 'HEAD'} of ${url}`);
      settings.onPhase?.('fetch', `reading ${url} at ${resolved.sha.slice(0, 12)}`);
      const singleFile = isSingleFile(artifact.kind) ? singleFileName(artifact.name) : null;
      const { tree } = await ctx.upstream.read(url, resolved, artifact.upstream_path ?? '', { singleFile }, call);
      return { resolved, tree };
    },
  );
  const { resolved, tree } = upstream;
  const hash = hashTree(tree);
  const previous = artifact.upstream_hash;
  const parentLineage = previous
    ? lineageOf(ctx.db.version(artifact.id, previous)?.version_lineage ?? null, previous)
    : [];
  const known = ctx.db.version(artifact.id, hash) !== undefined;
  settings.onPhase?.('merge', `merging ${resolved.version ?? resolved.sha.slice(0, 12)} into the collection`);
  return mergeInto(
    ctx,
    op,
    collectionTarget(ctx, artifact, settings.collection),
    {
      tier: 'upstream',
      tree,
      hash,
      lineage: previous && previous !== hash ? [previous, hash] : [hash],
      versions: known
        ? []
        : [
            {
              hash,
              tree,
              parent: previous,
              origin: 'sync',
              lineage: extendLineage(parentLineage, [], hash),
              metadata: { upstream_sha: resolved.sha },
            },
          ],
      source: { tier: 'upstream', hash, ref, sha: resolved.sha, version: resolved.version },
    },
    {
      direction: 'upstream-to-collection',
      strategy: settings.strategy,
      autoMerge: settings.autoMerge,
      apply: settings.apply,
      labels: { ours: 'collection', theirs: `upstream ${resolved.version ?? resolved.sha.slice(0, 12)}` },
      eventUpstream: { ref, sha: resolved.sha, version: resolved.version },
      ...(settings.onPlanned ? { onPlanned: settings.onPlanned } : {}),
      completion: {
        upstream: {
          upstream_ref: ref,
          upstream_pin: resolved.pin,
          upstream_sha: resolved.sha,
          upstream_version: resolved.version,
          upstream_hash: hash,
        },
      },
    },
  );
}

/** Collection → project: the collection's current version merged into a deployment, with the project's own edits kept. */
export async function updateProject(
  ctx: ServiceContext,
  op: Operation,
  records: ProjectRecords,
  artifact: ArtifactRow,
  project: string,
  settings: SyncSettings,
): Promise<SyncResultDto> {
  if (settings.apply) records.read(project);
  const deployment = requireDeployment(ctx, artifact, project);
  settings.onPhase?.('merge', `merging the collection's ${artifact.id} into ${project}`);
  const incoming = collectionIncoming(ctx, artifact, settings.collection);
  const result = await mergeInto(ctx, op, projectTarget(ctx, artifact, deployment), incoming, {
    direction: 'collection-to-project',
    strategy: settings.strategy,
    autoMerge: settings.autoMerge,
    apply: settings.apply,
    labels: { ours: 'project', theirs: 'collection' },
    eventUpstream: { ref: artifact.upstream_ref, sha: artifact.upstream_sha, version: artifact.upstream_version },
    completion: {
      deployment_upstream: {
        project,
        upstream_ref: artifact.upstream_ref,
        upstream_version: artifact.upstream_version,
        upstream_sha: artifact.upstream_sha,
      },
    },
  });
  if (result.applied) await records.write(project);
  return { ...result, operation: 'update', sync_status: ctx.db.deployment(project, artifact.id)?.sync_status ?? null };
}

/**
 * Project → collection: a project's edits (additions, modifications and deletions alike)
 * merged into the collection's current version against the last version both shared.
 */
export async function syncFromProject(
  ctx: ServiceContext,
  op: Operation,
  records: ProjectRecords,
  artifact: ArtifactRow,
  project: string,
  settings: SyncSettings,
): Promise<SyncResultDto> {
  if (settings.apply) records.read(project);
  const deployment = requireDeployment(ctx, artifact, project);
  const source = projectTarget(ctx, artifact, deployment);
  const projectPending = ctx.db.pendingMerge(artifact.id, project);
  if (projectPending) {
    throw new UsageError('PROJECT_MERGE_PENDING', `${artifact.id} in ${project} has a merge in progress`, {
      hint: 'resolve or abort it before bringing the project’s edits to the collection',
    });
  }
  const incoming = projectIncoming(source);
  settings.onPhase?.('merge', `merging ${project}'s ${artifact.id} into the collection`);
  const result = await mergeInto(ctx, op, collectionTarget(ctx, artifact, settings.collection), incoming, {
    direction: 'project-to-collection',
    strategy: settings.strategy,
    autoMerge: settings.autoMerge,
    apply: settings.apply,
    labels: { ours: 'collection', theirs: 'project' },
    ...(settings.onPlanned ? { onPlanned: settings.onPlanned } : {}),
    completion: { source_deployment: { project, hash: incoming.hash, lineage: incoming.lineage } },
  });
  if (result.applied) await records.write(project);
  return { ...result, sync_status: ctx.db.deployment(project, artifact.id)?.sync_status ?? null };
}

/**
 * Collection → project for the first time. Whatever already sits at the artifact's place in
 * the project is never replaced silently: identical content is adopted as it is; different
 * content needs `overwrite`, and is kept as a version first.
 */
export async function deployToProject(
  ctx: ServiceContext,
  op: Operation,
  records: ProjectRecords,
  artifact: ArtifactRow,
  project: string,
  settings: SyncSettings,
): Promise<SyncResultDto> {
  records.read(project);
  if (ctx.db.deployment(project, artifact.id)) {
    throw new UsageError('ALREADY_DEPLOYED', `${artifact.id} is already deployed in ${project}`, {
      hint: `bring the collection's version in with \`skillmeat-sync update ${artifact.id} --project ${project}\``,
    });
  }
  const existing = readProjectArtifact(project, artifact.kind, artifact.name, ctx.limits);
  const existingHash = existing.missing ? null : hashTree(existing.tree);
  const incoming = ctx.snapshots.read(artifact.current_hash);
  const replaces = existingHash !== null && existingHash !== artifact.current_hash;
  if (replaces && settings.strategy !== 'overwrite') {
    throw new LineageError(
      'TARGET_EXISTS',
      `${project} already holds a different ${artifact.kind} named ${artifact.name}`,
      {
        hint: 'move it aside, or deploy with strategy overwrite (it is kept as a version first, so it can be restored)',
        details: { location: projectLocation(project, artifact.kind, artifact.name), hash: existingHash },
      },
    );
  }
  const plan = planMerge({
    base: null,
    ours: existing.tree,
    theirs: incoming,
    strategy: 'overwrite',
    labels: { ours: 'project', theirs: 'collection' },
  });
  const lineage = replaces ? [existingHash, artifact.current_hash] : [artifact.current_hash];
  const base = syncResult(op, {
    operation: 'deploy',
    artifact_id: artifact.id,
    direction: 'collection-to-project',
    project,
    plan: planDto(plan, {
      direction: 'collection-to-project',
      strategy: settings.strategy,
      artifact_id: artifact.id,
      project,
      source: { tier: 'collection', hash: artifact.current_hash },
      target: { tier: 'project', hash: existingHash },
      base_hash: null,
    }),
    lineage,
    saved_versions: replaces ? [existingHash as string] : [],
    warnings:
      existingHash === artifact.current_hash ? ['the project already held this version: adopted without writing'] : [],
  });
  if (!settings.apply) return base;
  await op.span('apply', { 'artifact_sync.artifact_id': artifact.id }, async () => {
    const saved = replaces ? await ctx.snapshots.putBlobs(existing.tree) : null;
    if (existingHash !== artifact.current_hash)
      await writeProjectArtifact(project, artifact.kind, artifact.name, incoming, ctx.applyHooks);
    const now = ctx.now();
    ctx.db.transaction(() => {
      if (saved && existingHash) {
        ctx.snapshots.record(existingHash, saved.manifest);
        recordLocalEdit(
          ctx,
          op,
          artifact.id,
          project,
          {
            hash: existingHash,
            tree: existing.tree,
            parent: null,
            origin: 'local_modification',
            lineage: [existingHash],
            metadata: { replaced_by_deploy: true },
          },
          now,
        );
      }
      ctx.db.upsertDeployment({
        project,
        artifact_id: artifact.id,
        deployed_hash: artifact.current_hash,
        deployed_at: now,
        parent_hash: replaces ? existingHash : null,
        version_lineage: JSON.stringify(lineage),
        sync_status: 'synced',
        upstream_ref: artifact.upstream_ref,
        upstream_version: artifact.upstream_version,
        upstream_sha: artifact.upstream_sha,
        last_upstream_check: ctx.db.upstreamCheck(artifact.id)?.checked_at ?? null,
        pending_conflicts: '[]',
        record_extra: '{}',
      });
      recordEvent(
        ctx,
        op,
        {
          artifact: artifact.id,
          project: project,
          action: 'deploy',
          hash: artifact.current_hash,
          parent: replaces ? existingHash : null,
          origin: 'deployment',
          upstream: { ref: artifact.upstream_ref, sha: artifact.upstream_sha, version: artifact.upstream_version },
        },
        now,
      );
      refreshStatus(ctx, artifact.id, project, []);
    });
  });
  await records.write(project);
  return {
    ...base,
    applied: true,
    status: 'deployed',
    head: versionOf(ctx, artifact.id, artifact.current_hash),
    sync_status: ctx.db.deployment(project, artifact.id)?.sync_status ?? null,
    timing: op.timing(),
  };
}
