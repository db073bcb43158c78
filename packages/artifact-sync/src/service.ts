import { isLineageError, quoteInput, UsageError } from '@lineage/errors';
import type { CollectionPreview } from './apply.js';
import { runBulk } from './bulk.js';
import { addArtifact, adoptRecords, removeArtifact, showArtifact } from './catalog.js';
import { checkUpstreams } from './checks.js';
import { abortMerge, resolveConflict } from './conflicts.js';
import { openContext, type ServiceContext, type SyncServiceOptions } from './context.js';
import { computeDrift } from './drift.js';
import type {
  AbortResultDto,
  AddResultDto,
  ArtifactDetailDto,
  BulkResultDto,
  ConflictListDto,
  Direction,
  DriftReportDto,
  HistoryDto,
  ListResultDto,
  MigrateRecordsResultDto,
  ProgressEvent,
  RemoveResultDto,
  ResolveResultDto,
  SyncResultDto,
  UpstreamCheckReportDto,
} from './dto.js';
import type {
  AddInput,
  ArtifactInput,
  DeployInput,
  DriftInput,
  OperationInput,
  ResolveInput,
  RollbackInput,
  SyncAllInput,
  SyncInput,
  TierInput,
  UpdateAllInput,
  UpdateInput,
} from './inputs.js';
import { parseKind } from './kinds.js';
import { STRATEGIES, type Strategy } from './merge-plan.js';
import { canonicalProject } from './project.js';
import { ProjectRecords } from './records.js';
import { rollbackTier, tierHistory } from './rollback.js';
import { parseSource } from './source.js';
import { COLLECTION_TIER, type Resolution, type SyncStatus } from './store.js';
import { deployToProject, type SyncSettings, syncFromProject, syncFromUpstream, updateProject } from './syncs.js';
import type { Operation } from './telemetry.js';
import { artifactDto, pendingConflicts } from './views.js';

const DIRECTIONS = ['upstream', 'project', 'both'] as const;
const RESOLUTIONS: readonly Resolution[] = ['ours', 'theirs', 'current', 'custom'];

/**
 * Version tracking and sync of Claude Code artifacts between an upstream git repository, the
 * collection (`$SKILLMEAT_HOME`) and projects. Every method takes plain inputs and returns a
 * plain, JSON-serialisable result with a `trace_id` and timings; failures are LineageErrors
 * with stable codes (not found → exit 3, conflicts pending → exit 4, usage → exit 2).
 */
export class SyncService {
  private readonly records: ProjectRecords;

  private constructor(private readonly ctx: ServiceContext) {
    this.records = new ProjectRecords(ctx);
  }

  /** Opens (creating and migrating if needed) the collection at `options.home`. */
  static async open(options: SyncServiceOptions = {}): Promise<SyncService> {
    return new SyncService(await openContext(options));
  }

  get home(): string {
    return this.ctx.paths.home;
  }

  async close(): Promise<void> {
    await this.ctx.store.close();
  }

