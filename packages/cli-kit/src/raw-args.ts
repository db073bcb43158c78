import { readFileSync } from 'node:fs';

// A byte that is not part of valid UTF-8 travels inside a string as a lone low surrogate,
// U+DC80–U+DCFF (Python's "surrogateescape"): valid UTF-8 never decodes to a lone surrogate,
// so the byte can be told apart and written back exactly.
const ESCAPE_BASE = 0xdc00;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The command's arguments with every byte kept. Node decodes the command line as UTF-8 and
 * replaces invalid bytes with U+FFFD, losing them; git keeps them (a Latin-1 file name, a
 * label). When an argument holds U+FFFD, its bytes are read again from `/proc/self/cmdline`
 * (Linux) and decoded with escapes for the invalid ones (see `argBytes`). `args` must be the
 * tail of the process's argv (a command's own arguments). Elsewhere — no /proc, or when the
 * bytes do not line up with `args` — `args` is returned as it is, replacement characters and all.
 */
export function rawArgs(args: readonly string[]): string[] {
  if (!args.some((arg) => arg.includes('\ufffd'))) return [...args];
  let cmdline: Buffer;
  try {
    cmdline = readFileSync('/proc/self/cmdline');
  } catch {
    return [...args];
  }
  const all = splitNul(cmdline);
  if (all.length < args.length) return [...args];
  const tail = all.slice(all.length - args.length);
  if (tail.some((bytes, i) => bytes.toString('utf8') !== args[i])) return [...args];
  return tail.map(decodeArg);
}

/** The bytes of an argument from `rawArgs`: a string where it is plain text, a Buffer where it holds escaped bytes. */
export function argBytes(arg: string): string | Buffer {
  if (!/[\udc80-\udcff]/.test(arg)) return arg;
  const parts: Buffer[] = [];
  let run = '';
  for (const char of arg) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= ESCAPE_BASE + 0x80 && code <= ESCAPE_BASE + 0xff) {
      parts.push(Buffer.from(run, 'utf8'), Buffer.of(code - ESCAPE_BASE));
      run = '';
    } else {
      run += char;
    }
  }
  parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}

function splitNul(buffer: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let nul = buffer.indexOf(0); nul !== -1; nul = buffer.indexOf(0, start)) {
    parts.push(buffer.subarray(start, nul));
    start = nul + 1;
  }
  return parts;
}

/** An argument's bytes as a string: UTF-8 where valid, escapes for the other bytes (`argBytes` reverses it). */
export function decodeArg(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let out = '';
    for (let at = 0; at < bytes.length; ) {
      const lead = bytes[at] as number;
      const length = lead < 0x80 ? 1 : lead >> 5 === 6 ? 2 : lead >> 4 === 14 ? 3 : lead >> 3 === 30 ? 4 : 0;
      const char = length > 0 ? tryDecode(bytes.subarray(at, at + length), length) : undefined;
      if (char === undefined) {
        out += String.fromCharCode(ESCAPE_BASE + lead);
        at++;
      } else {
        out += char;
        at += length;
      }
    }
    return out;
  }
}

function tryDecode(sequence: Uint8Array, length: number): string | undefined {
  if (sequence.length < length) return undefined;
  try {
    return strictUtf8.decode(sequence);
  } catch {
    return undefined;
  }
}
