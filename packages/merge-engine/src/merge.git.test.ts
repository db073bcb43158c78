import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GitMergeFile } from './git-merge-file.test-support.js';
import { type MergeOptions, merge } from './index.js';

const git = new GitMergeFile();
afterAll(() => git.dispose());

// A small alphabet makes sides collide often; blank lines and braces exercise
// ZEALOUS_ALNUM, CRLF lines the marker line endings.
const line = fc.constantFrom(
  'a\n',
  'b\n',
  'c\n',
  'd\n',
  'e\n',
  'f\n',
  '\n',
  '}\n',
  '{\n',
  '  x = 1;\n',
  'g\r\n',
  '--\n',
  // Letters outside ASCII are not alphanumeric for git (its own ctype table).
  'é→\n',
);

interface Edit {
  at: number;
  remove: number;
  insert: string[];
}
const edits = fc.array(fc.record({ at: fc.nat(), remove: fc.nat(3), insert: fc.array(line, { maxLength: 3 }) }), {
  maxLength: 4,
});

function applyEdits(base: readonly string[], list: readonly Edit[]): string[] {
  const out = [...base];
  for (const edit of list) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    out.splice(at, edit.remove, ...edit.insert);
  }
  return out;
}

const join = (lines: string[], chop: boolean) => {
  const text = lines.join('');
  return chop && text.endsWith('\n') ? text.slice(0, -1) : text;
};

const scenario = fc
  .tuple(fc.array(line, { maxLength: 25 }), edits, edits, fc.boolean(), fc.boolean(), fc.boolean())
  .map(([base, e1, e2, c0, c1, c2]) => ({
    base: join(base, c0),
    ours: join(applyEdits(base, e1), c1),
    theirs: join(applyEdits(base, e2), c2),
  }));

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
