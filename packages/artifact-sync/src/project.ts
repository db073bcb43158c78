import { existsSync, mkdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NotFoundError } from '@lineage/errors';
import { type DirectorySwapHooks, interruptedSwap, replaceDirectory, writeFileAtomic } from '@lineage/safe-fs';
import { readDirectoryTree, readSingleFileTree, writeTreeInto } from './disk-tree.js';
import { type ArtifactKind, isSingleFile, projectLocation, singleFileName } from './kinds.js';
import type { ArtifactLimits, ArtifactTree } from './tree.js';

/** A project is named by its real absolute path, so `.`, a symlinked path and the full path are one project. */
export function canonicalProject(dir: string): string {
  const absolute = resolve(dir);
  try {
    if (statSync(absolute).isDirectory()) return realpathSync(absolute);
  } catch {
    // Reported below.
  }
  throw new NotFoundError('PROJECT_NOT_FOUND', `no project directory at ${absolute}`, {
    hint: 'pass an existing directory (the project root, where .claude/ lives or will live)',
  });
}

export interface ProjectContent {
  tree: ArtifactTree;
  /** Nothing is at the artifact's place in the project (deleted, or never deployed). */
  missing: boolean;
  /**
   * Set when an apply was interrupted between moving the old directory aside and moving the
   * new one in: the content read is the intact previous version, from this path. The next
   * write puts it back in place.
   */
  recoveredFrom?: string;
}

/** What a project holds for an artifact now; an empty tree when it is not there at all. */
export function readProjectArtifact(
  project: string,
  kind: ArtifactKind,
  name: string,
  limits: ArtifactLimits,
): ProjectContent {
  const location = projectLocation(project, kind, name);
  const origin = `the project's ${kind} ${name}`;
  if (isSingleFile(kind)) {
    const tree = readSingleFileTree(location, singleFileName(name), limits, origin);
    return { tree: tree ?? new Map(), missing: tree === null };
  }
  const tree = readDirectoryTree(location, limits, origin);
  if (tree !== null) return { tree, missing: false };
  const aside = interruptedSwap(location);
  if (aside === undefined) return { tree: new Map(), missing: true };
  return { tree: readDirectoryTree(aside, limits, origin) ?? new Map(), missing: false, recoveredFrom: aside };
}

/**
 * Replaces an artifact in a project all at once. A directory is built in a staging sibling
 * and swapped in with renames (an interrupted swap is undone by the next one); a single file
 * is written to a temporary sibling and renamed over. On any failure the previous version
 * stays in place.
 */
export async function writeProjectArtifact(
  project: string,
  kind: ArtifactKind,
  name: string,
  tree: ArtifactTree,
  hooks: DirectorySwapHooks = {},
  /** What the project holds now, as read: unchanged files are linked from it rather than written again. */
  current?: ArtifactTree,
): Promise<void> {
  const location = projectLocation(project, kind, name);
  mkdirSync(dirname(location), { recursive: true });
  if (tree.size === 0) {
    // Every file was deleted (the merge took a deletion of the whole artifact): nothing stays behind.
    await hooks.beforeSwap?.(location);
    if (isSingleFile(kind)) rmSync(location, { force: true });
    else
      await replaceDirectory(location, () => {}, hooks).then(() => rmSync(location, { recursive: true, force: true }));
    return;
  }
  if (isSingleFile(kind)) {
    const file = tree.get(singleFileName(name));
    if (!file) throw new TypeError(`a ${kind} tree must hold ${singleFileName(name)}`);
    await hooks.beforeSwap?.(location);
    writeFileAtomic(location, file.bytes, { mode: file.mode === 'executable' ? 0o755 : 0o644 });
    return;
  }
  await replaceDirectory(
    location,
    (staging) =>
      writeTreeInto(staging, tree, current && existsSync(location) ? { dir: location, tree: current } : undefined),
    hooks,
  );
}
