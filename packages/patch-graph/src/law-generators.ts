import fc from 'fast-check';

/**
 * Random file contents for the laws: few distinct lines (so diffs match lines and concurrent
 * edits collide), LF and CRLF terminators, a missing final newline, empty files, and now and
 * then binary content (a NUL byte).
 */
const line = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', '=======', ''), fc.constantFrom('\n', '\n', '\r\n'));

export const lines = fc.array(
  line.map(([text, end]) => text + end),
  { maxLength: 8 },
);

export const content = fc
  .tuple(lines, fc.constantFrom('', '', 'tail', 'x\0y'))
  .map(([body, tail]) => new TextEncoder().encode(body.join('') + tail));

/** An edit of a file: a few splices of its lines, so an edit keeps most of what it edits. */
export const splices = fc.array(
  fc.record({
    at: fc.nat(20),
    remove: fc.nat(2),
    insert: fc.array(
      line.map(([text, end]) => text + end),
      { maxLength: 2 },
    ),
  }),
  { minLength: 1, maxLength: 3 },
);

export type Splices = Array<{ at: number; remove: number; insert: string[] }>;

export function applySplices(base: Uint8Array, edits: Splices): Uint8Array {
  const text = Buffer.from(base).toString('latin1');
  const parts = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  for (const { at, remove, insert } of edits) {
    const position = parts.length === 0 ? 0 : at % (parts.length + 1);
    parts.splice(position, remove, ...insert);
  }
  return Buffer.from(parts.join(''), 'latin1');
}
