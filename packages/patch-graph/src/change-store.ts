import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  deflateRawSync,
  deflateSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';
import { contentIdOfParts } from '@lineage/content-hash';
import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import type { SqliteDatabase } from '@lineage/sqlite-store';
import { type Change, hashChange, joinSerialized, parseChange, serializeParts, splitSerialized } from './change.js';
import type { Statement } from './rows.js';
import { QUICK_LARGE_DEFLATE, wholeOutput } from './zlib-output.js';

/** Contents kept between a clone's check of its changes and its output (see `verify`). */
const VERIFIED_CONTENTS_KEPT = 128 * 1024 * 1024;

/** Shortest hash prefix accepted from a person (issue 4). */
export const MIN_PREFIX_LENGTH = 4;

/**
 * The changes a repository knows, content-addressed, in the pristine (`change_data`): each
 * change once, its hashed serialization split in two and compressed — the document (operations,
 * header, dependencies) and the raw contents, which output reads without the rest. A change is
 * stored before the transaction that applies it, and every read checks the bytes against the
 * hash. Between repositories a change travels as its whole serialization, deflated.
 */
export class ChangeStore {
  private readonly s;
  /** Contents `verify` decompressed, until `contents` asks for them (at most VERIFIED_CONTENTS_KEPT bytes). */
  private readonly verified = new Map<string, Uint8Array>();
  private verifiedBytes = 0;

  constructor(db: SqliteDatabase) {
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      insert: p('INSERT OR IGNORE INTO change_data (hash, body, contents, codec) VALUES (?, ?, ?, ?)'),
      read: p('SELECT body, contents, codec FROM change_data WHERE hash = ?').raw(),
      contents: p('SELECT contents, codec FROM change_data WHERE hash = ?').raw(),
      has: p('SELECT 1 FROM change_data WHERE hash = ?').pluck(),
      list: p('SELECT hash FROM change_data').pluck(),
      // Hashes are base32 upper case: a prefix is a range of the unique index.
      withPrefix: p('SELECT hash FROM change_data WHERE hash >= ? AND hash < ? ORDER BY hash LIMIT 20').pluck(),
    };
  }

  has(hash: string): boolean {
    return this.s.has.get(hash) !== undefined;
  }

  /** Stores a change and returns its hash; storing the same change twice is a no-op. */
  write(change: Change): string {
    // Hashed and stored as its two parts: the megabytes of a large change's contents are not copied into one serialization.
    const { document, contents } = serializeParts(change);
    const hash = contentIdOfParts([document, contents]);
    this.storeParts(hash, document, contents);
    return hash;
  }

  /**
   * Stores serialized bytes received from elsewhere (another repository), refusing them
   * before anything is written when they do not hash to `expectedHash` or do not parse.
   */
  writeReceived(expectedHash: string, compressedOrRaw: Uint8Array): Change {
    const bytes = looksDeflated(compressedOrRaw) ? inflate(compressedOrRaw, expectedHash) : compressedOrRaw;
    verifyHash(expectedHash, [bytes], `received change ${expectedHash}`);
    const change = parseChange(bytes, `received change ${expectedHash}`);
    this.store(expectedHash, bytes);
    return change;
  }

  /** The change as it travels between repositories: its serialization, deflated. */
  readCompressed(hash: string): Uint8Array {
    return deflateSync(this.readBytes(hash), { level: 1 });
  }

  read(hash: string): Change {
    return parseChange(this.readBytes(hash), `change ${hash}`);
  }

  /**
   * Checks a stored change against its hash without parsing it (a clone checks every change
   * so). Its contents are kept for the next `contents` call: a clone outputs its working copy
   * right after, from the same changes.
   */
  verify(hash: string): void {
    const { document, contents } = this.readParts(hash);
    verifyHash(hash, [document, contents], `change ${hash}`);
    if (this.verifiedBytes + contents.length <= VERIFIED_CONTENTS_KEPT) {
      this.verified.set(hash, contents);
      this.verifiedBytes += contents.length;
    }
  }

  /**
   * The raw contents of a change (what its vertices are ranges of), unchecked: for output.
   * `expectedLength` (what its ranges span) sizes the decompression's buffer.
   */
  contents(hash: string, expectedLength?: number): Uint8Array {
    const verified = this.verified.get(hash);
    if (verified) {
      this.verified.delete(hash);
      this.verifiedBytes -= verified.length;
      return verified;
    }
    const row = this.s.contents.get(hash) as [Uint8Array, Codec] | undefined;
    if (!row) throw notStored(hash);
    return unpack(row[0], row[1], hash, expectedLength);
  }

  /** Every stored hash (unordered). */
  list(): string[] {
    return this.s.list.all() as string[];
  }

  /** Expands a unique prefix (at least four characters) to the full hash. */
  resolvePrefix(prefix: string): string {
    const wanted = prefix.trim().toUpperCase();
    if (wanted.length < MIN_PREFIX_LENGTH || !/^[A-Z2-7]+$/.test(wanted)) {
      throw new UsageError('HASH_PREFIX_INVALID', `${quoteInput(prefix)} is not a change hash or hash prefix`, {
        hint: `give at least ${MIN_PREFIX_LENGTH} base32 characters (A-Z, 2-7) of a hash from the log`,
      });
    }
    const matches = this.s.withPrefix.all(wanted, `${wanted}\u{ffff}`) as string[];
    if (matches.length === 1) return matches[0] as string;
    if (matches.length === 0) {
      throw new NotFoundError('CHANGE_NOT_FOUND', `no change matches ${quoteInput(prefix)}`, {
        hint: 'list known changes with the log command',
        details: { prefix },
      });
    }
    throw new UsageError('HASH_PREFIX_AMBIGUOUS', `${quoteInput(prefix)} matches ${matches.length} changes`, {
      hint: `give more characters; candidates: ${matches.join(', ')}`,
      details: { prefix, candidates: matches },
    });
  }

  /** The serialization, checked against its hash. */
  readBytes(hash: string): Uint8Array {
    const { document, contents } = this.readParts(hash);
    const bytes = joinSerialized(document, contents);
    verifyHash(hash, [bytes], `change ${hash}`);
    return bytes;
  }

  private readParts(hash: string): { document: Uint8Array; contents: Uint8Array } {
    const row = this.s.read.get(hash) as [Uint8Array, Uint8Array, Codec] | undefined;
    if (!row) throw notStored(hash);
    const [body, packed, codec] = row;
    const contents = unpack(packed, codec, hash);
    return { document: unpack(body, codec, hash), contents };
  }

  private store(hash: string, bytes: Uint8Array): void {
    const { document, contents } = splitSerialized(bytes);
    this.storeParts(hash, document, contents);
  }

  private storeParts(hash: string, document: Uint8Array, contents: Uint8Array): void {
    if (this.has(hash)) return;
    const codec = document.length + contents.length > LARGE_CHANGE_BYTES ? DEFLATE : BROTLI;
    this.s.insert.run(hash, pack(document, codec), pack(contents, codec), codec);
  }
}

