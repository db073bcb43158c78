import { isLineageError } from '@lineage/errors';
import type { ServiceContext } from './context.js';
import type { BulkItemDto, BulkResultDto, BulkSummaryDto, SyncResultDto } from './dto.js';
import type { OperationInput } from './inputs.js';
import type { Operation } from './telemetry.js';

/**
 * Runs `work` over items with at most `limit` at once, in order of the items; each result or
 * error is kept with its item, and once `signal` is aborted no new item starts (those left
 * are reported as cancelled, and the ones running finish).
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<({ ok: true; value: R } | { ok: false; error: unknown } | { ok: 'cancelled' })[]> {
  const results: ({ ok: true; value: R } | { ok: false; error: unknown } | { ok: 'cancelled' })[] = new Array(
    items.length,
  );
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      if (signal?.aborted) {
        results[index] = { ok: 'cancelled' };
        continue;
      }
      try {
        results[index] = { ok: true, value: await work(items[index] as T, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

export function bulkItem(
  artifactId: string,
  outcome: Awaited<ReturnType<typeof mapBounded<unknown, SyncResultDto>>>[number],
): BulkItemDto {
  if (outcome.ok === 'cancelled') return { artifact_id: artifactId, status: 'cancelled', error: null, result: null };
  if (outcome.ok) return { artifact_id: artifactId, status: outcome.value.status, error: null, result: outcome.value };
  const error = isLineageError(outcome.error)
    ? outcome.error.toJSON()
    : { code: 'UNEXPECTED', message: (outcome.error as Error).message ?? String(outcome.error) };
  // A merge already waiting for a person, or one stopped for a person (auto-merge off), is a
  // conflict to settle, not a failure: it counts with the conflicts (exit 4, not 1).
  const conflict = isLineageError(outcome.error) && outcome.error.kind === 'conflict';
  return {
    artifact_id: artifactId,
    status: conflict ? (error.code === 'CONFLICTS_PENDING' ? 'conflicts-pending' : 'conflicts-stopped') : 'error',
    error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
    result: null,
  };
}

/** The summary table of a bulk run: auto-merged, fast-forwarded, conflicts, errors, unchanged. */
export function summarize(items: readonly BulkItemDto[]): BulkSummaryDto {
  const count = (...statuses: BulkItemDto['status'][]) => items.filter((item) => statuses.includes(item.status)).length;
  return {
    total: items.length,
    auto_merged: count('merged'),
    fast_forwarded: count('fast-forwarded', 'deployed', 'rolled-back'),
    conflicts: count('conflicts-stopped', 'conflicts-pending'),
    errors: count('error'),
    unchanged: count('unchanged'),
    overwritten: count('overwritten'),
    planned: count('planned'),
    cancelled: count('cancelled'),
  };
}

/**
 * A bulk run: each artifact under its own lock and its own child span, at most `concurrency`
 * at once, progress after each, errors kept with their artifact rather than stopping the run.
 */
export async function runBulk(
  ctx: ServiceContext,
  op: Operation,
  name: 'update-all' | 'sync-all',
  project: string | null,
  ids: readonly string[],
  input: OperationInput & { concurrency?: number },
  warnings: string[],
  work: (item: Operation, artifact: ReturnType<ServiceContext['artifact']>) => Promise<SyncResultDto>,
): Promise<BulkResultDto> {
  let done = 0;
  const outcomes = await mapBounded(
    ids,
    input.concurrency ?? ctx.concurrency,
    async (id) => {
      const item = op.child(name === 'update-all' ? 'update' : 'sync', { 'artifact_sync.artifact_id': id });
      try {
        // Read under the lock, so the item works on the current version (see SyncService.withArtifact).
        const result = await ctx.locks.artifact(id, `${name} ${id}`, () => work(item, ctx.artifact(id)));
        item.end({
          artifact_id: id,
          direction: result.direction,
          result: result.status,
          auto_merge: result.status === 'merged',
          conflict_files: result.conflicts.map((c) => c.path),
        });
        return result;
      } catch (error) {
        item.end({ artifact_id: id, result: 'error', error });
        throw error;
      } finally {
        input.onProgress?.({
          operation: name,
          phase: 'item',
          artifact_id: id,
          done: ++done,
          total: ids.length,
          message: `${done}/${ids.length} ${id}`,
        });
      }
    },
    input.signal,
  );
  const items = outcomes.map((outcome, index) => bulkItem(ids[index] as string, outcome));
  return {
    operation: name,
    project,
    summary: summarize(items),
    items,
    trace_id: op.traceId,
    timing: op.timing(),
    warnings,
  };
}
