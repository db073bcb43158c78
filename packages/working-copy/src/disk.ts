import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { LineageError, quoteInput } from '@lineage/errors';

export type DiskKind = 'file' | 'dir' | 'symlink';

export interface DiskEntry {
  kind: DiskKind;
  executable: boolean;
  stat: Stats;
}

export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * The absolute path of a repository path, refusing any whose directories inside `root`
 * include a symbolic link: the repository never reads or writes through a link.
 */
export function insideRoot(root: string, path: string): string {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (lstatOrNull(join(root, ...parts.slice(0, i)))?.isSymbolicLink()) {
      throw new LineageError(
        'PATH_THROUGH_SYMLINK',
        `${quoteInput(path)} goes through the symbolic link ${quoteInput(parts.slice(0, i).join('/'))}`,
        { hint: 'the repository never follows links; replace the link by a directory', details: { path } },
      );
    }
  }
  return join(root, ...parts);
}

export function diskEntry(root: string, path: string): DiskEntry | null {
  const stat = lstatOrNull(insideRoot(root, path));
  if (!stat) return null;
  const kind: DiskKind = stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'symlink' : 'file';
  return { kind, executable: kind === 'file' && (stat.mode & 0o100) !== 0, stat };
}

/** A file's bytes, or a symbolic link's target as bytes (links are stored as links). */
export function readDisk(root: string, path: string, kind: DiskKind): Uint8Array {
  const target = insideRoot(root, path);
  return kind === 'symlink' ? Buffer.from(readlinkSync(target), 'utf8') : readFileSync(target);
}

/**
 * Every path under `start` (itself included), parents before children, sorted, skipping
 * what `skip` says (a skipped directory is not entered).
 */
export function walk(root: string, start: string, skip: (path: string, isDir: boolean) => boolean): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    const entry = diskEntry(root, path);
    if (!entry || skip(path, entry.kind === 'dir')) return;
    found.push(path);
    if (entry.kind !== 'dir') return;
    for (const name of readdirSync(join(root, path)).sort()) visit(`${path}/${name}`);
  };
  if (start === '') for (const name of readdirSync(root).sort()) visit(name);
  else visit(start);
  return found;
}
