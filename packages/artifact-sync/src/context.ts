import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DirectorySwapHooks } from '@lineage/safe-fs';
import { openStore, type Store } from '@lineage/sqlite-store';
import type { ProgressEvent } from './dto.js';
import { resolveArtifactRef } from './kinds.js';
import { Locks } from './locks.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { ARTIFACT_SYNC_SCHEMA } from './schema.js';
import { SnapshotStore } from './snapshots.js';
import { type ArtifactRow, CollectionDb } from './store.js';
import { type LogSink, Telemetry } from './telemetry.js';
import { type ArtifactLimits, DEFAULT_LIMITS } from './tree.js';
import { UpstreamClient } from './upstream.js';

export interface SyncServiceOptions {
  /** The collection directory; default `$SKILLMEAT_HOME`, else `~/.skillmeat`. */
  home?: string;
  /** How long to wait for another process working on the same artifact (default 10 s). */
  lockTimeoutMs?: number;
  /** When a lock held from another host without a heartbeat counts as abandoned (default 30 s). */
  lockStaleAfterMs?: number;
  /** Retries of git network commands (default 4 attempts, 250 ms doubling to 8 s, with jitter). */
  retry?: Partial<RetryPolicy>;
  /** What an artifact may hold (default 10 MiB per file, 50 MiB and 5,000 files in all). */
  limits?: Partial<ArtifactLimits>;
  /** Artifacts worked on at once by bulk operations (default 4). */
  concurrency?: number;
  /** Structured log events (one object per event); `jsonLineLogger(stream)` writes JSON lines. */
  log?: LogSink;
  /** Where a project's artifact is replaced: hooks to stop an apply midway (crash tests). */
  applyHooks?: DirectorySwapHooks;
}

export interface Paths {
  home: string;
  database: string;
  objects: string;
  upstreams: string;
  merges: string;
  locks: string;
}

export function collectionPaths(home?: string): Paths {
  const root = resolve(home ?? process.env.SKILLMEAT_HOME ?? join(homedir(), '.skillmeat'));
  return {
    home: root,
    database: join(root, 'collection.db'),
    objects: join(root, 'objects'),
    upstreams: join(root, 'upstreams'),
    merges: join(root, 'merges'),
    locks: join(root, 'locks'),
  };
}

/** Everything an operation needs; one per open service. */
export interface ServiceContext {
  paths: Paths;
  store: Store<unknown>;
  db: CollectionDb;
  snapshots: SnapshotStore;
  upstream: UpstreamClient;
  locks: Locks;
  telemetry: Telemetry;
  limits: ArtifactLimits;
  concurrency: number;
  applyHooks: DirectorySwapHooks;
  now(): string;
  /** The artifact a person named (`kind:name`, or a name only one kind has). */
  artifact(ref: string): ArtifactRow;
}

export async function openContext(options: SyncServiceOptions): Promise<ServiceContext> {
  const paths = collectionPaths(options.home);
  for (const dir of [paths.home, paths.objects, paths.upstreams, paths.merges, paths.locks])
    mkdirSync(dir, { recursive: true });
  const store = await openStore<unknown>(paths.database, [ARTIFACT_SYNC_SCHEMA]);
  const db = new CollectionDb(store.raw);
  const now = () => new Date().toISOString();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  const telemetry = new Telemetry(options.log);
  return {
    paths,
    store,
    db,
    snapshots: new SnapshotStore(paths.objects, db, now),
    upstream: new UpstreamClient({
      cacheDir: paths.upstreams,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      limits,
      lockTimeoutMs,
    }),
    locks: new Locks({ dir: paths.locks, timeoutMs: lockTimeoutMs, staleAfterMs: options.lockStaleAfterMs ?? 30_000 }),
    telemetry,
    limits,
    concurrency: Math.max(1, options.concurrency ?? 4),
    applyHooks: options.applyHooks ?? {},
    now,
    artifact(ref) {
      const id = resolveArtifactRef(ref, db.artifactIds());
      return db.artifact(id) as ArtifactRow;
    },
  };
}

export type ProgressSink = ((event: ProgressEvent) => void) | undefined;
