import type { AtomicRepository } from './atomic-repository.js';
import { loadIgnore } from './ignore-rules.js';
import { changedPaths, requireCompleteOutput, snapshotOutput } from './output.js';
import { type FileDifference, scanWorkingCopy, untrackedPaths } from './scan.js';
import { cacheKey, loadStatCache, saveStatCache } from './stat-cache.js';
import { unifiedDiff } from './unified-diff.js';

export interface WorkingCopyStatus {
  channel: string;
  modified: string[];
  added: string[];
  removed: string[];
  moved: Array<{ from: string; to: string }>;
  untracked: string[];
  conflicted: string[];
}

export function status(repo: AtomicRepository): WorkingCopyStatus {
  requireCompleteOutput(repo.layout);
  const channel = repo.currentChannel();
  const tracking = repo.tracking();
  const ignore = loadIgnore(repo.root);
  const cache = loadStatCache(repo.layout, cacheKey(repo, channel));
  const scan = scanWorkingCopy(repo.pristine, channel, repo.root, tracking, { ignore, cache });
  // Conflicts need every file linearized; they depend on the channel's state only.
  cache.conflicted ??= [...new Set(repo.pristine.conflicts(channel).map((conflict) => conflict.path))].sort();
  saveStatCache(repo.layout, cache);
  return {
    channel,
    modified: scan.modified,
    added: scan.added,
    removed: scan.removed,
    moved: scan.moved,
    untracked: untrackedPaths(repo.pristine, channel, repo.root, tracking, ignore),
    conflicted: cache.conflicted,
  };
}

export interface DiffResult {
  files: FileDifference[];
  /** The unified diff of every file, concatenated. */
  text: string;
}

const render = (files: FileDifference[]): DiffResult => ({
  files,
  text: files.map((file) => unifiedDiff(file.path, file.before, file.after)).join(''),
});

/** The unrecorded changes of the working copy against the current channel. */
export function diffWorkingCopy(repo: AtomicRepository, paths?: string[]): DiffResult {
  requireCompleteOutput(repo.layout);
  const channel = repo.currentChannel();
  const cache = loadStatCache(repo.layout, cacheKey(repo, channel));
  const scan = scanWorkingCopy(repo.pristine, channel, repo.root, repo.tracking(), {
    paths,
    ignore: loadIgnore(repo.root),
    cache,
  });
  return render([...scan.differences].sort((a, b) => (a.path < b.path ? -1 : 1)));
}

/**
 * What applying `other`'s changes that the current channel lacks would do to the current
 * output: how a reviewer reads an agent's work before `apply`. Computed on a throwaway fork.
 */
export function diffChannel(
  repo: AtomicRepository,
  other: string,
  paths?: string[],
): DiffResult & { changes: string[] } {
  const current = repo.currentChannel();
  repo.channel(other);
  const have = new Set(repo.pristine.log(current).map((entry) => entry.hash));
  const missing = repo.pristine
    .log(other)
    .map((entry) => entry.hash)
    .filter((hash) => !have.has(hash));
  const before = snapshotOutput(repo.pristine, current);
  const after = repo.withPreview(current, (preview) => {
    repo.pristine.apply(preview, missing);
    return snapshotOutput(repo.pristine, preview);
  });
  const within = (path: string) => !paths || paths.some((p) => path === p || path.startsWith(`${p}/`) || p === '');
  const files = changedPaths(before, after)
    .filter((path) => within(path) && before.get(path)?.kind !== 'dir' && after.get(path)?.kind !== 'dir')
    .map((path) => ({ path, before: before.get(path)?.bytes ?? null, after: after.get(path)?.bytes ?? null }));
  return { ...render(files), changes: missing };
}
