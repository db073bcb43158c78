/** A text to merge: a string, or the file's bytes (needed to see a BOM, NULs or invalid UTF-8). */
export type MergeInput = string | Uint8Array;

// git's buffer_is_binary (xdiff-interface.c): a NUL byte in the first 8,000 bytes.
const FIRST_FEW_BYTES = 8000;

/** Whether git would treat this content as binary and refuse to merge it as text. */
export function isBinary(input: MergeInput): boolean {
  if (typeof input !== 'string') {
    const head = input.subarray(0, FIRST_FEW_BYTES);
    return head.includes(0);
  }
  const head = input.slice(0, FIRST_FEW_BYTES);
  const nul = head.indexOf('\0');
  return nul !== -1 && Buffer.byteLength(head.slice(0, nul), 'utf8') < FIRST_FEW_BYTES;
}

export type TextEncoding = 'utf8' | 'latin1';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes the three inputs into strings whose lines compare exactly as their bytes do.
 * Valid UTF-8 (a BOM kept as U+FEFF) is decoded as such; if any input is not valid UTF-8,
 * all three are read as Latin-1, one character per byte, so nothing is lost and the merge
 * still compares bytes — which is what git does.
 */
export function decodeInputs(inputs: readonly MergeInput[]): { texts: string[]; encoding: TextEncoding } {
  if (inputs.every((input) => typeof input === 'string')) return { texts: inputs as string[], encoding: 'utf8' };
  try {
    return {
      texts: inputs.map((input) => (typeof input === 'string' ? input : strictUtf8.decode(input))),
      encoding: 'utf8',
    };
  } catch {
    return {
      texts: inputs.map((input) =>
        typeof input === 'string'
          ? Buffer.from(input, 'utf8').toString('latin1')
          : Buffer.from(input).toString('latin1'),
      ),
      encoding: 'latin1',
    };
  }
}

export function encodeOutput(text: string, encoding: TextEncoding): Uint8Array {
  return new Uint8Array(Buffer.from(text, encoding));
}
