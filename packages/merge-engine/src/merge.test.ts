import { LineageError } from '@lineage/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBinary, merge, validateResolved } from './index.js';

const text = fc
  .array(fc.constantFrom('a\n', 'b\n', 'c\n', '\n', '}\n', 'x\r\n', 'tail'), { maxLength: 20 })
  .map((lines) => lines.join(''));

describe('merge identities git obeys', () => {
  it('merge(b, x, b) = x, merge(b, b, x) = x and merge(b, x, x) = x, all clean', () => {
    fc.assert(
      fc.property(text, text, (b, x) => {
        for (const result of [merge(b, x, b), merge(b, b, x), merge(b, x, x)]) {
          expect(result.text).toBe(x);
          expect(result.clean).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('merge', () => {
  const base = 'one\ntwo\nthree\nfour\nfive\n';

  it('merges changes one line apart and conflicts on adjacent ones, as git does', () => {
    expect(merge(base, 'ONE\ntwo\nthree\nfour\nfive\n', 'one\ntwo\nTHREE\nfour\nfive\n')).toMatchObject({
      text: 'ONE\ntwo\nTHREE\nfour\nfive\n',
      clean: true,
    });
    expect(merge(base, 'ONE\ntwo\nthree\nfour\nfive\n', 'one\nTWO\nthree\nfour\nfive\n').clean).toBe(false);
  });

  it('describes each conflict in base, ours, theirs and the output, with hunk hashes', () => {
    const result = merge(base, 'one\nTWO\nthree\nfour\nfive\n', 'one\n2\nthree\nfour\nfive\n', {
      labels: { ours: 'mine', theirs: 'upstream' },
    });
    expect(result.text).toBe('one\n<<<<<<< mine\nTWO\n=======\n2\n>>>>>>> upstream\nthree\nfour\nfive\n');
    expect(result.conflicts).toHaveLength(1);
    const [conflict] = result.conflicts;
    expect(conflict).toMatchObject({
      base: { start: 1, count: 1 },
      ours: { start: 1, count: 1 },
      theirs: { start: 1, count: 1 },
      output: { start: 1, count: 5 },
    });
    expect(conflict?.hashes.ours).not.toBe(conflict?.hashes.theirs);
    expect(validateResolved(result.text).markers.map((m) => m.kind)).toEqual(['ours', 'separator', 'theirs']);
  });

  it('keeps CRLF line endings in markers and a BOM given as bytes', () => {
    const crlf = (s: string) => s.replaceAll('\n', '\r\n');
    const result = merge(crlf(base), crlf('one\nTWO\nthree\nfour\nfive\n'), crlf('one\n2\nthree\nfour\nfive\n'));
    expect(result.text).toBe(crlf('one\n<<<<<<< ours\nTWO\n=======\n2\n>>>>>>> theirs\nthree\nfour\nfive\n'));
    const bom = [0xef, 0xbb, 0xbf];
    const bytes = (s: string) => new Uint8Array([...bom, ...Buffer.from(s)]);
    const merged = merge(bytes(base), bytes('ONE\ntwo\nthree\nfour\nfive\n'), bytes('one\ntwo\nthree\nfour\nFIVE\n'));
    expect(merged.clean).toBe(true);
    expect([...(merged.bytes ?? [])].slice(0, 3)).toEqual(bom);
    expect(merged.text).toBe('\ufeffONE\ntwo\nthree\nfour\nFIVE\n');
  });

  it('keeps bytes that are not UTF-8 exactly', () => {
    const latin = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
    const result = merge(latin('caf\xe9\nb\nc\n'), latin('caf\xe9\nb\nC\n'), latin('CAF\xe9\nb\nc\n'));
    expect(Buffer.from(result.bytes ?? []).toString('latin1')).toBe('CAF\xe9\nb\nC\n');
  });

  it('does not merge binary content: trivial outcomes only, otherwise left to a person', () => {
    const bin = (s: string) => new Uint8Array(Buffer.from(`\0${s}`));
    expect(isBinary(bin('x'))).toBe(true);
    expect(isBinary('text\n')).toBe(false);
    expect(merge(bin('a'), bin('a'), bin('b'))).toMatchObject({ binary: true, clean: true, text: '\0b' });
    expect(merge(bin('a'), bin('b'), bin('c'))).toMatchObject({ binary: true, clean: false, conflicts: [] });
  });

  it('rejects unknown options with a stable code', () => {
    expect(() => merge('a', 'b', 'c', { level: 'bogus' as never })).toThrow(LineageError);
    try {
      merge('a', 'b', 'c', { style: 'fancy' as never });
    } catch (error) {
      expect((error as LineageError).code).toBe('MERGE_UNKNOWN_STYLE');
    }
    expect(() => merge('a', 'b', 'c', { diffAlgorithm: 'fancy' as never })).toThrow(
      expect.objectContaining({ code: 'MERGE_UNKNOWN_DIFF_ALGORITHM' }),
    );
    expect(() => merge('a', 'b', 'c', { labels: { ours: 42 as never } })).toThrow(
      expect.objectContaining({ code: 'MERGE_BAD_LABEL' }),
    );
  });
});

describe('validateResolved', () => {
  it('finds leftover markers and ignores look-alikes', () => {
    expect(validateResolved('a\n<<<<<<< ours\nb\n||||||| base\n=======\nc\n>>>>>>> theirs\n').markers).toEqual([
      { line: 1, kind: 'ours', text: '<<<<<<< ours' },
      { line: 3, kind: 'base', text: '||||||| base' },
      { line: 4, kind: 'separator', text: '=======' },
      { line: 6, kind: 'theirs', text: '>>>>>>> theirs' },
    ]);
    expect(validateResolved('<<<<<<<< eight\n======== \na <<<<<<< b\n').clean).toBe(true);
    expect(validateResolved('x\r\n=======\r\n').markers).toHaveLength(1);
  });
});

describe('merge levels (git merge-file has no flag for them; these are xmerge.c’s rules)', () => {
  const base = 'a\nb\nc\nd\ne\nf\ng\n';
  // Both sides change b..f the same way except one line.
  const ours = 'a\nB\nC\nD\nE\nF\ng\n';
  const theirs = 'a\nB\nC\nx\nE\nF\ng\n';

  it('minimal conflicts even on identical changes; eager merges them', () => {
    const same = 'a\nB\nc\nd\ne\nf\ng\n';
    expect(merge(base, same, same, { level: 'minimal' }).clean).toBe(false);
    expect(merge(base, same, same, { level: 'eager' })).toMatchObject({ clean: true, text: same });
  });

  it('eager keeps the whole overlapping region in conflict; zealous shrinks it to the differing line', () => {
    expect(merge(base, ours, theirs, { level: 'eager' }).conflicts[0]?.ours).toEqual({ start: 1, count: 5 });
    const zealous = merge(base, ours, theirs, { level: 'zealous' });
    expect(zealous.conflicts.map((c) => [c.ours, c.theirs])).toEqual([
      [
        { start: 3, count: 1 },
        { start: 3, count: 1 },
      ],
    ]);
    expect(zealous.text).toBe('a\nB\nC\n<<<<<<< ours\nD\n=======\nx\n>>>>>>> theirs\nE\nF\ng\n');
  });

  it('zealous_alnum joins conflicts separated only by lines without letters or digits', () => {
    const b = 'a\n1\n}\n}\n}\n}\n2\nz\n';
    const o = 'a\nO1\n}\n}\n}\n}\nO2\nz\n';
    const t = 'a\nT1\n}\n}\n}\n}\nT2\nz\n';
    expect(merge(b, o, t, { level: 'zealous' }).conflicts).toHaveLength(2);
    expect(merge(b, o, t, { level: 'zealous_alnum' }).conflicts).toHaveLength(1);
  });
});