  add(input: AddInput): Promise<AddResultDto> {
    return this.run(
      'add',
      input,
      {},
      async (op) => {
        const source = typeof input.source === 'string' ? parseSource(input.source) : input.source;
        const added = await addArtifact(this.ctx, op, source, {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.kind === undefined ? {} : { kind: parseKind(input.kind) }),
          ...(input.signal ? { signal: input.signal } : {}),
          onPhase: this.phases(input, 'add'),
        });
        return { ...added, trace_id: op.traceId, timing: op.timing(), warnings: [] };
      },
      (result) => ({ artifact_id: result.artifact.id, result: 'added' }),
    );
  }

  list(input: OperationInput = {}): Promise<ListResultDto> {
    return this.run('list', input, {}, async (op) => ({
      artifacts: this.ctx.db.artifacts().map((row) => artifactDto(this.ctx, row)),
      trace_id: op.traceId,
      timing: op.timing(),
      warnings: [],
    }));
  }

  show(input: ArtifactInput): Promise<ArtifactDetailDto> {
    return this.run('show', input, {}, async (op) => showArtifact(this.ctx, op, this.ctx.artifact(input.artifact)));
  }

  remove(input: ArtifactInput & { force?: boolean }): Promise<RemoveResultDto> {
    return this.run(
      'remove',
      input,
      {},
      async (op) => {
        const { id } = this.ctx.artifact(input.artifact);
        return this.ctx.locks.artifact(id, `remove ${id}`, async () => ({
          ...removeArtifact(this.ctx, this.ctx.artifact(id), input.force ?? false),
          trace_id: op.traceId,
        }));
      },
      (result) => ({ artifact_id: result.removed, result: 'removed' }),
    );
  }

  /** Collection → project, the first time. Applies unless `apply: false`. */
  deploy(input: DeployInput): Promise<SyncResultDto> {
    return this.withArtifact('deploy', input, (op, artifact) =>
      deployToProject(
        this.ctx,
        op,
        this.records,
        artifact,
        canonicalProject(input.project),
        this.settings(input, op, { apply: input.apply ?? true, strategy: input.strategy ?? 'auto' }),
      ),
    );
  }

  /** Collection → project: the collection's version merged into a deployment with its local edits. Dry run unless `apply`. */
  update(input: UpdateInput): Promise<SyncResultDto> {
    return this.withArtifact('update', input, (op, artifact) =>
      updateProject(this.ctx, op, this.records, artifact, canonicalProject(input.project), this.settings(input, op)),
    );
  }

  /** Upstream → collection, project → collection, or both ways. Dry run unless `apply`. */
  sync(input: SyncInput): Promise<SyncResultDto> {
    if (!(DIRECTIONS as readonly string[]).includes(input.direction)) {
      return Promise.reject(
        new UsageError('INVALID_DIRECTION', `unknown direction ${quoteInput(String(input.direction))}`, {
          hint: `use one of: ${DIRECTIONS.join(', ')}`,
        }),
      );
    }
    return this.withArtifact('sync', input, async (op, artifact) => {
      const settings = this.settings(input, op);
      const project = () => {
        if (input.project === undefined)
          throw new UsageError('PROJECT_REQUIRED', `direction ${input.direction} needs a project`, {
            hint: 'pass the project directory',
          });
        return canonicalProject(input.project);
      };
      if (input.direction === 'upstream')
        return syncFromUpstream(this.ctx, op, artifact, {
          ...settings,
          ...(input.ref === undefined ? {} : { ref: input.ref }),
        });
      if (input.direction === 'project')
        return syncFromProject(this.ctx, op, this.records, artifact, project(), settings);
      return this.syncBoth(op, artifact.id, project(), settings, input.ref);
    });
  }

  /** Every deployment of a project, collection → project, with bounded parallelism and a summary. */
  updateAll(input: UpdateAllInput): Promise<BulkResultDto> {
    return this.run(
      'update-all',
      input,
      {},
      async (op) => {
        const project = canonicalProject(input.project);
        const warnings: string[] = [];
        if (input.apply) {
          const { skipped } = await adoptRecords(this.ctx, op, this.records, project);
          for (const id of skipped)
            warnings.push(`${id} is recorded in the project but not in the collection: skipped`);
        }
        const ids = this.ctx.db.deployments(project).map((row) => row.artifact_id);
        return runBulk(this.ctx, op, 'update-all', project, ids, input, warnings, (item, artifact) =>
          updateProject(this.ctx, item, this.records, artifact, project, this.settings(input, item)),
        );
      },
      (result) => ({ result: bulkResult(result) }),
    );
  }

  /** Upstream → collection for many artifacts (every one with an upstream by default). */
  syncAll(input: SyncAllInput = {}): Promise<BulkResultDto> {
    return this.run(
      'sync-all',
      input,
      {},
      async (op) => {
        const ids =
          input.artifacts?.map((ref) => this.ctx.artifact(ref).id) ??
          this.ctx.db
            .artifacts()
            .filter((row) => row.upstream_url !== null)
            .map((row) => row.id);
        return runBulk(this.ctx, op, 'sync-all', null, ids, input, [], (item, artifact) =>
          syncFromUpstream(this.ctx, item, artifact, this.settings(input, item)),
        );
      },
      (result) => ({ result: bulkResult(result) }),
    );
  }

  /** Read-only status of every deployment across tiers, with per-file detail. */
  drift(input: DriftInput = {}): Promise<DriftReportDto> {
    return this.run(
      'drift',
      input,
      { 'artifact_sync.check_upstream': input.check_upstream ?? false },
      async (op) => {
        const project = input.project === undefined ? null : canonicalProject(input.project);
        const warnings: string[] = [];
        if (input.check_upstream) {
          const deployed = new Set(
            project === null ? [] : this.ctx.db.deployments(project).map((row) => row.artifact_id),
          );
          const artifacts = this.ctx.db.artifacts().filter((row) => project === null || deployed.has(row.id));
          input.onProgress?.({ operation: 'drift', phase: 'check', message: `asking ${artifacts.length} upstream(s)` });
          warnings.push(...(await checkUpstreams(this.ctx, op, artifacts, input.signal)).warnings);
        }
        const drift = await op.span('hash', {}, () => computeDrift(this.ctx, project));
        const summary = Object.fromEntries(
          (['synced', 'modified', 'outdated', 'conflict', 'diverged'] as SyncStatus[]).map((status) => [
            status,
            drift.entries.filter((entry) => entry.status === status).length,
          ]),
        ) as Record<SyncStatus, number>;
        return {
          projects: drift.projects,
          entries: drift.entries,
          artifacts: drift.artifacts,
          summary,
          upstream_checked: input.check_upstream ?? false,
          trace_id: op.traceId,
          timing: op.timing(),
          warnings: [...warnings, ...drift.warnings],
        };
      },
      (result) => ({ result: 'ok', fields: { entries: result.entries.length, summary: result.summary } }),
    );
  }

  /** Asks the upstreams where their refs point (`git ls-remote`; a moved ref has its commit fetched) and caches the answers. */
  checkUpstreams(input: OperationInput & { artifacts?: string[] } = {}): Promise<UpstreamCheckReportDto> {
    return this.run(
      'check-upstreams',
      input,
      {},
      async (op) => {
        const artifacts = input.artifacts?.map((ref) => this.ctx.artifact(ref)) ?? this.ctx.db.artifacts();
        const { checks, warnings } = await checkUpstreams(this.ctx, op, artifacts, input.signal);
        return { checks, trace_id: op.traceId, timing: op.timing(), warnings };
      },
      (result) => ({ result: result.checks.every((check) => check.ok) ? 'ok' : 'degraded' }),
    );
  }

  /** Settles one conflicted file; the last one records the merge. */
  resolve(input: ResolveInput): Promise<ResolveResultDto> {
    if (!RESOLUTIONS.includes(input.resolution)) {
      return Promise.reject(
        new UsageError('INVALID_RESOLUTION', `unknown resolution ${quoteInput(String(input.resolution))}`, {
          hint: `use one of: ${RESOLUTIONS.join(', ')}`,
        }),
      );
    }
    return this.withArtifact('resolve', input, (op, artifact) =>
      resolveConflict(this.ctx, op, this.records, artifact, this.tier(input), {
        file: input.file,
        resolution: input.resolution,
        ...(input.content === undefined ? {} : { content: input.content }),
      }),
    );
  }

  /** The conflicts pending on the collection's version (no project) or a deployment, each with the file to open. */
  conflicts(input: TierInput): Promise<ConflictListDto> {
    return this.run('conflicts', input, {}, async (op) => {
      const artifact = this.ctx.artifact(input.artifact);
      const tier = this.tier(input);
      return {
        artifact_id: artifact.id,
        project: input.project === undefined ? null : tier,
        direction: (this.ctx.db.pendingMerge(artifact.id, tier)?.direction ?? null) as Direction | null,
        conflicts: pendingConflicts(this.ctx, artifact, tier),
        trace_id: op.traceId,
        timing: op.timing(),
        warnings: [],
      };
    });
  }

  /** Drops a pending merge and restores the version from before it. */
  abort(input: TierInput): Promise<AbortResultDto> {
    return this.withArtifact('abort', input, (op, artifact) =>
      abortMerge(this.ctx, op, this.records, artifact, this.tier(input)),
    );
  }

  /** Puts the collection's version (or a deployment's) back to a version of its lineage; recorded as a new lineage entry. */
  rollback(input: RollbackInput): Promise<SyncResultDto> {
    return this.withArtifact('rollback', input, (op, artifact) =>
      rollbackTier(this.ctx, op, this.records, artifact, this.tier(input), {
        to: input.to,
        apply: input.apply ?? true,
      }),
    );
  }

  history(input: TierInput): Promise<HistoryDto> {
    return this.run('history', input, {}, async (op) =>
      tierHistory(this.ctx, op, this.ctx.artifact(input.artifact), this.tier(input)),
    );
  }

  /** Stores a project's records the collection does not know yet (legacy SkillMeat records included), backfilling their lineage. */
  migrateRecords(input: OperationInput & { project: string }): Promise<MigrateRecordsResultDto> {
    return this.run(
      'migrate-records',
      input,
      {},
      async (op) => {
        const project = canonicalProject(input.project);
        return { project, ...(await adoptRecords(this.ctx, op, this.records, project)), trace_id: op.traceId };
      },
      (result) => ({ result: `adopted ${result.adopted.length}` }),
    );
  }

  /**
   * Upstream → collection, then project → collection, then collection → project. A dry run
   * plans each step against the version the step before it would make, so the plan shows what
   * --apply will do; it stops at a step that would conflict, since what follows depends on how
   * the conflicts are settled.
   */
  private async syncBoth(
    op: Operation,
    id: string,
    project: string,
    settings: SyncSettings,
    ref: string | undefined,
  ): Promise<SyncResultDto> {
    const steps: SyncResultDto[] = [];
    const stopped = (step: SyncResultDto) =>
      step.status === 'conflicts-pending' || step.status === 'conflicts-stopped' || step.conflicts.length > 0;
    const artifact = () => this.ctx.db.artifact(id) as NonNullable<ReturnType<typeof this.ctx.db.artifact>>;
    let planned: CollectionPreview | undefined;
    const step = (): SyncSettings =>
      settings.apply
        ? settings
        : {
            ...settings,
            ...(planned ? { collection: planned } : {}),
            onPlanned: (next) => {
              planned = next;
            },
          };
    const total = artifact().upstream_url === null ? 2 : 3;
    if (total === 3)
      steps.push(
        await syncFromUpstream(this.ctx, op, artifact(), { ...step(), ...(ref === undefined ? {} : { ref }) }),
      );
    if (!steps.some(stopped))
      steps.push(await syncFromProject(this.ctx, op, this.records, artifact(), project, step()));
    if (!steps.some(stopped)) steps.push(await updateProject(this.ctx, op, this.records, artifact(), project, step()));
    const last = steps[steps.length - 1] as SyncResultDto;
    const left = total - steps.length;
    const warnings =
      !settings.apply && left > 0
        ? [`the dry run stops at the conflicts: the ${left} step(s) after them are planned once they are settled`]
        : [];
    return {
      ...last,
      operation: 'sync',
      steps,
      warnings: [...warnings, ...steps.flatMap((step) => step.warnings)],
      timing: op.timing(),
    };
  }

  private withArtifact<T extends { trace_id: string }>(
    name: string,
    input: ArtifactInput,
    work: (op: Operation, artifact: ReturnType<ServiceContext['artifact']>) => Promise<T>,
  ): Promise<T> {
    return this.run(
      name,
      input,
      {},
      (op) => {
        // The row is read again once the lock is held: read before, it may be a version that a
        // concurrent operation has since replaced, and merging into it would lose that operation's work.
        const { id } = this.ctx.artifact(input.artifact);
        return this.ctx.locks.artifact(id, `${name} ${id}`, () => work(op, this.ctx.artifact(id)));
      },
      (result) => syncLog(result),
    );
  }

  /**
   * Runs one operation: a root span (under the caller's traceparent), the operation's log
   * event and metrics when it ends, and its trace id on the error if it fails.
   */
  private async run<T extends { trace_id: string }>(
    name: string,
    input: OperationInput,
    attributes: Record<string, string | number | boolean>,
    work: (op: Operation) => Promise<T>,
    describe: (result: T) => { artifact_id?: string; result: string; fields?: Record<string, unknown> } = () => ({
      result: 'ok',
    }),
  ): Promise<T> {
    const op = this.ctx.telemetry.start(
      name,
      { ...attributes, ...('artifact' in input ? { 'artifact_sync.artifact': String(input.artifact) } : {}) },
      input.traceparent,
    );
    try {
      const result = await work(op);
      const described = describe(result);
      const sync = result as unknown as Partial<SyncResultDto>;
      op.end({
        ...described,
        artifact_id: described.artifact_id ?? sync.artifact_id ?? null,
        direction: sync.direction ?? null,
        auto_merge: sync.status === 'merged',
        conflict_files: sync.conflicts?.map((conflict) => conflict.path) ?? [],
      });
      return result;
    } catch (error) {
      if (isLineageError(error)) (error.details as Record<string, unknown>).trace_id = op.traceId;
      op.end({ artifact_id: 'artifact' in input ? String(input.artifact) : null, result: 'error', error });
      throw error;
    }
  }

  private settings(
    input: OperationInput & { strategy?: Strategy; apply?: boolean; auto_merge?: boolean },
    op: Operation,
    defaults: { apply?: boolean; strategy?: Strategy } = {},
  ): SyncSettings {
    const strategy = input.strategy ?? defaults.strategy ?? 'prompt';
    if (!STRATEGIES.includes(strategy)) {
      throw new UsageError('INVALID_STRATEGY', `unknown strategy ${quoteInput(String(strategy))}`, {
        hint: `use one of: ${STRATEGIES.join(', ')}`,
      });
    }
    return {
      strategy,
      apply: input.apply ?? defaults.apply ?? false,
      autoMerge: input.auto_merge ?? true,
      ...(input.signal ? { signal: input.signal } : {}),
      onPhase: this.phases(input, op.name),
    };
  }

  private phases(input: OperationInput, operation: string) {
    return (phase: ProgressEvent['phase'], message: string) => input.onProgress?.({ operation, phase, message });
  }

  private tier(input: TierInput): string {
    return input.project === undefined ? COLLECTION_TIER : canonicalProject(input.project);
  }
}

function syncLog(result: { trace_id: string }): { result: string } {
  const status = (result as Partial<SyncResultDto>).status;
  return {
    result:
      status ??
      ((result as Partial<ResolveResultDto>).completed === undefined
        ? 'ok'
        : (result as ResolveResultDto).completed
          ? 'resolved'
          : 'partly-resolved'),
  };
}

function bulkResult(result: BulkResultDto): string {
  return result.summary.errors > 0 ? 'errors' : result.summary.conflicts > 0 ? 'conflicts' : 'ok';
}

export type { SyncServiceOptions };
