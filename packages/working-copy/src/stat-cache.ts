import type { Stats } from 'node:fs';
import type { AtomicRepository } from './atomic-repository.js';
import { type Layout, readJson, writeJson } from './layout.js';

/**
 * Files known to equal the channel output, by stat fingerprint (size, mtime, inode, mode), as
 * git's index does: status and record skip reading (and linearizing) a file whose fingerprint
 * is unchanged. The cache is keyed by channel and state, so any change to the channel voids it.
 */
export interface StatCache {
  key: string;
  /** Conflicted paths of the channel at this state (a function of the state alone). */
  conflicted?: string[];
  /** Fingerprints read from disk at open: a match means "unchanged". */
  known: Map<string, string>;
  /** Fingerprints verified by this run, to save. */
  verified: Map<string, string>;
}

export const fingerprint = (stat: Stats): string => `${stat.size}:${stat.mtimeMs}:${stat.ino}:${stat.mode}`;

/**
 * "Racily clean" files (git's term): a file whose mtime is this close to the moment the cache
 * was written could be modified again within the same mtime tick without its size changing,
 * so such entries are not trusted at load. 20 ms covers kernel clock ticks (4-10 ms).
 */
const RACY_MS = 20;

export function loadStatCache(layout: Layout, key: string): StatCache {
  let stored: { key?: string; writtenAt?: number; entries?: Record<string, string>; conflicted?: string[] } = {};
  try {
    stored = readJson(layout.statCache, {});
  } catch {
    // A damaged cache is only a slower status.
  }
  if (stored.key !== key) return { key, known: new Map(), verified: new Map() };
  const trusted = (fingerprint: string) => Number(fingerprint.split(':')[1]) < (stored.writtenAt ?? 0) - RACY_MS;
  const known = new Map(Object.entries(stored.entries ?? {}).filter(([, value]) => trusted(value)));
  return { key, known, verified: new Map(), conflicted: stored.conflicted };
}

export function remember(cache: StatCache | undefined, path: string, stat: Stats): void {
  cache?.verified.set(path, fingerprint(stat));
}

export function saveStatCache(layout: Layout, cache: StatCache, key = cache.key): void {
  try {
    const conflicted = key === cache.key ? cache.conflicted : undefined;
    writeJson(layout.statCache, {
      key,
      writtenAt: Date.now(),
      entries: Object.fromEntries(cache.verified),
      conflicted,
    });
  } catch {
    // Read-only repository or full disk: the cache is an optimisation, never a requirement.
  }
}

/** The cache is valid for one channel at one state. */
export const cacheKey = (repo: AtomicRepository, channel: string): string =>
  `${channel}@${repo.pristine.state(channel)}`;
