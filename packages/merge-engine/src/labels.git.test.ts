import { afterAll, describe, expect, it } from 'vitest';
import { GitMergeFile } from './git-merge-file.test-support.js';
import { merge } from './index.js';

const git = new GitMergeFile();
afterAll(() => git.dispose());

const base = 'one\ntwo\nthree\n';
const ours = 'one\nTWO\nthree\n';
const theirs = 'one\n2\nthree\n';
const bytes = (...values: number[]) => new Uint8Array(values);

describe('labels, as git merge-file writes them', () => {
  it.each([
    ['a line feed', ['two\nlines', 'base', 'theirs']],
    ['a carriage return', ['mine\r', 'base\r\n', 'x\ry']],
    ['only line breaks', ['\n', '\n\n', '']],
  ])('writes a label with %s as given', (_, labels) => {
    for (const style of [[], ['--diff3']]) {
      const reference = git.runWithLabels(base, ours, theirs, labels, style);
      const [o, b, t] = labels as [string, string, string];
      const result = merge(base, ours, theirs, {
        labels: { ours: o, base: b, theirs: t },
        style: style.length ? 'diff3' : 'merge',
      });
      expect(result.text).toBe(reference.output.toString('utf8'));
    }
  });

  it('keeps the bytes of a label that is not UTF-8, and of the texts with it', () => {
    const latin1 = bytes(0x63, 0x61, 0x66, 0xe9); // "café" in Latin-1
    const broken = bytes(0xff, 0xfe, 0x41);
    const reference = git.runWithLabels(base, ours, theirs, [latin1, 'base', broken], ['--diff3']);
    const result = merge(base, ours, theirs, { labels: { ours: latin1, theirs: broken }, style: 'diff3' });
    expect(Buffer.from(result.bytes as Uint8Array).equals(reference.output)).toBe(true);
    expect(result.conflicts).toHaveLength(reference.conflicts);

    // Texts in UTF-8 stay UTF-8 byte for byte next to a Latin-1 label.
    const utf8 = 'ünïcode\n';
    const withText = git.runWithLabels(base, `${ours}${utf8}`, theirs, [latin1, 'b', 't']);
    const merged = merge(base, `${ours}${utf8}`, theirs, { labels: { ours: latin1, base: 'b', theirs: 't' } });
    expect(Buffer.from(merged.bytes as Uint8Array).equals(withText.output)).toBe(true);
  });

  it('decodes a label given as UTF-8 bytes like the same label given as a string', () => {
    const label = 'résumé';
    const fromBytes = merge(base, ours, theirs, { labels: { ours: new TextEncoder().encode(label) } });
    const fromString = merge(base, ours, theirs, { labels: { ours: label } });
    expect(fromBytes.text).toBe(fromString.text);
    expect(fromBytes.text).toContain('<<<<<<< résumé\n');
  });
});

describe('marker size', () => {
  it('refuses, with a typed error, a merged text too long to hold rather than crashing', () => {
    expect(() => merge(base, ours, theirs, { markerSize: 2 ** 29 })).toThrow(
      expect.objectContaining({ code: 'MERGE_OUTPUT_TOO_LARGE' }),
    );
    // No conflict, no marker: any size is fine.
    expect(merge(base, ours, base, { markerSize: 2 ** 30 }).text).toBe(ours);
  });

  it('writes large markers as git does', () => {
    const reference = git.run(base, ours, theirs, ['--marker-size=100000']);
    expect(merge(base, ours, theirs, { markerSize: 100_000 }).text).toBe(reference.output.toString('utf8'));
  });
});
