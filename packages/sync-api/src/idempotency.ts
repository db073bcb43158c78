import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { currentProcess, isProcessAlive, type ProcessIdentity } from '@lineage/safe-fs';
import { openStore, type Store, type StoreSchema } from '@lineage/sqlite-store';

/** A response as stored for replay. */
export interface StoredResponse {
  status: number;
  body: string;
}

export type Claim =
  /** The key is new: run the request, then `complete` or `release` it. */
  | { kind: 'run' }
  /** The key was used for this same request: send its response again. */
  | { kind: 'replay'; response: StoredResponse }
  /** The key was used for a different request. */
  | { kind: 'mismatch' }
  /** Another server process is running this key's request now. */
  | { kind: 'in-progress' };

const SCHEMA: StoreSchema = {
  name: 'sync-api',
  migrations: [
    {
      version: 1,
      name: 'idempotency keys',
      up: (db) =>
        db.schema
          .createTable('idempotency_keys')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('status', 'integer')
          .addColumn('body', 'text')
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('created_at', 'integer', (c) => c.notNull())
          .execute(),
    },
  ],
};

interface Row {
  fingerprint: string;
  status: number | null;
  body: string | null;
  owner: string;
  created_at: number;
}

// A claim from another host cannot be checked for life: it counts as abandoned after this long.
const FOREIGN_CLAIM_MS = 10 * 60 * 1000;

function claimAlive(row: Row): boolean {
  const owner = JSON.parse(row.owner) as ProcessIdentity;
  return owner.host === hostname() ? isProcessAlive(owner) : Date.now() - row.created_at < FOREIGN_CLAIM_MS;
}

/**
 * Idempotency keys, kept in SQLite beside the collection so that a retry after a restart
 * is still recognised. A key is claimed before its request runs (one claim wins, in one
 * transaction); requests with the same key arriving meanwhile in this process wait for the
 * first and get its response; a claim whose process died is taken over. Keys expire after `ttlMs`.
 */
export class IdempotencyStore {
  private readonly owner = JSON.stringify(currentProcess());
  private readonly running = new Map<string, Promise<StoredResponse | undefined>>();
  private readonly finish = new Map<string, (response: StoredResponse | undefined) => void>();

  private constructor(
    private readonly store: Store<unknown>,
    private readonly ttlMs: number,
  ) {}

  static async open(path: string, ttlMs = 24 * 60 * 60 * 1000): Promise<IdempotencyStore> {
    return new IdempotencyStore(await openStore<unknown>(path, [SCHEMA]), ttlMs);
  }

  /** What a request carrying `key` must do; `fingerprint` identifies the request (method, path, body). */
  async claim(key: string, fingerprint: string): Promise<Claim> {
    for (;;) {
      const waiting = this.running.get(key);
      if (waiting) {
        const response = await waiting;
        if (response) return this.compare(key, fingerprint, response);
        continue; // the first attempt failed without a response to keep: try again
      }
      const claimed = this.store.transactionSync(() => {
        const raw = this.store.raw;
        raw.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(Date.now() - this.ttlMs);
        const row = raw
          .prepare('SELECT fingerprint, status, body, owner, created_at FROM idempotency_keys WHERE key = ?')
          .get(key) as Row | undefined;
        if (row && (row.status !== null || claimAlive(row))) return row;
        raw
          .prepare(
            'INSERT OR REPLACE INTO idempotency_keys (key, fingerprint, status, body, owner, created_at) VALUES (?, ?, NULL, NULL, ?, ?)',
          )
          .run(key, fingerprint, this.owner, Date.now());
        return undefined;
      });
      if (!claimed) {
        this.running.set(key, new Promise((resolve) => this.finish.set(key, resolve)));
        return { kind: 'run' };
      }
      if (claimed.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (claimed.status === null) return { kind: 'in-progress' };
      return { kind: 'replay', response: { status: claimed.status, body: claimed.body ?? '' } };
    }
  }

  /** Keeps the response of a claimed key for replays. */
  complete(key: string, response: StoredResponse): void {
    this.store.raw
      .prepare('UPDATE idempotency_keys SET status = ?, body = ? WHERE key = ? AND owner = ?')
      .run(response.status, response.body, key, this.owner);
    this.settle(key, response);
  }

  /** Gives a claimed key up without a response (a failure worth retrying): the next request runs again. */
  release(key: string): void {
    this.store.raw
      .prepare('DELETE FROM idempotency_keys WHERE key = ? AND status IS NULL AND owner = ?')
      .run(key, this.owner);
    this.settle(key, undefined);
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private settle(key: string, response: StoredResponse | undefined): void {
    this.finish.get(key)?.(response);
    this.finish.delete(key);
    this.running.delete(key);
  }

  private async compare(key: string, fingerprint: string, response: StoredResponse): Promise<Claim> {
    const row = this.store.raw.prepare('SELECT fingerprint FROM idempotency_keys WHERE key = ?').get(key) as
      | Pick<Row, 'fingerprint'>
      | undefined;
    return row && row.fingerprint !== fingerprint ? { kind: 'mismatch' } : { kind: 'replay', response };
  }
}

/** A request's identity for its key: method, path and the body's bytes. */
export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n${body}`).digest('hex');
}
