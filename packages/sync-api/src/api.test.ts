import { mkdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { SyncService } from '@lineage/artifact-sync';
import { describe, expect, it } from 'vitest';
import { skill, TOKEN, Upstream, useApi, write } from '../test/fixture.js';

const fx = useApi();

/** A collection with the review skill added from a real upstream and deployed in a project. */
async function deployed() {
  const root = fx.tempDir();
  const upstream = new Upstream(join(root, 'upstream'));
  upstream.commit({ 'skills/review/SKILL.md': skill() }, 'v1');
  const home = join(root, 'home');
  const project = join(root, 'project');
  mkdirSync(project);
  const service = await SyncService.open({ home });
  await service.add({ source: `${upstream.dir}#skills/review` });
  await service.deploy({ artifact: 'review', project });
  await service.close();
  const file = join(project, '.claude', 'skills', 'review', 'SKILL.md');
  return { root, home, upstream, project, file, api: await fx.start(home) };
}

describe('the OpenAPI document', () => {
  it('describes every route from the schemas that validate them', async () => {
    const { api } = await deployed();
    const doc = (await api.get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/abort',
      '/v1/artifacts',
      '/v1/artifacts/{artifact}',
      '/v1/artifacts/{artifact}/conflicts',
      '/v1/artifacts/{artifact}/history',
      '/v1/batch/sync',
      '/v1/batch/update',
      '/v1/deploy',
      '/v1/drift',
      '/v1/resolve',
      '/v1/rollback',
      '/v1/sync',
      '/v1/update',
    ]);
    const sync = doc.paths['/v1/sync'].post;
    expect(sync.security).toEqual([{ bearer: [] }]);
    expect(sync.parameters).toEqual([expect.objectContaining({ name: 'idempotency-key', in: 'header' })]);
    const request = doc.components.schemas.SyncRequest;
    expect(request.required).toEqual(['artifact', 'direction']);
    // What the document allows is what validation allows, and nothing else.
    for (const direction of request.properties.direction.enum)
      expect((await api.post('/v1/sync', { artifact: 'review', direction, project: '/nowhere' })).status).not.toBe(400);
    expect((await api.post('/v1/sync', { artifact: 'review', direction: 'sideways' })).status).toBe(400);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.SyncResult.required).toEqual(
      expect.arrayContaining(['trace_id', 'timing', 'lineage', 'sync_status', 'conflicts', 'status']),
    );
  });
});

