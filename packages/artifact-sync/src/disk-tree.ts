import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LineageError, quoteInput } from '@lineage/errors';
import { fsyncDirectory, writeFilesAtomic } from '@lineage/safe-fs';
import {
  type ArtifactLimits,
  type ArtifactTree,
  checkEntryPath,
  checkSymlink,
  type FileMode,
  isExcludedName,
  LimitCheck,
  sameFile,
} from './tree.js';

/**
 * Reads an artifact directory into a tree without following symbolic links (a link is kept as
 * a link, and refused if it points outside). Returns `null` when there is nothing at `dir`.
 */
export function readDirectoryTree(dir: string, limits: ArtifactLimits, origin: string): ArtifactTree | null {
  const top = statOrNull(dir);
  if (top === null) return null;
  if (!top.isDirectory()) {
    throw new LineageError('ARTIFACT_NOT_A_DIRECTORY', `${dir} should be a directory`, {
      hint: 'move the file aside; this artifact kind is deployed as a directory',
    });
  }
  const tree: ArtifactTree = new Map();
  const check = new LimitCheck(limits, origin);
  const walk = (absolute: string, relative: string) => {
    for (const name of readdirSync(absolute).sort()) {
      if (isExcludedName(name)) continue;
      const path = relative === '' ? name : `${relative}/${name}`;
      const full = join(absolute, name);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full, path);
      else tree.set(checkEntryPath(path, origin), readEntry(full, path, stat, check, origin));
    }
  };
  walk(dir, '');
  return tree;
}

/** Reads a single-file artifact as a one-file tree under `name`; `null` when the file is missing. */
export function readSingleFileTree(
  file: string,
  name: string,
  limits: ArtifactLimits,
  origin: string,
): ArtifactTree | null {
  const stat = statOrNull(file);
  if (stat === null) return null;
  if (!stat.isFile()) {
    throw new LineageError('ARTIFACT_NOT_A_FILE', `${file} should be a regular file`, {
      hint: 'this artifact kind is deployed as one Markdown file; move whatever is there aside',
    });
  }
  return new Map([[name, readEntry(file, name, stat, new LimitCheck(limits, origin), origin)]]);
}

function readEntry(
  full: string,
  path: string,
  stat: import('node:fs').Stats,
  check: LimitCheck,
  origin: string,
): { bytes: Uint8Array; mode: FileMode } {
  if (stat.isSymbolicLink()) {
    const target = readlinkSync(full, 'utf8');
    checkSymlink(path, target, origin);
    check.add(path, Buffer.byteLength(target));
    return { bytes: new Uint8Array(Buffer.from(target)), mode: 'symlink' };
  }
  if (!stat.isFile()) {
    throw new LineageError('UNSUPPORTED_FILE_TYPE', `${origin} holds ${quoteInput(path)}, which is not a file`, {
      hint: 'artifacts hold regular files, directories and symbolic links only; remove it',
    });
  }
  check.add(path, stat.size);
  return { bytes: new Uint8Array(readFileSync(full)), mode: stat.mode & 0o111 ? 'executable' : 'file' };
}

/**
 * Writes a tree into an empty directory (a staging directory, a merge workspace), durably:
 * files are fsynced together and every directory once, so the rename that publishes the
 * directory can never expose empty files after a power loss. Files identical to those of
 * `reuse` (the version being replaced) are hard-linked from it instead: their data is on disk
 * already, so a sync that changes two files of twenty writes and flushes two.
 */
export async function writeTreeInto(
  dir: string,
  tree: ArtifactTree,
  reuse?: { dir: string; tree: ArtifactTree },
): Promise<void> {
  const directories = new Set([dir]);
  for (const path of tree.keys()) {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) directories.add(join(dir, ...segments.slice(0, depth)));
  }
  for (const directory of directories) mkdirSync(directory, { recursive: true });
  const files = [];
  for (const [path, file] of tree) {
    const full = join(dir, ...path.split('/'));
    if (file.mode === 'symlink') symlinkSync(Buffer.from(file.bytes).toString('utf8'), full);
    else if (!(reuse && sameFile(reuse.tree.get(path), file) && tryLink(join(reuse.dir, ...path.split('/')), full))) {
      files.push({ path: full, data: file.bytes, mode: file.mode === 'executable' ? 0o755 : 0o644 });
    }
  }
  await writeFilesAtomic(files);
  // writeFilesAtomic fsynced the directories that received files; the others need it too.
  for (const file of files) directories.delete(dirname(file.path));
  for (const directory of directories) fsyncDirectory(directory);
}

function tryLink(existing: string, path: string): boolean {
  try {
    linkSync(existing, path);
    return true;
  } catch {
    return false;
  }
}

function statOrNull(path: string): import('node:fs').Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
