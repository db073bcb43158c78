import { z } from '@hono/zod-openapi';

/**
 * The API's schemas: each request schema both validates what arrives and describes it in
 * /openapi.json, so the document cannot drift from what is checked. Response schemas describe
 * the fields clients rely on (the DTOs of @lineage/artifact-sync carry more, sent as they are).
 */

const artifact = z
  .string()
  .min(1)
  .max(200)
  .openapi({ description: '`kind:name`, or a name only one kind has', example: 'skill:review' });
const project = z
  .string()
  .min(1)
  .max(4096)
  .openapi({ description: 'Absolute path of a project directory', example: '/home/ada/app' });
const strategy = z.enum(['auto', 'prompt', 'overwrite']).openapi({
  description:
    'auto: merge, stop on conflict; prompt: write conflicts with markers for /v1/resolve; overwrite: take the incoming version (the replaced one is kept). Default: the collection’s merge_strategy_default.',
});
const apply = z.boolean().openapi({
  description: 'Write the result. Default: false (a dry run) unless the collection’s enable_sync_preview is false.',
});
const concurrency = z
  .number()
  .int()
  .min(1)
  .max(16)
  .openapi({ description: 'Artifacts worked on at once (default 4).' });

export const SyncBody = z
  .object({
    artifact,
    direction: z.enum(['upstream', 'project', 'both']).openapi({
      description:
        'upstream: upstream → collection; project: a project’s edits → collection; both: upstream → collection, then project and collection merged',
    }),
    project: project.optional(),
    strategy: strategy.optional(),
    apply: apply.optional(),
    ref: z.string().min(1).max(255).optional().openapi({ description: 'Move the pin to this tag, commit or branch' }),
  })
  .strict()
  .openapi('SyncRequest');

export const UpdateBody = z
  .object({ artifact, project, strategy: strategy.optional(), apply: apply.optional() })
  .strict()
  .openapi('UpdateRequest');

export const DeployBody = z
  .object({
    artifact,
    project,
    strategy: z
      .enum(['auto', 'overwrite'])
      .optional()
      .openapi({ description: 'overwrite replaces different content already there (kept as a version first)' }),
  })
  .strict()
  .openapi('DeployRequest');

export const BatchSyncBody = z
  .object({
    artifacts: z
      .array(artifact)
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'Default: every artifact with an upstream' }),
    strategy: strategy.optional(),
    apply: apply.optional(),
    concurrency: concurrency.optional(),
  })
  .strict()
  .openapi('BatchSyncRequest');

export const BatchUpdateBody = z
  .object({ project, strategy: strategy.optional(), apply: apply.optional(), concurrency: concurrency.optional() })
  .strict()
  .openapi('BatchUpdateRequest');

export const ResolveBody = z
  .object({
    artifact,
    project: project
      .optional()
      .openapi({ description: 'The deployment’s project; absent: the collection’s own merge' }),
    file: z
      .string()
      .min(1)
      .max(4096)
      .openapi({ description: 'The conflicted file, relative to the artifact', example: 'SKILL.md' }),
    resolution: z.enum(['ours', 'theirs', 'current', 'custom']).openapi({
      description: 'ours: the target’s side; theirs: the incoming side; current: the file as edited; custom: `content`',
    }),
    content: z
      .string()
      .max(10 * 1024 * 1024)
      .optional()
      .openapi({ description: 'The resolved text, for `custom`' }),
  })
  .strict()
  .refine((body) => (body.resolution === 'custom') === (body.content !== undefined), {
    message: '`content` is required with resolution custom, and only then',
    path: ['content'],
  })
  .openapi('ResolveRequest');

export const TierBody = z
  .object({
    artifact,
    project: project.optional().openapi({ description: 'A deployment’s project; absent: the collection' }),
  })
  .strict()
  .openapi('TierRequest');

export const RollbackBody = z
  .object({
    artifact,
    project: project.optional().openapi({ description: 'A deployment’s project; absent: the collection' }),
    to: z
      .string()
      .min(4)
      .max(200)
      .openapi({ description: 'A hash of the tier’s lineage, or a unique prefix', example: 'h1:Vx3k9aB2' }),
    apply: z.boolean().optional().openapi({ description: 'Default true; false returns the plan' }),
  })
  .strict()
  .openapi('RollbackRequest');

export const ArtifactParam = z.object({
  artifact: artifact.openapi({ param: { name: 'artifact', in: 'path' } }),
});

export const TierQuery = z.object({
  project: project.optional().openapi({ param: { name: 'project', in: 'query' } }),
});

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const DriftQuery = z.object({
  project: project
    .optional()
    .openapi({ param: { name: 'project', in: 'query' }, description: 'One project; default every project' }),
  check_upstream: flag.optional().openapi({
    param: { name: 'check_upstream', in: 'query' },
    description: 'Ask the upstreams first (git ls-remote), unless enable_upstream_check is false',
  }),
});

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'A retry with the same key gets the first response (header Idempotent-Replayed: true) and applies nothing twice; a different request with a used key gets 422. Kept 24 hours.',
    }),
});

// Responses: the fields clients rely on.

const timing = z.object({ duration_ms: z.number(), phases: z.record(z.string(), z.number()) }).openapi('Timing');
const base = {
  trace_id: z.string().openapi({ example: '4bf92f3577b34da6a3ce929d0e0e4736' }),
  timing,
  warnings: z.array(z.string()),
};
const syncStatus = z.enum(['synced', 'modified', 'outdated', 'conflict', 'diverged']);

