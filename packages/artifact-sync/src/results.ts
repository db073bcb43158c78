import type { ConflictDto, SyncPlanDto, SyncResultDto } from './dto.js';
import type { MergePlan } from './merge-plan.js';
import type { Operation } from './telemetry.js';

/** A plan as the result shows it: where content comes from and goes, and the per-file decisions. */
export function planDto(
  plan: MergePlan,
  fields: Omit<SyncPlanDto, 'outcome' | 'result_hash' | 'files' | 'summary' | 'conflicts'> & {
    conflicts?: ConflictDto[];
  },
): SyncPlanDto {
  return {
    ...fields,
    outcome: plan.outcome,
    result_hash: plan.result_hash,
    files: plan.files,
    summary: plan.summary,
    conflicts: fields.conflicts ?? [],
  };
}

/** A sync result with every field a caller can rely on: what is not given is empty, not absent. */
export function syncResult(
  op: Operation,
  fields: Pick<SyncResultDto, 'operation' | 'artifact_id' | 'direction' | 'project' | 'plan'> & Partial<SyncResultDto>,
): SyncResultDto {
  return {
    applied: false,
    status: 'planned',
    head: null,
    lineage: [],
    sync_status: null,
    conflicts: [],
    saved_versions: [],
    warnings: [],
    ...fields,
    trace_id: op.traceId,
    timing: op.timing(),
  };
}
