import { isLineageError } from '@lineage/errors';
import type { BulkItemDto, BulkSummaryDto, SyncResultDto } from './dto.js';

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
  return {
    artifact_id: artifactId,
    status: 'error',
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
