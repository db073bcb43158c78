import { posix } from 'node:path';
import { createExcludeMatcher, DEFAULT_DIRHASH_EXCLUDES, hashFileDigests, sha256Hex } from '@lineage/content-hash';
import { LineageError, quoteInput } from '@lineage/errors';

/** How a file is written out: its bytes as they are, executable, or a symbolic link whose bytes are its target. */
export type FileMode = 'file' | 'executable' | 'symlink';

export interface TreeFile {
  bytes: Uint8Array;
  mode: FileMode;
}

/** One version of an artifact's content: POSIX relative path → file. A single-file artifact is a one-file tree. */
export type ArtifactTree = Map<string, TreeFile>;

/** A file of a stored version, without its bytes (those are in the snapshot store under `sha256`). */
export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
  mode: FileMode;
}

/**
 * What an upstream (or any tier read from disk) may contain. An upstream is untrusted input:
 * these are checked before anything is written. Defaults: 10 MiB per file (the size the merge
 * engine is measured to merge in well under a second), 50 MiB and 5,000 files per artifact.
 */
export interface ArtifactLimits {
  maxFileBytes: number;
  maxArtifactBytes: number;
  maxFiles: number;
}

export const DEFAULT_LIMITS: Readonly<ArtifactLimits> = Object.freeze({
  maxFileBytes: 10 * 1024 * 1024,
  maxArtifactBytes: 50 * 1024 * 1024,
  maxFiles: 5_000,
});

/** Names no tier keeps as content (VCS state, editor swap files): the ones `computeDirHash` skips, so hashes agree. */
export const isExcludedName = createExcludeMatcher(DEFAULT_DIRHASH_EXCLUDES);

/** The `h1:` hash of a tree: Go's dirhash over the files' SHA-256, exactly what `computeDirHash` gives on disk. */
export function hashTree(tree: ArtifactTree): string {
  return hashFileDigests([...tree].map(([path, file]) => ({ path, sha256: sha256Hex(file.bytes) }))).hash;
}

export function manifestOf(tree: ArtifactTree): ManifestEntry[] {
  return [...tree]
    .map(([path, file]) => ({ path, sha256: sha256Hex(file.bytes), size: file.bytes.byteLength, mode: file.mode }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function hashManifest(manifest: readonly ManifestEntry[]): string {
  return hashFileDigests(manifest.map(({ path, sha256 }) => ({ path, sha256 }))).hash;
}

export function sameFile(a: TreeFile | undefined, b: TreeFile | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.mode === b.mode && Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).equals(b.bytes);
}

/** Where a tree came from, named in errors so a person knows which side was refused. */
export type TreeOrigin = string;

/**
 * Refuses a path that could write outside the artifact or be read differently elsewhere:
 * absolute, `..`, `.` or empty segments, backslashes (a separator on Windows), control
 * characters. Returns the path unchanged when it is safe.
 */
export function checkEntryPath(path: string, origin: TreeOrigin): string {
  const segments = path.split('/');
  if (
    path === '' ||
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    /[\0-\x1f\\]/.test(path)
  ) {
    throw unsafe('UNSAFE_PATH', `${origin} holds a file at ${quoteInput(path)}, which escapes the artifact`, {
      path,
    });
  }
  return path;
}

/** A symbolic link may only point at another place inside the artifact, by a relative target. */
export function checkSymlink(path: string, target: string, origin: TreeOrigin): void {
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  if (target === '' || posix.isAbsolute(target) || resolved === '..' || resolved.startsWith('../')) {
    throw unsafe(
      'UNSAFE_SYMLINK',
      `${origin} holds a symbolic link ${quoteInput(path)} → ${quoteInput(target)}, which points outside the artifact`,
      { path, target },
    );
  }
}

/** Counts files and bytes as they are listed, so an oversized upstream is refused before its bytes are read. */
export class LimitCheck {
  private files = 0;
  private bytes = 0;

  constructor(
    private readonly limits: ArtifactLimits,
    private readonly origin: TreeOrigin,
  ) {}

  add(path: string, size: number): void {
    if (size > this.limits.maxFileBytes) {
      throw unsafe(
        'ARTIFACT_FILE_TOO_LARGE',
        `${this.origin} holds ${quoteInput(path)} of ${size} bytes, over the limit of ${this.limits.maxFileBytes}`,
        { path, size, limit: this.limits.maxFileBytes },
      );
    }
    this.files += 1;
    this.bytes += size;
    if (this.files > this.limits.maxFiles) {
      throw unsafe('ARTIFACT_TOO_MANY_FILES', `${this.origin} holds more than ${this.limits.maxFiles} files`, {
        limit: this.limits.maxFiles,
      });
    }
    if (this.bytes > this.limits.maxArtifactBytes) {
      throw unsafe(
        'ARTIFACT_TOO_LARGE',
        `${this.origin} holds more than ${this.limits.maxArtifactBytes} bytes in all`,
        { limit: this.limits.maxArtifactBytes },
      );
    }
  }
}

function unsafe(code: string, message: string, details: Record<string, unknown>): LineageError {
  return new LineageError(code, `${message}; nothing was written`, {
    hint: 'an upstream is untrusted input: fix the source, or raise the limit in the service options if the size is intended',
    details,
  });
}
