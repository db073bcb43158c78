import { isLineageError } from '@lineage/errors';
import type { ServiceContext } from './context.js';
import { upstreamNewer } from './drift.js';
import type { UpstreamCheckDto } from './dto.js';
import { isSingleFile, singleFileName } from './kinds.js';
import type { ArtifactRow } from './store.js';
import type { Operation } from './telemetry.js';
import { hashTree } from './tree.js';
import type { NetworkCall, ResolvedRef } from './upstream.js';

/**
 * Asks each upstream where its ref points now, with one `git ls-remote` per repository (the
 * artifacts of one repository share it), and caches the answer with its time. Only where a ref
 * moved is its commit fetched (shallow, once per repository, into the cache the next sync
 * reads) to tell whether the artifact itself changed: a repository moves for the sake of any
 * of its artifacts. A repository that cannot be reached keeps its last good answer: the check
 * reports the failure, and drift goes on with the cached commit.
 */
export async function checkUpstreams(
  ctx: ServiceContext,
  op: Operation,
  artifacts: readonly ArtifactRow[],
  signal?: AbortSignal,
): Promise<{ checks: UpstreamCheckDto[]; warnings: string[] }> {
  const byUrl = new Map<string, ArtifactRow[]>();
  const checks: UpstreamCheckDto[] = [];
  for (const artifact of artifacts) {
    if (artifact.upstream_url === null) continue;
    // A commit pin never moves: nothing to ask.
    if (artifact.upstream_pin === 'sha') {
      checks.push(
        save(
          ctx,
          artifact,
          {
            sha: artifact.upstream_sha,
            version: artifact.upstream_version,
            content_hash: artifact.upstream_hash,
            error: null,
          },
          0,
        ),
      );
      continue;
    }
    byUrl.set(artifact.upstream_url, [...(byUrl.get(artifact.upstream_url) ?? []), artifact]);
  }
  const warnings: string[] = [];
  await op.span('check', { 'artifact_sync.repositories': byUrl.size }, () =>
    Promise.all(
      [...byUrl].map(async ([url, group]) => {
        const started = performance.now();
        try {
          const call = { ...(signal ? { signal } : {}), onRetry: op.retried };
          const resolved = await ctx.upstream.resolve(
            url,
            group.map((artifact) => artifact.upstream_ref),
            call,
          );
          const duration = performance.now() - started;
          op.recordUpstreamCheck(duration, true);
          for (const artifact of group) {
            const ref = resolved.get(artifact.upstream_ref);
            const content = ref ? await contentAt(ctx, artifact, ref, call, warnings) : null;
            checks.push(
              save(
                ctx,
                artifact,
                { sha: ref?.sha ?? null, version: ref?.version ?? null, content_hash: content, error: null },
                duration,
              ),
            );
          }
        } catch (error) {
          const duration = performance.now() - started;
          op.recordUpstreamCheck(duration, false);
          const detail = isLineageError(error)
            ? error.toJSON()
            : { code: 'UNEXPECTED', message: (error as Error).message };
          warnings.push(`${url}: ${detail.message}; using the last successful check`);
          for (const artifact of group)
            checks.push(save(ctx, artifact, { sha: null, version: null, content_hash: null, error: detail }, duration));
        }
      }),
    ),
  );
  return { checks: checks.sort((a, b) => a.artifact_id.localeCompare(b.artifact_id)), warnings };
}

/**
 * The artifact's content hash at the commit its ref points to: known without a fetch while the
 * ref has not moved; else read from that commit. `null` when it cannot be read (a warning says why).
 */
async function contentAt(
  ctx: ServiceContext,
  artifact: ArtifactRow,
  ref: ResolvedRef,
  call: NetworkCall,
  warnings: string[],
): Promise<string | null> {
  if (ref.sha === artifact.upstream_sha) return artifact.upstream_hash;
  if (artifact.upstream_url === null) return null;
  const singleFile = isSingleFile(artifact.kind) ? singleFileName(artifact.name) : null;
  try {
    const { tree } = await ctx.upstream.read(
      artifact.upstream_url,
      ref,
      artifact.upstream_path ?? '',
      { singleFile },
      call,
    );
    return hashTree(tree);
  } catch (error) {
    warnings.push(`${artifact.id}: cannot read it at ${ref.sha.slice(0, 12)}: ${(error as Error).message}`);
    return null;
  }
}

function save(
  ctx: ServiceContext,
  artifact: ArtifactRow,
  found: {
    sha: string | null;
    version: string | null;
    content_hash: string | null;
    error: { code: string; message: string } | null;
  },
  durationMs: number,
): UpstreamCheckDto {
  const checkedAt = ctx.now();
  ctx.db.transaction(() => {
    ctx.db.saveUpstreamCheck({
      artifact_id: artifact.id,
      checked_at: checkedAt,
      sha: found.sha,
      version: found.version,
      content_hash: found.content_hash,
      error: found.error ? found.error.message : null,
      duration_ms: durationMs,
    });
    if (found.error === null) ctx.db.setLastUpstreamCheck(artifact.id, checkedAt);
  });
  const cached = ctx.db.upstreamCheck(artifact.id);
  return {
    artifact_id: artifact.id,
    ok: found.error === null,
    sha: cached?.sha ?? null,
    version: cached?.version ?? null,
    newer: cached?.sha ? upstreamNewer(artifact, cached) : null,
    checked_at: checkedAt,
    duration_ms: Math.round(durationMs * 100) / 100,
    error: found.error,
    from_cache: found.error !== null,
  };
}
