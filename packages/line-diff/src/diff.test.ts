import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, type Hunk, splitLines } from './index.js';

function applyHunks(a: readonly string[], b: readonly string[], hunks: readonly Hunk[]): string[] {
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of hunks) {
    out.push(...a.slice(cursor, hunk.oldStart), ...b.slice(hunk.newStart, hunk.newStart + hunk.newCount));
    cursor = hunk.oldStart + hunk.oldCount;
  }
  out.push(...a.slice(cursor));
  return out;
}

// Length of a longest common subsequence, by dynamic programming: the reference for minimality.
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array(b.length + 1).fill(0);
  for (const line of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = line === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd\n', 'e'), { maxLength: 30 });

describe('splitLines', () => {
  it('keeps terminators so the text joins back exactly', () => {
    expect(splitLines('a\r\nb\nc')).toEqual(['a\r\n', 'b\n', 'c']);
    expect(splitLines('')).toEqual([]);
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(splitLines(text).join('')).toBe(text);
      }),
    );
  });
});

describe('diffLines', () => {
  it('finds a single replaced line', () => {
    expect(diffLines(['a\n', 'b\n', 'c\n'], ['a\n', 'x\n', 'c\n'])).toEqual([
      { oldStart: 1, oldCount: 1, newStart: 1, newCount: 1 },
    ]);
    expect(diffLines([], ['a\n'])).toEqual([{ oldStart: 0, oldCount: 0, newStart: 0, newCount: 1 }]);
    expect(diffLines(['a\n'], ['a\n'])).toEqual([]);
  });

  it('produces hunks that turn a into b, with a minimal number of changed lines when asked', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        expect(applyHunks(a, b, diffLines(a, b))).toEqual(b);
        expect(applyHunks(a, b, diffLines(a, b, { algorithm: 'histogram' }))).toEqual(b);
        expect(applyHunks(a, b, diffLines(a, b, { algorithm: 'patience' }))).toEqual(b);
        const hunks = diffLines(a, b, { algorithm: 'minimal' });
        expect(applyHunks(a, b, hunks)).toEqual(b);
        const changed = hunks.reduce((sum, hunk) => sum + hunk.oldCount + hunk.newCount, 0);
        expect(changed).toBe(a.length + b.length - 2 * lcsLength(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a shortest edit script with minimal where git 2.39’s --minimal did not', () => {
    // Shared "x" lines among lines found on one side only: git before 2.50 discarded such
    // frequent lines even with --minimal, and its diff of this pair changes 36 lines.
    const a = 'a0 a1 x x a4 a5 x a7 a8 x a10 x x x a14 a15 a16 a17 x x'.split(' ').map((l) => `${l}\n`);
    const b = 'b0 b1 b2 x b4 b5 x b7 b8 b9 b10 b11 b12 b13 b14 b15 x b17 x x'.split(' ').map((l) => `${l}\n`);
    const changed = diffLines(a, b, { algorithm: 'minimal' }).reduce((sum, h) => sum + h.oldCount + h.newCount, 0);
    expect(changed).toBe(a.length + b.length - 2 * lcsLength(a, b));
    expect(changed).toBe(30);
  });
});
