import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LineageError } from '@lineage/errors';
import { temporarySibling } from './atomic-write.js';
import { currentProcess, isProcessAlive, type ProcessIdentity } from './process-identity.js';

export interface LockOwner extends ProcessIdentity {
  /** Unique per acquisition, so a holder never releases a lock that is no longer its own. */
  token: string;
  acquiredAt: string;
  purpose: string;
}

export interface LockOptions {
  /** How long a contender waits before giving up (ms). Default 10 s; 0 fails at once. */
  timeoutMs?: number;
  /** How often the holder touches the lock file to show it is alive (ms). Default 2 s. */
  heartbeatMs?: number;
  /**
   * A lock held from another host is stale when its heartbeat has not moved for this long (ms).
   * On the same host staleness is decided only by the owner process being dead, so a holder
   * whose event loop is busy with a long operation is never robbed of its lock. Default 30 s.
   */
  staleAfterMs?: number;
  /** Shown to contenders, e.g. "atomic record". */
  purpose?: string;
  /** Called once when the lock is busy and the caller starts waiting. */
  onWait?: (owner: LockOwner | null) => void;
}

export interface FileLock {
  readonly path: string;
  readonly owner: LockOwner;
  release(): void;
}

/**
 * Takes an advisory lock that several processes can contend on. The lock file appears
 * complete or not at all: the owner record is written to a temporary file and hard-linked
 * into place, and link(2) fails if the name exists. Removing a stale lock is itself
 * serialized by a short-lived `.break` lock, so two contenders that both judge a lock stale
 * cannot remove each other's fresh lock.
 */
export async function acquireLock(path: string, options: LockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const owner: LockOwner = {
    ...currentProcess(),
    token: randomBytes(12).toString('hex'),
    acquiredAt: new Date().toISOString(),
    purpose: options.purpose ?? 'lineage',
  };
  let delay = 10;
  let waited = false;
  for (;;) {
    if (tryCreate(path, owner)) return holdLock(path, owner, options.heartbeatMs ?? 2_000);
    const current = readLockOwner(path);
    if (current === undefined) continue; // Released between our attempt and our read.
    if (isStale(path, current, options.staleAfterMs ?? 30_000) && breakStaleLock(path, current)) continue;
    if (Date.now() >= deadline) throw lockBusy(path, current, timeoutMs);
    if (!waited) {
      waited = true;
      options.onWait?.(current);
    }
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 250);
  }
}

export async function withLock<T>(path: string, work: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(path, options);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

/** The owner recorded in a lock file: `undefined` when there is no lock, `null` when unreadable. */
export function readLockOwner(path: string): LockOwner | null | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as LockOwner;
  } catch {
    return null;
  }
}

function tryCreate(path: string, owner: LockOwner): boolean {
  const temp = temporarySibling(path, 'lock');
  writeFileSync(temp, `${JSON.stringify(owner)}\n`);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LineageError('LOCK_FAILED', `could not create lock ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the directory exists and is writable',
    });
  } finally {
    rmSync(temp, { force: true });
  }
}

function holdLock(path: string, owner: LockOwner, heartbeatMs: number): FileLock {
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // The lock file vanished (removed by hand): nothing left to keep alive.
    }
  }, heartbeatMs);
  heartbeat.unref();
  let released = false;
  return {
    path,
    owner,
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (readLockOwner(path)?.token === owner.token) unlinkSync(path);
    },
  };
}

function isStale(path: string, owner: LockOwner | null, staleAfterMs: number): boolean {
  if (owner && owner.host === currentProcess().host) return !isProcessAlive(owner);
  // Another host, or a record we cannot read: only a stopped heartbeat proves it is dead.
  try {
    return Date.now() - statSync(path).mtimeMs > staleAfterMs;
  } catch {
    return false;
  }
}

function breakStaleLock(path: string, judged: LockOwner | null): boolean {
  const breaker = `${path}.break`;
  const self = {
    ...currentProcess(),
    token: randomBytes(12).toString('hex'),
    acquiredAt: new Date().toISOString(),
    purpose: 'break stale lock',
  };
  if (!tryCreate(breaker, self)) {
    // Another contender is breaking it. A breaker that died mid-way is cleared by the same pid rule.
    const other = readLockOwner(breaker);
    if (other && other.host === self.host && !isProcessAlive(other)) rmSync(breaker, { force: true });
    return false;
  }
  try {
    const still = readLockOwner(path);
    if (still === undefined) return true;
    if ((still?.token ?? null) !== (judged?.token ?? null)) return false;
    unlinkSync(path);
    return true;
  } finally {
    unlinkSync(breaker);
  }
}

function lockBusy(path: string, owner: LockOwner | null, timeoutMs: number): LineageError {
  const who = owner
    ? `${owner.purpose} (pid ${owner.pid} on ${owner.host}, since ${owner.acquiredAt})`
    : 'another process';
  return new LineageError('LOCK_TIMEOUT', `${path} is locked by ${who}; gave up after ${timeoutMs} ms`, {
    hint: 'wait for the other command to finish and try again; if that process is gone the lock is freed automatically',
    details: { path, owner },
  });
}