/** How a change's two parts are compressed (`change_data.codec`). */
type Codec = typeof BROTLI | typeof DEFLATE;
const BROTLI = 0;
const DEFLATE = 1;

/** Changes serialized to more than this are deflated: see `pack`. */
const LARGE_CHANGE_BYTES = 1 << 20;

/**
 * Brotli with a window as large as the part (up to 16 MiB), so lines repeated across the
 * files of one change (a source and its built copies) are stored once. A change of megabytes
 * (a new lockfile, a data file) is deflated instead: as small for such text, as quick to
 * compress, and more than twice as quick to read back — which every output of a large file
 * and every clone's check does.
 */
function pack(bytes: Uint8Array, codec: Codec): Uint8Array {
  if (bytes.length === 0) return bytes;
  if (codec === DEFLATE) return deflateRawSync(bytes, QUICK_LARGE_DEFLATE);
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

function unpack(packed: Uint8Array, codec: Codec, hash: string, expectedLength?: number): Uint8Array {
  if (packed.length === 0) return packed;
  try {
    const whole = wholeOutput(packed.length, expectedLength);
    return codec === DEFLATE ? inflateRawSync(packed, whole) : brotliDecompressSync(packed, whole);
  } catch (cause) {
    throw corrupt(`change ${hash}`, 'its stored bytes do not decompress', cause);
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

/** Checks a serialization, whole or as its parts, against its hash. */
function verifyHash(expected: string, parts: readonly Uint8Array[], origin: string): void {
  const actual = contentIdOfParts(parts);
  if (actual !== expected) throw corrupt(origin, `its content hashes to ${actual}, not ${expected}`);
}

function notStored(hash: string): LineageError {
  return new NotFoundError('CHANGE_NOT_FOUND', `change ${hash} is not in the change store`, {
    hint: 'fetch it from the repository it was recorded in (pull), then try again',
    details: { hash },
  });
}

function corrupt(origin: string, why: string, cause?: unknown): LineageError {
  return new LineageError('CHANGE_CORRUPT', `${origin} is corrupted: ${why}`, {
    cause,
    hint: 'the repository is damaged: clone it again, or fetch the change from a repository that has it',
    details: { change: origin },
  });
}

export { hashChange };
