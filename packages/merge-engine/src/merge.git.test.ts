import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GitMergeFile } from './git-merge-file.test-support.js';
import { type MergeOptions, merge } from './index.js';
import { scenario } from './scenarios.test-support.js';

const git = new GitMergeFile();
afterAll(() => git.dispose());

const gitArgs: [MergeOptions, string[]][] = [
  [{}, []],
  [{ style: 'diff3' }, ['--diff3']],
  [{ style: 'zdiff3' }, ['--zdiff3']],
  [{ favor: 'ours' }, ['--ours']],
  [{ favor: 'theirs' }, ['--theirs']],
  [{ favor: 'union' }, ['--union']],
];

describe('merge against git merge-file (the law)', () => {
  it('writes the same bytes and counts the same conflicts, with default options', () => {
    fc.assert(
      fc.property(scenario, ({ base, ours, theirs }) => {
        const ref = git.run(base, ours, theirs);
        const result = merge(base, ours, theirs);
        expect(result.text).toBe(ref.output.toString('utf8'));
        expect(result.conflicts.length).toBe(ref.conflicts);
        expect(result.clean).toBe(ref.conflicts === 0);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees for every style and favor', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...gitArgs), ({ base, ours, theirs }, [options, args]) => {
        const ref = git.run(base, ours, theirs, args);
        const result = merge(base, ours, theirs, options);
        expect(result.text).toBe(ref.output.toString('utf8'));
        expect(result.conflicts.length).toBe(ref.conflicts);
      }),
      { numRuns: 900 },
    );
  });
});
