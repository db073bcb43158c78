import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANGE_FORMAT_VERSION, type Change, parseChange, serializeChange, splitSerialized } from './change.js';

const encoder = new TextEncoder();

/** A change with one vertices operation over `text`, its ranges cut at `cuts` (or at each line). */
function changeOf(text: string, ranges: Array<readonly [number, number]>, version = CHANGE_FORMAT_VERSION): Change {
  const flat = Uint32Array.from(ranges.flat());
  return {
    version,
    header: { message: 'm', authors: ['a'], timestamp: '2026-01-01T00:00:00Z' },
    dependencies: [],
    known: [],
    metadata: {},
    contents: encoder.encode(text),
    operations: [
      { type: 'vertices', kind: 'edit', path: 'f', inode: ['', 0], flag: 0, up: [['ROOT', 0]], down: [], ranges: flat },
    ],
  };
}

const linesOf = (text: string): Array<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = [];
  let at = 0;
  for (const line of text.split(/(?<=\n)/)) {
    if (line.length === 0) continue;
    out.push([at, at + line.length]);
    at += line.length;
  }
  return out;
};
const documentOf = (change: Change) =>
  JSON.parse(new TextDecoder().decode(splitSerialized(serializeChange(change)).document.subarray(21)));

// Latin-1 letters and newlines: a character per byte, as the ranges assume.
const text = fc.stringMatching(/^[ab\n]{0,40}$/);

describe('change format 2', () => {
  it('writes a chain of lines as one span, and reads it back as the same ranges', () => {
    const change = changeOf('a\nbb\nccc', linesOf('a\nbb\nccc'));
    expect(documentOf(change).operations[0]).toMatchObject({ lines: [0, 8] });
    expect(documentOf(change).operations[0].ranges).toBeUndefined();
    expect(parseChange(serializeChange(change))).toEqual(change);
  });

  it('round-trips any ranges byte for byte: parse(serialize(c)) = c and serialize(parse(b)) = b', () => {
    const cutsOf = (t: string) => fc.uniqueArray(fc.integer({ min: 0, max: t.length }), { maxLength: 6 });
    fc.assert(
      fc.property(
        text.chain((t) => fc.tuple(fc.constant(t), fc.oneof(fc.constant(null), cutsOf(t)))),
        ([t, cuts]) => {
          const points = cuts === null ? null : [...cuts].sort((a, b) => a - b);
          const ranges =
            points === null ? linesOf(t) : points.slice(1).map((end, i) => [points[i] as number, end] as const);
          const change = changeOf(t, ranges);
          const bytes = serializeChange(change);
          const back = parseChange(bytes);
          expect(back).toEqual(change);
          expect(Buffer.from(serializeChange(back)).equals(Buffer.from(bytes))).toBe(true);
        },
      ),
    );
  });

  it('keeps version 1 changes as they were written: ranges, never spans', () => {
    const change = changeOf('a\nb\n', linesOf('a\nb\n'), 1);
    expect(documentOf(change).operations[0]).toMatchObject({
      ranges: [
        [0, 2],
        [2, 4],
      ],
    });
    expect(parseChange(serializeChange(change))).toEqual(change);
  });

  it('refuses a version 2 change writing a span of lines as ranges, or both', () => {
    const bytes = serializeChange(changeOf('a\nb\n', linesOf('a\nb\n'), 1));
    const json = new TextDecoder().decode(splitSerialized(bytes).document.subarray(21));
    const forged = (document: string) => {
      const body = encoder.encode(document);
      const out = new Uint8Array(21 + body.length + 4);
      out.set(encoder.encode('lineage change 1\n'), 0);
      new DataView(out.buffer).setUint32(17, body.length);
      out.set(body, 21);
      out.set(encoder.encode('a\nb\n'), 21 + body.length);
      return out;
    };
    expect(() => parseChange(forged(json.replace('"version":1', '"version":2')))).toThrow(
      /span of lines is written as ranges/,
    );
    const both = json.replace('"version":1', '"version":2').replace('"ranges":', '"lines":[0,4],"ranges":');
    expect(() => parseChange(forged(both))).toThrow(/both lines and ranges/);
    expect(() => parseChange(forged(json.replace('"version":1', '"version":3')))).toThrow(/unsupported format version/);
  });
});
