/**
 * Options for zlib's synchronous decompression that make its output one buffer. By default
 * zlib fills 16 KiB chunks and joins them at the end: for the megabytes of a large change that
 * is a thousand native calls and a second copy of the whole, three times slower than inflating
 * into one buffer of the right size. The size is the caller's expectation or, failing one, a
 * generous guess from the compressed size (text deflates 3–8×); a guess too small costs one
 * more chunk, one too large only address space that is never touched.
 */
export function wholeOutput(
  packedLength: number,
  expectedLength = packedLength * GUESSED_RATIO,
): { chunkSize: number } {
  return { chunkSize: Math.min(Math.max(expectedLength + SLACK, DEFAULT_CHUNK), MAX_CHUNK) };
}

const GUESSED_RATIO = 8;
/** Room for a few bytes more than expected (a change's names after its lines) without a second chunk. */
const SLACK = 4096;
/** zlib's own chunk: small outputs are left as they were. */
const DEFAULT_CHUNK = 16 * 1024;
const MAX_CHUNK = 256 * 1024 * 1024;

/**
 * Deflate's quickest level, for megabytes: a large change, a large file's edges. Its output goes
 * in 1 MiB chunks rather than zlib's 16 KiB ones (a quarter less time for 17.6 MB of text).
 */
export const QUICK_LARGE_DEFLATE = { level: 1, chunkSize: 1 << 20 } as const;
