import { OpenAPIHono } from '@hono/zod-openapi';
import type { CollectionSettings, Strategy, SyncService } from '@lineage/artifact-sync';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { errorResponse } from './errors.js';
import { type IdempotencyStore, requestFingerprint } from './idempotency.js';
import { routes } from './routes.js';

export interface SyncApiOptions {
  service: SyncService;
  /** The bearer token every mutating request must carry. */
  token: string;
  idempotency: IdempotencyStore;
  /** The collection's settings, read per request (so `config set` applies without a restart). */
  settings: () => CollectionSettings;
  /** Require the token on reads too (a server listening beyond loopback). */
  protectReads?: boolean;
  /** The Host header values accepted (a guard against DNS rebinding); absent: any. */
  allowedHosts?: readonly string[];
  version?: string;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

type ErrorFields = { code: string; message: string; hint?: string; issues?: { path: string; message: string }[] };
const fail = (c: Context, status: 400 | 401 | 404 | 409 | 413 | 421 | 422, error: ErrorFields) =>
  c.json({ error }, status);

/**
 * The HTTP API over a SyncService: routes validated by the same zod schemas that produce
 * /openapi.json, a bearer token on every POST, idempotency keys on every POST, errors as
 * `{ error: { code, message, hint, trace_id } }` with a status by kind.
 */
export function createSyncApi(options: SyncApiOptions): OpenAPIHono {
  const { service, settings } = options;
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((issue) => ({
        path: [result.target, ...issue.path.map(String)].join('.'),
        message: issue.message,
      }));
      return fail(c, 400, {
        code: 'VALIDATION_FAILED',
        message: `invalid request: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
        hint: 'see the request schema in GET /openapi.json',
        issues,
      });
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The collection’s api_token (`skillmeat-sync config get api_token`) or SKILLMEAT_TOKEN',
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      // The bearer check answers with its own response (401 and WWW-Authenticate); others are malformed requests.
      if (error.status === 401) return error.getResponse();
      const status = error.status === 415 ? 415 : 400;
      const code = status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'MALFORMED_REQUEST';
      const hint = 'send a JSON body with Content-Type: application/json';
      return c.json({ error: { code, message: error.message || 'the request cannot be read', hint } }, status);
    }
    const { status, body } = errorResponse(error);
    if (status === 503) c.header('Retry-After', '1');
    return c.json(body, status as 400);
  });
  app.notFound((c) =>
    fail(c, 404, {
      code: 'ROUTE_NOT_FOUND',
      message: `no route ${c.req.method} ${c.req.path}`,
      hint: 'the routes are listed in GET /openapi.json',
    }),
  );

  if (options.allowedHosts) app.use('*', hostGuard(options.allowedHosts));
  app.use('/v1/*', authGuard(options.token, options.protectReads ?? false));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        fail(c, 413, { code: 'BODY_TOO_LARGE', message: `bodies are limited to ${MAX_BODY_BYTES} bytes` }),
    }),
  );
  app.use('/v1/*', idempotent(options.idempotency));

  /** A merge's options: the body's, else the collection's settings. */
  const merge = (body: { strategy?: Strategy; apply?: boolean }) => {
    const now = settings();
    return {
      strategy: body.strategy ?? now.merge_strategy_default,
      apply: body.apply ?? !now.enable_sync_preview,
      auto_merge: now.enable_auto_merge,
    };
  };
  const trace = (c: Context) => {
    const traceparent = c.req.header('traceparent');
    return traceparent ? { traceparent } : {};
  };
  const tier = (artifact: string, project: string | undefined) =>
    project === undefined ? { artifact } : { artifact, project };

  app.openapi(routes.list, async (c) => c.json(await service.list(trace(c)), 200));
  app.openapi(routes.show, async (c) => c.json(await service.show({ ...c.req.valid('param'), ...trace(c) }), 200));
  app.openapi(routes.history, async (c) =>
    c.json(
      await service.history({ ...tier(c.req.valid('param').artifact, c.req.valid('query').project), ...trace(c) }),
      200,
    ),
  );
  app.openapi(routes.conflicts, async (c) =>
    c.json(
      await service.conflicts({ ...tier(c.req.valid('param').artifact, c.req.valid('query').project), ...trace(c) }),
      200,
    ),
  );
  app.openapi(routes.drift, async (c) => {
    const query = c.req.valid('query');
    const check = (query.check_upstream ?? false) && settings().enable_upstream_check;
    return c.json(await service.drift({ project: query.project, check_upstream: check, ...trace(c) }), 200);
  });
  app.openapi(routes.sync, async (c) => {
    const body = c.req.valid('json');
    return c.json(await service.sync({ ...body, ...merge(body), ...trace(c) }), 200);
  });
  app.openapi(routes.update, async (c) => {
    const body = c.req.valid('json');
    return c.json(await service.update({ ...body, ...merge(body), ...trace(c) }), 200);
  });
  app.openapi(routes.deploy, async (c) => c.json(await service.deploy({ ...c.req.valid('json'), ...trace(c) }), 200));
  app.openapi(routes.batchSync, async (c) => {
    const body = c.req.valid('json');
    return c.json(await service.syncAll({ ...body, ...merge(body), ...trace(c) }), 200);
  });
  app.openapi(routes.batchUpdate, async (c) => {
    const body = c.req.valid('json');
    return c.json(await service.updateAll({ ...body, ...merge(body), ...trace(c) }), 200);
  });
  app.openapi(routes.resolve, async (c) => c.json(await service.resolve({ ...c.req.valid('json'), ...trace(c) }), 200));
  app.openapi(routes.abort, async (c) => c.json(await service.abort({ ...c.req.valid('json'), ...trace(c) }), 200));
  app.openapi(routes.rollback, async (c) =>
    c.json(await service.rollback({ ...c.req.valid('json'), ...trace(c) }), 200),
  );

  app.get('/health', (c) => c.json({ status: 'ok', version: options.version ?? null }));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'skillmeat-sync API',
      version: options.version ?? '0',
      description:
        'Sync of Claude Code artifacts between upstream git repositories, a collection and projects. Every POST needs `Authorization: Bearer <token>` and takes an `Idempotency-Key`.',
    },
  });
  return app;
}

/** Refuses requests whose Host is not one the server answers to: a page rebinding a DNS name to 127.0.0.1 gets nothing. */
function hostGuard(allowed: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').replace(/:\d+$/, '').toLowerCase();
    if (!allowed.includes(host))
      return fail(c, 421, {
        code: 'HOST_NOT_ALLOWED',
        message: `this server does not answer to host ${JSON.stringify(host)}`,
        hint: `use ${allowed.join(' or ')}`,
      });
    await next();
  };
}

/** POSTs always need the token; reads only when the server listens beyond loopback. */
function authGuard(token: string, protectReads: boolean): MiddlewareHandler {
  const error = (code: string, message: string) => ({
    error: {
      code,
      message,
      hint: 'send Authorization: Bearer <token>; `skillmeat-sync config get api_token` prints it',
    },
  });
  const check = bearerAuth({
    token,
    realm: 'skillmeat-sync',
    noAuthenticationHeader: { message: error('UNAUTHORIZED', 'this endpoint needs a bearer token') },
    invalidAuthenticationHeader: { message: error('UNAUTHORIZED', 'the Authorization header is not `Bearer <token>`') },
    invalidToken: { message: error('UNAUTHORIZED', 'wrong token') },
  });
  return (c, next) => (c.req.method === 'GET' && !protectReads ? next() : check(c, next));
}

/**
 * Idempotency keys: a POST with a key already answered gets that answer again, marked by
 * `Idempotent-Replayed: true`, and nothing runs twice; the same key on another request is
 * refused. Failures worth retrying (5xx) are not kept.
 */
function idempotent(store: IdempotencyStore): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key))
      return fail(c, 400, {
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: 'an Idempotency-Key is 1 to 255 printable ASCII characters',
        hint: 'use a UUID',
      });
    const claim = await store.claim(key, requestFingerprint(c.req.method, c.req.path, await c.req.text()));
    if (claim.kind === 'replay')
      return new Response(claim.response.body, {
        status: claim.response.status,
        headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
      });
    if (claim.kind === 'mismatch')
      return fail(c, 422, {
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'this Idempotency-Key was used for a different request',
        hint: 'use a new key for each distinct request',
      });
    if (claim.kind === 'in-progress') {
      c.header('Retry-After', '1');
      return fail(c, 409, {
        code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
        message: 'a request with this Idempotency-Key is still running',
        hint: 'retry shortly with the same key to get its result',
      });
    }
    try {
      await next();
    } finally {
      if (c.res.status >= 500) store.release(key);
      else store.complete(key, { status: c.res.status, body: await c.res.clone().text() });
    }
  };
}
