import { quoteInput, UsageError } from '@lineage/errors';

// RFC 4648 base32, upper case, no padding: the text form Pijul uses for hashes. It is
// case-insensitive on input, survives file systems that fold case, and has no `/` or `+`.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUE_OF = new Map([...ALPHABET].map((char, index) => [char, index]));

export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export function decodeBase32(text: string): Uint8Array {
  const upper = text.toUpperCase();
  const out = new Uint8Array(Math.floor((upper.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of upper) {
    const value = VALUE_OF.get(char);
    if (value === undefined) {
      throw new UsageError('INVALID_BASE32', `${quoteInput(text)} is not base32 text`, {
        hint: 'base32 uses the letters A-Z and the digits 2-7, without padding',
      });
    }
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
      buffer &= (1 << bits) - 1;
    }
  }
  if (buffer !== 0) {
    throw new UsageError('INVALID_BASE32', `${quoteInput(text)} has trailing bits set: it is not a canonical encoding`);
  }
  return out;
}