const version = z
  .object({
    content_hash: z.string(),
    parent_hash: z.string().nullable(),
    change_origin: z.enum(['deployment', 'sync', 'local_modification']).nullable(),
    version_lineage: z.array(z.string()),
    created_at: z.string(),
  })
  .openapi('Version');

const conflict = z
  .object({
    path: z.string(),
    kind: z.enum(['content', 'binary', 'add-add', 'modify-delete', 'file-directory']),
    workspace_path: z.string().nullable().openapi({ description: 'The file with conflict markers, to edit' }),
    base_sha256: z.string().nullable(),
    ours_sha256: z.string().nullable(),
    theirs_sha256: z.string().nullable(),
    regions: z
      .array(z.object({}).passthrough())
      .openapi({ description: 'Line ranges of each conflict in base, ours, theirs and the output' }),
    labels: z.object({ ours: z.string(), theirs: z.string() }),
  })
  .openapi('Conflict');

const direction = z.enum(['upstream-to-collection', 'collection-to-project', 'project-to-collection']);

export const SyncResult = z
  .object({
    ...base,
    operation: z.enum(['sync', 'deploy', 'update', 'rollback']),
    artifact_id: z.string(),
    direction: direction.nullable(),
    project: z.string().nullable(),
    applied: z.boolean(),
    status: z.enum([
      'planned',
      'unchanged',
      'fast-forwarded',
      'merged',
      'overwritten',
      'deployed',
      'rolled-back',
      'conflicts-stopped',
      'conflicts-pending',
    ]),
    plan: z
      .object({
        base_hash: z.string().nullable(),
        outcome: z.enum(['unchanged', 'fast-forward', 'merge', 'conflict', 'overwrite']),
        result_hash: z.string(),
        files: z.array(
          z.object({
            path: z.string(),
            action: z.enum(['add', 'modify', 'delete', 'unchanged']),
            outcome: z.string(),
            diff: z.string().openapi({ description: 'A unified diff of the file' }),
          }),
        ),
      })
      .openapi('SyncPlan'),
    head: version.nullable(),
    lineage: z.array(z.string()).openapi({ description: 'The target’s lineage, oldest first' }),
    sync_status: syncStatus.nullable(),
    conflicts: z.array(conflict),
    saved_versions: z.array(z.string()),
  })
  .openapi('SyncResult');

export const BulkResult = z
  .object({
    ...base,
    operation: z.enum(['update-all', 'sync-all']),
    summary: z
      .object({
        total: z.number(),
        auto_merged: z.number(),
        fast_forwarded: z.number(),
        conflicts: z.number(),
        errors: z.number(),
        unchanged: z.number(),
      })
      .openapi('BulkSummary'),
    items: z.array(
      z.object({
        artifact_id: z.string(),
        status: z.string(),
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
        result: SyncResult.nullable(),
      }),
    ),
  })
  .openapi('BulkResult');

export const DriftReport = z
  .object({
    ...base,
    projects: z.array(z.string()),
    entries: z.array(
      z.object({
        artifact_id: z.string(),
        project: z.string(),
        status: syncStatus,
        hashes: z.object({
          project: z.string().nullable(),
          deployed: z.string(),
          collection: z.string(),
          base: z.string().nullable(),
        }),
        recommendation: z.string(),
        pending_conflicts: z.array(z.string()),
      }),
    ),
    summary: z.record(z.string(), z.number()),
    upstream_checked: z.boolean(),
  })
  .openapi('DriftReport');

export const HistoryResult = z
  .object({
    ...base,
    artifact_id: z.string(),
    project: z.string().nullable(),
    head: z.string(),
    version_lineage: z.array(z.string()),
    entries: z.array(
      z.object({
        action: z.string(),
        content_hash: z.string(),
        parent_hash: z.string().nullable(),
        change_origin: z.string(),
        created_at: z.string(),
      }),
    ),
  })
  .openapi('History');

export const ConflictList = z
  .object({
    ...base,
    artifact_id: z.string(),
    project: z.string().nullable(),
    direction: direction.nullable(),
    conflicts: z.array(conflict),
  })
  .openapi('ConflictList');

export const ResolveResult = z
  .object({
    ...base,
    artifact_id: z.string(),
    path: z.string(),
    remaining: z.array(z.string()),
    completed: z.boolean(),
    head: version.nullable(),
  })
  .openapi('ResolveResult');

export const AbortResult = z
  .object({
    ...base,
    artifact_id: z.string(),
    restored_hash: z.string(),
    saved_hash: z.string().nullable(),
    cleared_conflicts: z.array(z.string()),
  })
  .openapi('AbortResult');

export const ArtifactList = z
  .object({
    ...base,
    artifacts: z.array(
      z.object({ id: z.string(), kind: z.string(), current_hash: z.string(), version_lineage: z.array(z.string()) }),
    ),
  })
  .openapi('ArtifactList');

export const ArtifactDetail = z
  .object({ ...base, artifact: z.object({ id: z.string(), current_hash: z.string() }), versions: z.array(version) })
  .openapi('ArtifactDetail');

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      hint: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
      trace_id: z.string().optional(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');
