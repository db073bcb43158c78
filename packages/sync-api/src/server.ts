import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { readSettings, SyncService } from '@lineage/artifact-sync';
import { LineageError } from '@lineage/errors';
import { createSyncApi } from './app.js';
import { IdempotencyStore } from './idempotency.js';

export interface ServeOptions {
  /** The collection; default `$SKILLMEAT_HOME`, else `~/.skillmeat`. */
  home?: string;
  /** Default 127.0.0.1: only this machine can connect. */
  host?: string;
  /** Default 7878; 0 picks a free port. */
  port?: number;
  /** Default: SKILLMEAT_TOKEN, else the collection's api_token. */
  token?: string;
  version?: string;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  /** Whether the server listens beyond loopback (then every endpoint needs the token). */
  exposed: boolean;
  close(): Promise<void>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/** Opens the collection and serves the API until `close()`. */
export async function startSyncApi(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const settings = () => readSettings(options.home).values;
  const token = options.token ?? settings().api_token;
  if (!token)
    throw new LineageError('API_TOKEN_MISSING', 'the API has no token to require of mutating requests', {
      hint: 'run `skillmeat-sync init` to generate one, or set SKILLMEAT_TOKEN',
    });
  const service = await SyncService.open(options.home === undefined ? {} : { home: options.home });
  const idempotency = await IdempotencyStore.open(join(service.home, 'api.db'));
  const exposed = !LOOPBACK.includes(host);
  const app = createSyncApi({
    service,
    token,
    idempotency,
    settings,
    protectReads: exposed,
    ...(exposed ? {} : { allowedHosts: LOOPBACK }),
    ...(options.version ? { version: options.version } : {}),
  });
  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 7878 });
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await idempotency.close();
    await service.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (cause) {
    await idempotency.close();
    await service.close();
    const code = (cause as NodeJS.ErrnoException).code;
    throw new LineageError(
      'SERVER_LISTEN_FAILED',
      `cannot listen on ${host}:${options.port ?? 7878}: ${code ?? (cause as Error).message}`,
      {
        cause,
        hint:
          code === 'EADDRINUSE' ? 'another process uses that port: pick one with --port' : 'check --host and --port',
      },
    );
  }
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, host, port, exposed, close };
}
