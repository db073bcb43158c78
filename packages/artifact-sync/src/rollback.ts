import { NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import type { ServiceContext } from './context.js';
import type { HistoryDto, SyncResultDto } from './dto.js';
import { conflictsPending, moveHead, recordEvent, recordLocalEdit, refreshStatus, versionOf } from './heads.js';
import { checkLineage, extendLineage } from './lineage.js';
import { planMerge } from './merge-plan.js';
import { writeProjectArtifact } from './project.js';
import type { ProjectRecords } from './records.js';
import { planDto, syncResult } from './results.js';
import { type ArtifactRow, COLLECTION_TIER } from './store.js';
import type { Operation } from './telemetry.js';
import { requireDeployment, tierTarget } from './tiers.js';
import { eventDto, versionDto } from './views.js';

/**
 * Finds a version of a tier's lineage by its hash or a unique prefix of it (`h1:` may be
 * left out): what a person copies from `history`.
 */
export function findInLineage(lineage: readonly string[], wanted: string, artifactId: string): string {
  const text = wanted.trim();
  const prefix = text.startsWith('h1:') ? text : `h1:${text}`;
  if (text.length < 4) {
    throw new UsageError('HASH_PREFIX_TOO_SHORT', `${quoteInput(text)} is too short to name a version`, {
      hint: 'give at least 4 characters of the hash shown by `skillmeat-sync history`',
    });
  }
  const matches = [...new Set(lineage.filter((hash) => hash === text || hash.startsWith(prefix)))];
  if (matches.length === 1) return matches[0] as string;
  if (matches.length === 0) {
    throw new NotFoundError(
      'VERSION_NOT_IN_LINEAGE',
      `${quoteInput(text)} is not a version in the lineage of ${artifactId}`,
      {
        hint: `list its versions with \`skillmeat-sync history ${artifactId}\``,
        details: { lineage },
      },
    );
  }
  throw new UsageError(
    'HASH_PREFIX_AMBIGUOUS',
    `${quoteInput(text)} matches ${matches.length} versions of ${artifactId}`,
    {
      hint: 'give more characters of the hash',
      details: { candidates: matches },
    },
  );
}

/**
 * Puts a tier back to a version of its lineage. The rollback is itself recorded: the target
 * hash is appended to the lineage as a new entry with its own history event, so it can be
 * rolled forward again; edits in the project are kept as a version first.
 */
export async function rollbackTier(
  ctx: ServiceContext,
  op: Operation,
  records: ProjectRecords,
  artifact: ArtifactRow,
  project: string,
  settings: { to: string; apply: boolean },
): Promise<SyncResultDto> {
  if (project !== COLLECTION_TIER && settings.apply) records.read(project);
  const target = tierTarget(ctx, artifact, project);
  if (ctx.db.pendingMerge(artifact.id, project))
    throw conflictsPending(
      artifact,
      project,
      ctx.db.conflicts(artifact.id, project).map((c) => c.path),
    );
  const local = target.currentHash !== target.head;
  const history = local ? [...target.lineage, target.currentHash] : target.lineage;
  const hash = findInLineage(history, settings.to, artifact.id);
  const tree = ctx.snapshots.read(hash);
  const plan = planMerge({
    base: null,
    ours: target.current,
    theirs: tree,
    strategy: 'overwrite',
    labels: { ours: target.tier, theirs: 'rollback' },
  });
  const lineage = extendLineage(history, [], hash);
  const result = syncResult(op, {
    operation: 'rollback',
    artifact_id: artifact.id,
    direction: null,
    project: project || null,
    plan: planDto(plan, {
      direction: null,
      strategy: 'overwrite',
      artifact_id: artifact.id,
      project: project || null,
      source: { tier: target.tier, hash },
      target: { tier: target.tier, hash: target.currentHash },
      base_hash: null,
    }),
    lineage: target.lineage,
    sync_status: target.deployment?.sync_status ?? null,
    saved_versions: local ? [target.currentHash] : [],
  });
  if (!settings.apply) return result;
  if (hash === target.currentHash && !local)
    return { ...result, applied: true, status: 'unchanged', head: versionOf(ctx, artifact.id, hash) };
  await op.span('apply', { 'artifact_sync.artifact_id': artifact.id }, async () => {
    const saved = local ? await ctx.snapshots.putBlobs(target.current) : null;
    if (target.tier === 'project')
      await writeProjectArtifact(project, artifact.kind, artifact.name, tree, ctx.applyHooks, target.current);
    const now = ctx.now();
    ctx.db.transaction(() => {
      if (saved) {
        ctx.snapshots.record(target.currentHash, saved.manifest);
        recordLocalEdit(
          ctx,
          op,
          artifact.id,
          project,
          {
            hash: target.currentHash,
            tree: target.current,
            parent: target.head,
            origin: 'local_modification',
            lineage: history,
            metadata: { detected: 'rollback' },
          },
          now,
        );
      }
      moveHead(ctx, target, hash, lineage, now);
      recordEvent(
        ctx,
        op,
        {
          artifact: artifact.id,
          project: project,
          action: 'rollback',
          hash: hash,
          parent: target.currentHash,
          origin: 'local_modification',
          metadata: { from: target.currentHash },
        },
        now,
      );
      refreshStatus(ctx, artifact.id, project, []);
    });
  });
  if (project !== COLLECTION_TIER) await records.write(project);
  return {
    ...result,
    applied: true,
    status: 'rolled-back',
    head: versionOf(ctx, artifact.id, hash),
    lineage,
    sync_status: project === COLLECTION_TIER ? null : (ctx.db.deployment(project, artifact.id)?.sync_status ?? null),
    timing: op.timing(),
  };
}

/** A tier's lineage and history: every move of its head, the versions behind them, and any lineage problem. */
export function tierHistory(ctx: ServiceContext, op: Operation, artifact: ArtifactRow, project: string): HistoryDto {
  const deployment = project === COLLECTION_TIER ? undefined : requireDeployment(ctx, artifact, project);
  const head = deployment?.deployed_hash ?? artifact.current_hash;
  const lineageJson = deployment ? deployment.version_lineage : artifact.version_lineage;
  const lineage = lineageJson ? (JSON.parse(lineageJson) as string[]) : [head];
  const versions = ctx.db.versions(artifact.id);
  const parents = new Map(versions.map((row) => [row.content_hash, row.parent_hash]));
  return {
    artifact_id: artifact.id,
    project: project || null,
    head,
    version_lineage: lineage,
    entries: ctx.db.events(artifact.id, project).map(eventDto),
    versions: versions.filter((row) => lineage.includes(row.content_hash)).map(versionDto),
    lineage_issues: checkLineage(lineage, (hash) => parents.get(hash)),
    trace_id: op.traceId,
    timing: op.timing(),
    warnings: [],
  };
}