describe('requests', () => {
  it('need the bearer token to change anything; reads are open on loopback; other Host names are refused', async () => {
    const { api } = await deployed();
    const none = await api.post('/v1/sync', { artifact: 'review', direction: 'upstream' }, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.body.error).toMatchObject({
      code: 'UNAUTHORIZED',
      hint: expect.stringContaining('config get api_token'),
    });
    const wrong = await api.post(
      '/v1/sync',
      { artifact: 'review', direction: 'upstream' },
      { authorization: 'Bearer nope' },
    );
    expect(wrong).toMatchObject({ status: 401, body: { error: { message: 'wrong token' } } });
    expect((await api.get('/v1/artifacts')).status).toBe(200);
    // fetch will not send another Host header: a plain request, as a rebound DNS name would arrive.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${api.url}/v1/artifacts`);
      get({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'attacker.example' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body).error.code).toBe('HOST_NOT_ALLOWED');
  });

  it('are validated, with 4xx bodies that say what and where', async () => {
    const { api } = await deployed();
    const missing = await api.post('/v1/sync', { direction: 'upstream', colour: 'red' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    expect(missing.body.error.issues.map((issue: { path: string }) => issue.path)).toEqual(['json.artifact', 'json']);
    expect(missing.body.error.message).toContain('colour');
    const custom = await api.post('/v1/resolve', { artifact: 'review', file: 'SKILL.md', resolution: 'custom' });
    expect(custom.body.error.issues).toEqual([{ path: 'json.content', message: expect.stringContaining('content') }]);
    expect((await api.post('/v1/sync', '{not json')).body.error.code).toBe('MALFORMED_REQUEST');
    expect((await api.post('/v1/sync', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api.get('/v1/drift?check_upstream=maybe')).body.error.issues[0].path).toBe('query.check_upstream');
    const unknown = await api.post('/v1/sync', { artifact: 'nothing', direction: 'upstream' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'ARTIFACT_NOT_FOUND',
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect((await api.get('/v2/nothing')).body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(
      (await api.post('/v1/sync', { artifact: 'review', direction: 'upstream' }, { 'idempotency-key': 'a b' })).status,
    ).toBe(400);
  });
});

describe('sync, drift, conflicts, resolution and history', () => {
  it('carry lineage, sync status, conflict payloads, timing and trace ids', async () => {
    const { api, upstream, project, file, root } = await deployed();
    write(file, skill({ 2: 'THREE (project)' }));
    upstream.commit({ 'skills/review/SKILL.md': skill({ 2: 'THREE (upstream)' }) }, 'v2');
    const dry = await api.post('/v1/sync', { artifact: 'review', direction: 'upstream' });
    expect(dry.body).toMatchObject({ status: 'planned', applied: false, plan: { outcome: 'fast-forward' } });
    expect(dry.body.plan.files[0].diff).toContain('+THREE (upstream)');
    const applied = await api.post('/v1/sync', { artifact: 'review', direction: 'upstream', apply: true });
    expect(applied.body).toMatchObject({
      status: 'fast-forwarded',
      head: { change_origin: 'sync' },
      timing: { duration_ms: expect.any(Number), phases: expect.objectContaining({ fetch_ms: expect.any(Number) }) },
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(applied.body.lineage).toHaveLength(2);

    const drift = await api.get(`/v1/drift?project=${encodeURIComponent(project)}`);
    expect(drift.body).toMatchObject({
      entries: [{ status: 'diverged', recommendation: 'merge' }],
      summary: { diverged: 1 },
    });

    const pending = await api.post('/v1/update', { artifact: 'review', project, apply: true, strategy: 'prompt' });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({
      status: 'conflicts-pending',
      sync_status: 'conflict',
      conflicts: [
        { path: 'SKILL.md', kind: 'content', workspace_path: file, labels: { ours: 'project', theirs: 'collection' } },
      ],
    });
    expect(pending.body.conflicts[0].regions).toHaveLength(1);
    const listed = await api.get(`/v1/artifacts/skill:review/conflicts?project=${encodeURIComponent(project)}`);
    expect(listed.body).toMatchObject({ direction: 'collection-to-project', conflicts: [{ path: 'SKILL.md' }] });
    const blocked = await api.post('/v1/update', { artifact: 'review', project, apply: true });
    expect(blocked).toMatchObject({ status: 409, body: { error: { code: 'CONFLICTS_PENDING' } } });

    const leftover = await api.post('/v1/resolve', {
      artifact: 'review',
      project,
      file: 'SKILL.md',
      resolution: 'current',
    });
    expect(leftover).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT_MARKERS_REMAIN' } } });
    const content = skill({ 2: 'THREE (both)' });
    const resolved = await api.post('/v1/resolve', {
      artifact: 'review',
      project,
      file: 'SKILL.md',
      resolution: 'custom',
      content,
    });
    expect(resolved.body).toMatchObject({ completed: true, remaining: [], head: { change_origin: 'sync' } });
    expect(readFileSync(file, 'utf8')).toBe(content);

    const history = await api.get(`/v1/artifacts/review/history?project=${encodeURIComponent(project)}`);
    expect(history.body.entries.map((entry: { action: string }) => entry.action)).toEqual([
      'deploy',
      'local-edit',
      'resolve',
    ]);
    const first = history.body.version_lineage[0];
    const rolled = await api.post('/v1/rollback', { artifact: 'review', project, to: first });
    expect(rolled.body).toMatchObject({ status: 'rolled-back', head: { content_hash: first } });
    expect(readFileSync(file, 'utf8')).toBe(skill());
    expect(root).toBeTruthy();
  });

  it('batch sync runs many artifacts and sums them up', async () => {
    const { api, upstream } = await deployed();
    upstream.commit({ 'skills/review/SKILL.md': skill({ 0: 'ONE' }) });
    const batch = await api.post('/v1/batch/sync', { apply: true });
    expect(batch.body).toMatchObject({
      operation: 'sync-all',
      summary: { total: 1, fast_forwarded: 1, errors: 0 },
      items: [{ artifact_id: 'skill:review', status: 'fast-forwarded' }],
    });
  });
});

describe('idempotency keys', () => {
  it('replay the first response and apply nothing twice; a key reused for another request is refused', async () => {
    const { api, upstream } = await deployed();
    upstream.commit({ 'skills/review/SKILL.md': skill({ 0: 'ONE' }) });
    const request = { artifact: 'review', direction: 'upstream', apply: true };
    const first = await api.post('/v1/sync', request, { 'idempotency-key': 'sync-1' });
    expect(first.body.status).toBe('fast-forwarded');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await api.post('/v1/sync', request, { 'idempotency-key': 'sync-1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const without = await api.post('/v1/sync', request);
    expect(without.body.status).toBe('unchanged');
    const other = await api.post('/v1/sync', { ...request, apply: false }, { 'idempotency-key': 'sync-1' });
    expect(other).toMatchObject({ status: 422, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
  });

  it('hold across parallel retries and a restart of the server', async () => {
    const { api, home, upstream, project, file } = await deployed();
    write(file, skill({ 0: 'ONE (project)' }));
    const request = { artifact: 'review', direction: 'project', project, apply: true };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/v1/sync', request, { 'idempotency-key': 'parallel' })),
    );
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    const history = (await api.get('/v1/artifacts/review/history')).body.entries.map(
      (e: { action: string }) => e.action,
    );
    expect(history).toEqual(['add', 'sync']);
    upstream.commit({ 'skills/review/SKILL.md': skill({ 5: 'SIX' }) });
    const restarted = await fx.start(home);
    const replay = await restarted.post('/v1/sync', request, { 'idempotency-key': 'parallel' });
    expect(replay.body).toEqual(responses[0]?.body);
    expect(TOKEN).toBeTruthy();
  });
});
