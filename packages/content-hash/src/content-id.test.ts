import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blake3Digest,
  contentId,
  contentIdOfParts,
  createContentHasher,
  decodeBase32,
  encodeBase32,
  isContentId,
  loadFastHashing,
  parseContentId,
  sha256Hex,
} from './index.js';

describe('base32 (RFC 4648, unpadded)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %s (RFC 4648 vectors)', (text, encoded) => {
    expect(encodeBase32(new TextEncoder().encode(text))).toBe(encoded);
    expect(new TextDecoder().decode(decodeBase32(encoded.toLowerCase()))).toBe(text);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes);
      }),
    );
  });

  it('rejects characters outside the alphabet and non-canonical tails', () => {
    expect(() => decodeBase32('MZ1W')).toThrow(/not base32/);
    expect(() => decodeBase32('MZ')).toThrow(/canonical/);
  });
});

describe('content ids', () => {
  it('match the published BLAKE3 and SHA-256 vectors', () => {
    expect(Buffer.from(blake3Digest('')).toString('hex')).toBe(
      'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
    );
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(contentId('')).toBe(encodeBase32(blake3Digest('')));
  });

  it('have one canonical text form of 52 characters', () => {
    const id = contentId('hello');
    expect(id).toMatch(/^[A-Z2-7]{52}$/);
    expect(isContentId(id)).toBe(true);
    expect(parseContentId(` ${id.toLowerCase()} `)).toBe(id);
    expect(() => parseContentId('HELLO')).toThrow(/is not a content id/);
  });

  it('hash strings as their UTF-8 bytes, and incrementally the same as at once', () => {
    expect(contentId('é')).toBe(contentId(new Uint8Array([0xc3, 0xa9])));
    const hasher = createContentHasher();
    hasher.update('hel');
    hasher.update(new TextEncoder().encode('lo'));
    expect(hasher.digest()).toBe(contentId('hello'));
  });
});

describe('fast hashing (WebAssembly BLAKE3)', () => {
  it('gives the same digests as @noble/hashes, below and above the size it takes over at', async () => {
    const sizes = [0, 1, 1023, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 200_000, 1 << 20];
    const inputs = sizes.map((size) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + (i >> 9)) & 0xff));
    const before = inputs.map((bytes) => contentId(bytes));
    await loadFastHashing();
    expect(inputs.map((bytes) => contentId(bytes))).toEqual(before);
    expect(contentId(inputs[6] as Uint8Array)).toBe(encodeBase32(blake3Digest(inputs[6] as Uint8Array)));
  });

  it('hashes parts as their concatenation, below and above that size', async () => {
    await loadFastHashing();
    const whole = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 13) & 0xff);
    for (const cuts of [[], [0], [5], [20_000], [7, 16_384, 299_999]]) {
      const parts = [0, ...cuts, whole.length]
        .slice(1)
        .map((end, i, ends) => whole.subarray(i === 0 ? 0 : (ends[i - 1] as number), end));
      expect(contentIdOfParts(parts)).toBe(contentId(whole));
    }
    expect(contentIdOfParts([new Uint8Array([1]), new Uint8Array([2, 3])])).toBe(contentId(new Uint8Array([1, 2, 3])));
  });
});
