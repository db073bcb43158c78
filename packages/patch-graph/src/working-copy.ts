import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { LineageError, quoteInput } from '@lineage/errors';
import { temporarySibling } from '@lineage/safe-fs';
import type { RecordEdit } from './recorder.js';
import type { FileEntry, Repository } from './repository.js';

/**
 * Refuses any path whose directories inside `root` include a symbolic link: the repository
 * stores links as links and never writes or reads through one (a link could point anywhere).
 */
function safeTarget(root: string, path: string): string {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    const dir = join(root, ...parts.slice(0, i));
    const stat = lstatOrNull(dir);
    if (stat?.isSymbolicLink()) {
      throw new LineageError(
        'PATH_THROUGH_SYMLINK',
        `${quoteInput(path)} goes through the symbolic link ${quoteInput(parts.slice(0, i).join('/'))}`,
        {
          hint: 'the repository never follows links; replace the link by a directory or move the file',
          details: { path },
        },
      );
    }
  }
  return join(root, ...parts);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

export interface OutputResult {
  written: string[];
  removed: string[];
}

/**
 * Writes a channel's files under `root` (conflicts with their markers). Entries of `previous`
 * (the files a former output wrote) that the channel no longer has are removed. Files whose
 * content is already right are left alone.
 */
export function outputWorkingCopy(
  repo: Repository,
  channel: string,
  root: string,
  previous: FileEntry[] = [],
): OutputResult {
  const entries = repo.files(channel);
  const now = new Set(entries.map((entry) => entry.path));
  const result: OutputResult = { written: [], removed: [] };
  for (const entry of [...previous].reverse()) {
    if (now.has(entry.path)) continue;
    const target = safeTarget(root, entry.path);
    const stat = lstatOrNull(target);
    if (!stat) continue;
    if (stat.isDirectory()) {
      if (readdirSync(target).length === 0) rmdirSync(target);
    } else rmSync(target, { force: true });
    result.removed.push(entry.path);
  }
  for (const entry of entries) {
    const target = safeTarget(root, entry.path);
    const stat = lstatOrNull(target);
    if (entry.kind === 'dir') {
      if (stat && !stat.isDirectory()) rmSync(target, { force: true });
      if (!stat?.isDirectory()) mkdirSync(target);
      continue;
    }
    const bytes = repo.readFile(channel, entry.path);
    if (stat?.isDirectory()) rmSync(target, { recursive: true, force: true });
    if (entry.kind === 'symlink') {
      const wanted = Buffer.from(bytes).toString('utf8');
      if (stat?.isSymbolicLink() && readlinkSync(target) === wanted) continue;
      rmSync(target, { force: true });
      symlinkSync(wanted, target);
      result.written.push(entry.path);
      continue;
    }
    const mode = entry.executable ? 0o755 : 0o644;
    if (stat?.isFile() && Buffer.compare(readFileSync(target), bytes) === 0) {
      if (((stat.mode & 0o111) !== 0) !== entry.executable) chmodSync(target, mode);
      continue;
    }
    if (stat?.isSymbolicLink()) rmSync(target);
    // Temporary file + rename: an interrupted output leaves old or new content, never half.
    const temp = temporarySibling(target);
    writeFileSync(temp, bytes, { mode });
    chmodSync(temp, mode);
    renameSync(temp, target);
    result.written.push(entry.path);
  }
  return result;
}

export interface WorkingCopyOptions {
  /** Only these paths (and what is under them); all tracked files by default. */
  paths?: string[];
  /** Untracked paths to add (directories recursively). */
  add?: string[];
  /** Paths to leave out when adding a directory (e.g. the repository's own directory). */
  ignore?: (path: string) => boolean;
}

/**
 * The edits that make a channel's output equal to the files under `root`: content writes,
 * executable-bit changes, deletions of tracked files that are gone, and additions of `add`.
 * Moves are not guessed: they are explicit edits (a VCS command records them).
 */
export function workingCopyEdits(
  repo: Repository,
  channel: string,
  root: string,
  options: WorkingCopyOptions = {},
): RecordEdit[] {
  const within = (path: string) =>
    !options.paths || options.paths.some((p) => path === p || path.startsWith(`${p}/`) || p === '.' || p === '');
  const edits: RecordEdit[] = [];
  const tracked = repo.files(channel);
  const trackedPaths = new Set(tracked.map((entry) => entry.path));
  const removedDirs: string[] = [];
  for (const entry of tracked) {
    if (!within(entry.path) || removedDirs.some((dir) => entry.path.startsWith(`${dir}/`))) continue;
    const stat = lstatOrNull(safeTarget(root, entry.path));
    const kind = stat === null ? null : stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'symlink' : 'file';
    if (kind !== entry.kind) {
      edits.push({ type: 'remove', path: entry.path });
      if (entry.kind === 'dir') removedDirs.push(entry.path);
      if (kind !== null) edits.push(...addEdits(root, entry.path, options.ignore));
      continue;
    }
    if (kind === 'dir') continue;
    const content = readEntry(root, entry.path, kind);
    if (Buffer.compare(content, repo.readFile(channel, entry.path)) !== 0) {
      edits.push({ type: 'write', path: entry.path, content });
    }
    const executable = kind === 'file' && ((stat?.mode ?? 0) & 0o100) !== 0;
    if (kind === 'file' && executable !== entry.executable) edits.push({ type: 'chmod', path: entry.path, executable });
  }
  const roots = (options.add ?? []).flatMap((path) => {
    const parts = path.split('/').filter((part) => part !== '' && part !== '.');
    // Adding the root means adding everything in it.
    return parts.length > 0 ? [parts.join('/')] : readdirSync(root).sort();
  });
  for (const path of roots) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (!trackedPaths.has(parent)) {
        edits.push({ type: 'add', path: parent, kind: 'dir' });
        trackedPaths.add(parent);
      }
    }
    for (const edit of addEdits(root, parts.join('/'), options.ignore)) {
      const added = edit.type === 'add' ? edit.path : '';
      if (trackedPaths.has(added)) continue;
      trackedPaths.add(added);
      edits.push(edit);
    }
  }
  return edits;
}

function readEntry(root: string, path: string, kind: 'file' | 'symlink'): Uint8Array {
  const target = safeTarget(root, path);
  return kind === 'symlink' ? Buffer.from(readlinkSync(target), 'utf8') : readFileSync(target);
}

function addEdits(root: string, path: string, ignore?: (path: string) => boolean): RecordEdit[] {
  if (ignore?.(path)) return [];
  const stat = lstatOrNull(safeTarget(root, path));
  if (!stat) {
    throw new LineageError('PATH_NOT_FOUND', `${quoteInput(path)} does not exist in the working copy`, {
      kind: 'not-found',
      hint: 'check the path; it is relative to the repository root',
    });
  }
  if (stat.isSymbolicLink()) return [{ type: 'add', path, kind: 'symlink', content: readEntry(root, path, 'symlink') }];
  if (stat.isFile()) {
    return [
      {
        type: 'add',
        path,
        kind: 'file',
        executable: (stat.mode & 0o100) !== 0,
        content: readEntry(root, path, 'file'),
      },
    ];
  }
  const edits: RecordEdit[] = [{ type: 'add', path, kind: 'dir' }];
  for (const name of readdirSync(join(root, path)).sort()) edits.push(...addEdits(root, `${path}/${name}`, ignore));
  return edits;
}
