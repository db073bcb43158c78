import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffStats, diffWords, formatShortStat, formatWordDiff } from './index.js';

describe('diffWords', () => {
  it('shows changed words as git --word-diff=plain does', () => {
    expect(formatWordDiff(diffWords('the quick brown fox', 'the slow brown fox'))).toBe(
      'the [-quick-]{+slow+} brown fox',
    );
  });

  it('keeps both texts recoverable from the pieces', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const changes = diffWords(a, b);
        expect(
          changes
            .filter((c) => c.kind !== 'added')
            .map((c) => c.text)
            .join(''),
        ).toBe(a);
        expect(
          changes
            .filter((c) => c.kind !== 'removed')
            .map((c) => c.text)
            .join(''),
        ).toBe(b);
      }),
    );
  });
});

describe('diffStats', () => {
  it('counts files, insertions and deletions like git diff --shortstat', () => {
    const stats = diffStats([
      { oldText: 'a\nb\n', newText: 'a\nc\nd\n' },
      { oldText: 'same\n', newText: 'same\n' },
      { oldText: null, newText: 'new\n' },
      { oldText: 'gone\n', newText: null },
    ]);
    expect(stats).toEqual({ files: 3, insertions: 3, deletions: 2 });
    expect(formatShortStat(stats)).toBe(' 3 files changed, 3 insertions(+), 2 deletions(-)');
    expect(formatShortStat({ files: 1, insertions: 0, deletions: 1 })).toBe(' 1 file changed, 1 deletion(-)');
  });
});
