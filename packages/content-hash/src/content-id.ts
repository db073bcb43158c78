import { quoteInput, UsageError } from '@lineage/errors';
import { blake3 } from '@noble/hashes/blake3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { IHasher } from 'hash-wasm';
import { decodeBase32, encodeBase32 } from './base32.js';

export type HashInput = Uint8Array | string;

const utf8 = new TextEncoder();
const toBytes = (input: HashInput): Uint8Array => (typeof input === 'string' ? utf8.encode(input) : input);

/** Length of a content id's text form: 32 bytes of BLAKE3 in unpadded base32. */
export const CONTENT_ID_LENGTH = 52;
const CONTENT_ID_PATTERN = /^[A-Z2-7]{52}$/;

/** The id of a change, object or state: BLAKE3-256 in canonical base32 text. */
export function contentId(input: HashInput): string {
  return encodeBase32(blake3Digest(input));
}

/** The id of the concatenation of `parts`, without making it (a change's document and its megabytes of contents). */
export function contentIdOfParts(parts: readonly Uint8Array[]): string {
  const length = parts.reduce((n, part) => n + part.length, 0);
  if (fast && length >= FAST_FROM) {
    fast.init();
    for (const part of parts) fast.update(part);
    return encodeBase32(fast.digest('binary'));
  }
  const state = blake3.create();
  for (const part of parts) state.update(part);
  return encodeBase32(state.digest());
}

/** Raw BLAKE3-256 digest, for callers that combine digests (e.g. commutative state hashes). */
export function blake3Digest(input: HashInput): Uint8Array {
  const bytes = toBytes(input);
  if (fast && bytes.length >= FAST_FROM) {
    fast.init();
    fast.update(bytes);
    return fast.digest('binary');
  }
  return blake3(bytes);
}

/**
 * Inputs from this size up go to the WebAssembly BLAKE3 once it is loaded: @noble/hashes
 * hashes some 20 MB/s here, the WebAssembly build 300 MB/s; below this size both take
 * under a millisecond.
 */
const FAST_FROM = 16 * 1024;
let fast: IHasher | null = null;

/**
 * Loads a WebAssembly BLAKE3 (hash-wasm's, same digests) for large inputs: about 40 ms once
 * per process, which a command pays only when it is about to hash megabytes (a large record,
 * a clone, a migration). Afterwards `contentId` and `blake3Digest` use it from 16 KiB up.
 */
export async function loadFastHashing(): Promise<void> {
  if (fast) return;
  // A CommonJS (UMD) module: Node gives its exports as the default export, vitest as named ones.
  const loaded: { default?: typeof import('hash-wasm') } & Partial<typeof import('hash-wasm')> = await import(
    'hash-wasm/dist/blake3.umd.min.js'
  );
  const { createBLAKE3 } = (loaded.default ?? loaded) as typeof import('hash-wasm');
  fast = await createBLAKE3(256);
}

/** SHA-256 as lower-case hex: for interoperability with git, sha256sum and Go's dirhash. */
export function sha256Hex(input: HashInput): string {
  return bytesToHex(sha256(toBytes(input)));
}

export function sha256Digest(input: HashInput): Uint8Array {
  return sha256(toBytes(input));
}

/** Incremental BLAKE3 for content that arrives in pieces (large files, streamed stores). */
export function createContentHasher(): { update(chunk: HashInput): void; digest(): string } {
  const state = blake3.create();
  return {
    update: (chunk) => {
      state.update(toBytes(chunk));
    },
    digest: () => encodeBase32(state.digest()),
  };
}

export function isContentId(text: string): boolean {
  return CONTENT_ID_PATTERN.test(text);
}

/** Validates and normalizes (upper-cases) a content id typed by a person or read from disk. */
export function parseContentId(text: string): string {
  const upper = text.trim().toUpperCase();
  if (!isContentId(upper)) {
    throw new UsageError('INVALID_CONTENT_ID', `${quoteInput(text)} is not a content id`, {
      hint: `a content id is ${CONTENT_ID_LENGTH} base32 characters (A-Z, 2-7), e.g. ${contentId('example')}`,
    });
  }
  decodeBase32(upper);
  return upper;
}
