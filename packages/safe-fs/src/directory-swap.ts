import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LineageError } from '@lineage/errors';
import { fsyncDirectory, temporarySibling } from './atomic-write.js';
import { isProcessAlive } from './process-identity.js';

const OLD_TAG = 'old';

/** Points at which a test can stop a swap, to prove a crash there loses nothing. */
export interface DirectorySwapHooks {
  /** The new tree is complete in its staging directory; the target is untouched. */
  beforeSwap?: (stagingDir: string) => void | Promise<void>;
  /** The old tree has been moved aside and the new one is not in place yet. */
  betweenRenames?: (asideDir: string) => void | Promise<void>;
}

/**
 * Builds a new version of directory `target` in a staging sibling and swaps it in.
 * If `build` throws, the staging directory is removed and `target` is untouched.
 *
 * POSIX has no atomic exchange of two directories, so there is an instant between moving
 * the old tree aside and moving the new one in. A crash there leaves `.<name>.*.old`
 * beside a missing target; the next swap (or {@link recoverDirectorySwap}) puts it back.
 */
export async function replaceDirectory(
  target: string,
  build: (stagingDir: string) => Promise<void> | void,
  hooks: DirectorySwapHooks = {},
): Promise<void> {
  recoverDirectorySwap(target);
  removeAbandonedStaging(target);
  const staging = temporarySibling(target, 'staging');
  mkdirSync(staging, { recursive: true });
  try {
    await build(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  await hooks.beforeSwap?.(staging);
  const old = temporarySibling(target, OLD_TAG);
  try {
    if (existsSync(target)) renameSync(target, old);
    await hooks.betweenRenames?.(old);
    renameSync(staging, target);
  } catch (cause) {
    recoverDirectorySwap(target);
    rmSync(staging, { recursive: true, force: true });
    throw new LineageError('DIRECTORY_SWAP_FAILED', `could not replace directory ${target}`, {
      cause,
      hint: 'check permissions on its parent directory; the previous content is unchanged',
    });
  }
  fsyncDirectory(dirname(target));
  rmSync(old, { recursive: true, force: true });
}

/**
 * Removes staging directories that swaps of `target` left when their process died before
 * the swap (`.<name>.<pid>.<random>.staging`, the pid no longer running). A live process's
 * staging directory is never touched.
 */
export function removeAbandonedStaging(target: string): void {
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.(\\d+)\\.[0-9a-f]+\\.staging$`);
  for (const name of readdirSync(parent)) {
    const pid = pattern.exec(name)?.[1];
    if (pid !== undefined && !isProcessAlive({ host: '', pid: Number(pid), startTime: null })) {
      rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Restores a directory moved aside by a swap that was interrupted before its new tree moved in. */
export function recoverDirectorySwap(target: string): boolean {
  const leftover = interruptedSwap(target);
  if (leftover === undefined) return false;
  renameSync(leftover, target);
  return true;
}

/**
 * Where the previous tree of `target` sits when a swap was interrupted after moving it aside
 * (`target` itself is missing): lets a read-only caller see the intact previous version
 * without repairing anything. `undefined` when there is no such leftover.
 */
export function interruptedSwap(target: string): string | undefined {
  if (existsSync(target)) return undefined;
  const parent = dirname(target);
  if (!existsSync(parent)) return undefined;
  const prefix = `.${basename(target)}.`;
  const leftover = readdirSync(parent).find((name) => name.startsWith(prefix) && name.endsWith(`.${OLD_TAG}`));
  return leftover === undefined ? undefined : join(parent, leftover);
}
