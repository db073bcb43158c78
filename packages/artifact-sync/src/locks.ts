import { join } from 'node:path';
import { sha256Hex } from '@lineage/content-hash';
import { acquireLock } from '@lineage/safe-fs';

export interface LockSettings {
  dir: string;
  /** How long an operation waits for another process working on the same artifact (ms). */
  timeoutMs: number;
  /** When a lock whose holder cannot be checked (another host) counts as abandoned (ms). */
  staleAfterMs: number;
}

/**
 * Serializes work per key: within this process by a promise chain (so parallel bulk items
 * never poll each other), across processes by a lock file (safe-fs: timeout with an error
 * naming the holder; a lock whose holder died — or, from another host, whose heartbeat
 * stopped — is taken over).
 */
export class Locks {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly settings: LockSettings) {}

  /** One operation at a time on an artifact, whichever tier it writes. */
  artifact<T>(artifactId: string, purpose: string, work: () => Promise<T>): Promise<T> {
    return this.run(`artifact-${artifactId.replace(/[^A-Za-z0-9._-]/g, '-')}`, purpose, work);
  }

  /** One writer at a time of a project's deployment record. */
  project<T>(project: string, work: () => Promise<T>): Promise<T> {
    return this.run(`project-${sha256Hex(project).slice(0, 16)}`, `deployment record of ${project}`, work);
  }

  private async run<T>(key: string, purpose: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      const lock = await acquireLock(join(this.settings.dir, `${key}.lock`), {
        timeoutMs: this.settings.timeoutMs,
        staleAfterMs: this.settings.staleAfterMs,
        purpose,
      });
      try {
        return await work();
      } finally {
        lock.release();
      }
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
