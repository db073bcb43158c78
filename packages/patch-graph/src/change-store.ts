import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { contentId, isContentId } from '@lineage/content-hash';
import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import { writeFileAtomic } from '@lineage/safe-fs';
import { type Change, hashChange, parseChange, serializeChange } from './change.js';

/** Shortest hash prefix accepted from a person (issue 4). */
export const MIN_PREFIX_LENGTH = 4;

/**
 * Content-addressed change files: `<dir>/<first two characters>/<hash>.change`, each the
 * deflated hashed serialization. A file is written completely (temporary file + rename) before
 * any database row refers to it, and every read checks the content against the file name.
 */
export class ChangeStore {
  constructor(readonly dir: string) {}

  pathOf(hash: string): string {
    return join(this.dir, hash.slice(0, 2), `${hash}.change`);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Stores a change and returns its hash; storing the same change twice is a no-op. */
  write(change: Change): string {
    const bytes = serializeChange(change);
    const hash = contentId(bytes);
    this.writeVerified(hash, bytes);
    return hash;
  }

  /**
   * Stores serialized bytes received from elsewhere (another repository), refusing them
   * before anything is written when they do not hash to `expectedHash` or do not parse.
   */
  writeReceived(expectedHash: string, compressedOrRaw: Uint8Array): Change {
    const bytes = looksDeflated(compressedOrRaw) ? inflate(compressedOrRaw, expectedHash) : compressedOrRaw;
    verifyHash(expectedHash, bytes, `received change ${expectedHash}`);
    const change = parseChange(bytes, `received change ${expectedHash}`);
    this.writeVerified(expectedHash, bytes);
    return change;
  }

  /** The compressed file as stored: what a push or pull transfers. */
  readCompressed(hash: string): Uint8Array {
    return this.readFile(hash);
  }

  read(hash: string): Change {
    const path = this.pathOf(hash);
    const bytes = inflate(this.readFile(hash), path);
    verifyHash(hash, bytes, path);
    return parseChange(bytes, path);
  }

  /** Every stored hash (unordered). */
  list(): string[] {
    if (!existsSync(this.dir)) return [];
    const hashes: string[] = [];
    for (const bucket of readdirSync(this.dir)) {
      if (bucket.length !== 2) continue;
      for (const file of readdirSync(join(this.dir, bucket))) {
        const hash = file.replace(/\.change$/, '');
        if (file.endsWith('.change') && isContentId(hash)) hashes.push(hash);
      }
    }
    return hashes;
  }

  /** Expands a unique prefix (at least four characters) to the full hash. */
  resolvePrefix(prefix: string): string {
    const wanted = prefix.trim().toUpperCase();
    if (wanted.length < MIN_PREFIX_LENGTH || !/^[A-Z2-7]+$/.test(wanted)) {
      throw new UsageError('HASH_PREFIX_INVALID', `${quoteInput(prefix)} is not a change hash or hash prefix`, {
        hint: `give at least ${MIN_PREFIX_LENGTH} base32 characters (A-Z, 2-7) of a hash from the log`,
      });
    }
    const bucket = join(this.dir, wanted.slice(0, 2));
    const matches = existsSync(bucket)
      ? readdirSync(bucket)
          .filter((file) => file.endsWith('.change'))
          .map((file) => file.slice(0, -'.change'.length))
          .filter((hash) => hash.startsWith(wanted))
      : [];
    if (matches.length === 1) return matches[0] as string;
    if (matches.length === 0) {
      throw new NotFoundError('CHANGE_NOT_FOUND', `no change matches ${quoteInput(prefix)}`, {
        hint: 'list known changes with the log command',
        details: { prefix },
      });
    }
    throw new UsageError('HASH_PREFIX_AMBIGUOUS', `${quoteInput(prefix)} matches ${matches.length} changes`, {
      hint: `give more characters; candidates: ${matches.sort().join(', ')}`,
      details: { prefix, candidates: matches.sort() },
    });
  }

  private readFile(hash: string): Uint8Array {
    const path = this.pathOf(hash);
    try {
      return readFileSync(path);
    } catch {
      throw new NotFoundError('CHANGE_NOT_FOUND', `change ${hash} is not in the change store`, {
        hint: 'fetch it from the repository it was recorded in (pull), then try again',
        details: { hash, path },
      });
    }
  }

  private writeVerified(hash: string, bytes: Uint8Array): void {
    const path = this.pathOf(hash);
    if (existsSync(path)) return;
    mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true });
    writeFileAtomic(path, deflateSync(bytes));
  }
}

/** zlib streams start with 0x78; a raw serialization starts with the letter "l". */
const looksDeflated = (bytes: Uint8Array): boolean => bytes[0] === 0x78;

function inflate(bytes: Uint8Array, origin: string): Uint8Array {
  try {
    return inflateSync(bytes);
  } catch (cause) {
    throw corrupt(origin, 'it is not a compressed change', cause);
  }
}

function verifyHash(expected: string, bytes: Uint8Array, origin: string): void {
  const actual = contentId(bytes);
  if (actual !== expected) throw corrupt(origin, `its content hashes to ${actual}, not ${expected}`);
}

function corrupt(origin: string, why: string, cause?: unknown): LineageError {
  return new LineageError('CHANGE_CORRUPT', `${origin} is corrupted: ${why}`, {
    cause,
    hint: 'delete the file and fetch the change again from a repository that has it',
    details: { file: origin },
  });
}

export { hashChange };
