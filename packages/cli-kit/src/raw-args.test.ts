import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argBytes, decodeArg, rawArgs } from './raw-args.js';

describe('argument bytes', () => {
  it('round-trips any bytes through decodeArg and argBytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const arg = argBytes(decodeArg(bytes));
        expect(Buffer.from(arg)).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes valid UTF-8 as itself, and only the invalid bytes as escapes', () => {
    expect(decodeArg(Buffer.from('café ✓ 😀'))).toBe('café ✓ 😀');
    const mixed = decodeArg(Buffer.from([0x61, 0xe9, 0x62, 0xc3, 0xa9]));
    expect(mixed).toBe('a\udce9bé');
    expect(argBytes('plain')).toBe('plain');
  });

  it('leaves arguments without a replacement character alone', () => {
    expect(rawArgs(['a', 'b c'])).toEqual(['a', 'b c']);
  });
});
