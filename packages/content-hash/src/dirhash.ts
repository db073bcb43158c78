import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha256Hex } from './content-id.js';

/**
 * Names skipped by {@link computeDirHash} unless the caller passes its own list: VCS and
 * package-manager state, and the swap/backup files editors leave beside what they edit.
 * A pattern matches a whole path segment; `*` stands for any run of characters.
 */
export const DEFAULT_DIRHASH_EXCLUDES: readonly string[] = Object.freeze([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.DS_Store',
  '*.swp',
  '*.swo',
  '*.swx',
  '*~',
  '.#*',
  '#*#',
]);

export interface FileDigest {
  /** POSIX path relative to the hashed directory (with the prefix, if one was given). */
  path: string;
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
}

export interface DirHash {
  /** `h1:` + base64(SHA-256(summary)), identical to Go's `dirhash.Hash1`. */
  hash: string;
  /** Per-file digests in hashing order: kept so callers can report per-file drift. */
  files: FileDigest[];
}

export interface DirHashOptions {
  /** Path segment patterns to skip; defaults to {@link DEFAULT_DIRHASH_EXCLUDES}. */
  exclude?: readonly string[];
  /** Prepended as `prefix/` to every path, as Go's `HashDir(dir, prefix, ...)` does. */
  prefix?: string;
}

/**
 * Go's `h1:` hash over already computed digests: sort by path (byte order), one summary
 * line `"<hex>  <path>\n"` per file, SHA-256 of the summary, base64. The summary is exactly
 * what `sha256sum` prints for the same files, which is how the test vectors are checked.
 */
export function hashFileDigests(files: readonly FileDigest[]): DirHash {
  const sorted = [...files].sort((a, b) => compareBytewise(a.path, b.path));
  let summary = '';
  for (const file of sorted) {
    if (file.path.includes('\n')) {
      throw new UsageError(
        'DIRHASH_NEWLINE_IN_PATH',
        `cannot hash ${quoteInput(file.path)}: file names must not contain newlines`,
        {
          hint: 'rename the file; Go refuses such names for the same reason (the summary is line-based)',
        },
      );
    }
    summary += `${file.sha256}  ${file.path}\n`;
  }
  return { hash: `h1:${Buffer.from(sha256(new TextEncoder().encode(summary))).toString('base64')}`, files: sorted };
}

/**
 * Deterministic hash of a directory tree, whatever the order files were created in.
 * Symbolic links are hashed by their target text and never followed, so a link cannot
 * pull content from outside the tree into the hash (Go would follow it).
 */
export async function computeDirHash(dir: string, options: DirHashOptions = {}): Promise<DirHash> {
  const excluded = createExcludeMatcher(options.exclude ?? DEFAULT_DIRHASH_EXCLUDES);
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
  const files: FileDigest[] = [];

  async function walk(absolute: string, relative: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError('PATH_NOT_FOUND', `no directory at ${absolute}`, {
          cause,
          hint: 'check the path; it must be a directory',
        });
      }
      throw new LineageError('DIRHASH_UNREADABLE', `cannot read directory ${absolute}: ${(cause as Error).message}`, {
        cause,
        hint: 'check that it is a directory you may read',
      });
    }
    for (const entry of entries) {
      if (excluded(entry.name)) continue;
      const childAbsolute = join(absolute, entry.name);
      const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(childAbsolute, childRelative);
      } else if (entry.isSymbolicLink()) {
        files.push({ path: prefix + childRelative, sha256: sha256Hex(await readlink(childAbsolute)) });
      } else if (entry.isFile()) {
        files.push({ path: prefix + childRelative, sha256: sha256Hex(await readFile(childAbsolute)) });
      }
    }
  }

  await walk(dir, '');
  return hashFileDigests(files);
}

/**
 * Whether a path segment (one file or directory name) matches one of the patterns, with the
 * rules {@link computeDirHash} uses: a pattern matches a whole segment, `*` any run of
 * characters. Callers that read trees themselves (artifact sync) filter with it so their
 * hashes agree with `computeDirHash` on the same directory.
 */
export function createExcludeMatcher(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map(segmentMatcher);
  return (name) => matchers.some((matches) => matches(name));
}

function segmentMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const source = pattern.split('*').map(escapeRegExp).join('.*');
  const regexp = new RegExp(`^${source}$`, 's');
  return (name) => regexp.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Go sorts strings by bytes; JavaScript's default sort compares UTF-16 code units, which
// differs for characters outside the BMP. Comparing UTF-8 buffers keeps us identical to Go.
function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
