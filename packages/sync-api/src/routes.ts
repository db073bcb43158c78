import { createRoute, type z } from '@hono/zod-openapi';
import * as s from './schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const failures = {
  400: json(
    s.ErrorBody,
    'The request is invalid: `issues` says where (code VALIDATION_FAILED), or the library refused it',
  ),
  401: json(s.ErrorBody, 'Missing or wrong bearer token'),
  404: json(s.ErrorBody, 'No such artifact, deployment, version or conflict'),
  409: json(s.ErrorBody, 'Conflicts are pending, or conflict markers remain'),
  422: json(s.ErrorBody, 'The idempotency key was used for a different request, or the content is unsafe'),
  503: json(s.ErrorBody, 'The artifact is busy (lock timeout): retry after Retry-After seconds'),
};

/** A read: open on loopback (the token is required when the server listens beyond it). */
function read<
  P extends string,
  T extends z.ZodType,
  R extends { params?: typeof s.ArtifactParam; query?: typeof s.TierQuery | typeof s.DriftQuery } = {},
>(path: P, summary: string, result: T, request: R = {} as R) {
  return createRoute({
    method: 'get',
    path,
    summary,
    request,
    responses: { 200: json(result, summary), 400: failures[400], 404: failures[404] },
  });
}

/** A write: bearer token required, an optional idempotency key, a JSON body validated against its schema. */
function write<P extends string, B extends z.ZodType, T extends z.ZodType>(
  path: P,
  summary: string,
  description: string,
  body: B,
  result: T,
) {
  return createRoute({
    method: 'post',
    path,
    summary,
    description,
    security: [{ bearer: [] }],
    request: {
      headers: s.IdempotencyHeader,
      body: { required: true, content: { 'application/json': { schema: body } } },
    },
    responses: { 200: json(result, summary), ...failures },
  });
}

export const routes = {
  list: read('/v1/artifacts', 'The artifacts in the collection, with lineage and upstream pins', s.ArtifactList),
  show: read('/v1/artifacts/{artifact}', 'One artifact: versions, deployments, files', s.ArtifactDetail, {
    params: s.ArtifactParam,
  }),
  history: read(
    '/v1/artifacts/{artifact}/history',
    'Version history of the collection’s version, or of a deployment',
    s.HistoryResult,
    {
      params: s.ArtifactParam,
      query: s.TierQuery,
    },
  ),
  conflicts: read('/v1/artifacts/{artifact}/conflicts', 'Pending conflicts with their payloads', s.ConflictList, {
    params: s.ArtifactParam,
    query: s.TierQuery,
  }),
  drift: read(
    '/v1/drift',
    'Drift of every deployment across tiers (writes nothing but the upstream-check cache)',
    s.DriftReport,
    {
      query: s.DriftQuery,
    },
  ),
  sync: write(
    '/v1/sync',
    'Sync one artifact: a dry run (the plan and diffs) or, with apply, the merge',
    'Upstream → collection, a project’s edits → collection, or both. Conflicts are not an HTTP error: `status` is conflicts-stopped or conflicts-pending and `conflicts` carries them.',
    s.SyncBody,
    s.SyncResult,
  ),
  update: write(
    '/v1/update',
    'Collection → project: the collection’s version merged into a deployment',
    'A dry run unless apply.',
    s.UpdateBody,
    s.SyncResult,
  ),
  deploy: write('/v1/deploy', 'Deploy an artifact into a project', 'Applies at once.', s.DeployBody, s.SyncResult),
  batchSync: write(
    '/v1/batch/sync',
    'Batch sync: upstream → collection for many artifacts',
    'Bounded parallelism; one item per artifact, errors kept with their item, and a summary.',
    s.BatchSyncBody,
    s.BulkResult,
  ),
  batchUpdate: write(
    '/v1/batch/update',
    'Batch update: every deployment of a project',
    'Bounded parallelism; one item per artifact, errors kept with their item, and a summary.',
    s.BatchUpdateBody,
    s.BulkResult,
  ),
  resolve: write(
    '/v1/resolve',
    'Resolve one conflicted file of a pending merge',
    'The last file resolved records the merge as a new version (`completed`). Leftover markers are refused (409 CONFLICT_MARKERS_REMAIN).',
    s.ResolveBody,
    s.ResolveResult,
  ),
  abort: write(
    '/v1/abort',
    'Abort a pending merge',
    'Restores the version from before the merge; edits made to the conflicted files are kept as a version first.',
    s.TierBody,
    s.AbortResult,
  ),
  rollback: write(
    '/v1/rollback',
    'Roll the collection’s version, or a deployment, back to a version of its lineage',
    'Recorded as a new lineage entry.',
    s.RollbackBody,
    s.SyncResult,
  ),
};
