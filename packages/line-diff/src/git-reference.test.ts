import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DIFF_ALGORITHMS, formatUnifiedDiff } from './index.js';

// git is the reference: our unified diff must be byte-identical to `git diff --no-index`
// (without the indent heuristic, which git merge-file does not use either).
const dir = mkdtempSync(join(tmpdir(), 'line-diff-git-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir, LC_ALL: 'C' };

function gitDiff(oldText: string, newText: string, args: string[]): string {
  writeFileSync(join(dir, 'a.txt'), oldText);
  writeFileSync(join(dir, 'b.txt'), newText);
  const result = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-ext-diff', ...args, 'a.txt', 'b.txt'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`git diff failed: ${result.stderr}`);
  return result.stdout;
}

const line = fc.constantFrom(
  'a\n',
  'b\n',
  'c\n',
  '\n',
  '}\n',
  'x\r\n',
  'func foo\n',
  'a',
  'word here\n',
  '  a\n',
  '\tb\n',
  '    }\n',
  ' \n',
);
// Mostly distinct lines among a few repeated ones, as in code: what patience and histogram
// anchor on.
const codeLine = fc.oneof(
  { arbitrary: fc.nat(60).map((n) => `line ${n}\n`), weight: 3 },
  { arbitrary: fc.constantFrom('\n', '}\n', '  return;\n'), weight: 1 },
);
const lines = fc.oneof(fc.array(line, { maxLength: 40 }), fc.array(codeLine, { maxLength: 40 }));
const edits = fc.array(
  fc.record({ at: fc.nat(), remove: fc.nat(2), insert: fc.array(fc.oneof(line, codeLine), { maxLength: 4 }) }),
  {
    maxLength: 3,
  },
);
// Half unrelated texts, half a text and an edited copy: slidable hunks, where compaction and
// the indent heuristic decide, mostly come from the second kind.
const pair = fc.oneof(
  fc.tuple(lines, lines).map(([a, b]) => [a.join(''), b.join('')] as const),
  fc.tuple(lines, edits).map(([a, list]) => {
    const b = [...a];
    for (const edit of list) b.splice(edit.at % (b.length + 1), edit.remove, ...edit.insert);
    return [a.join(''), b.join('')] as const;
  }),
);

// git 2.39's --minimal still drops lines with about √n matches or more (git 2.50 stopped:
// "xdiff: disable cleanup_records heuristic with --minimal"); where no line has that many,
// the two agree, and ours is compared with the machine's git.
function noFrequentLines(a: string, b: string): boolean {
  const lines = (text: string) => text.split(/(?<=\n)/).filter((line) => line !== '');
  const [x, y] = [lines(a), lines(b)];
  const bogoSqrt = (n: number) => {
    let i = 1;
    for (let rest = n; rest > 0; rest = Math.floor(rest / 4)) i *= 2;
    return i;
  };
  const frequent = (own: string[], other: string[]) =>
    own.some((line) => other.filter((o) => o === line).length >= bogoSqrt(own.length));
  return !frequent(x, y) && !frequent(y, x);
}

describe('unified diff against git diff --no-index', () => {
  it('is byte-identical for every algorithm, with and without the indent heuristic, at several context sizes', () => {
    fc.assert(
      fc.property(
        pair,
        fc.constantFrom(0, 1, 3),
        fc.constantFrom(...DIFF_ALGORITHMS),
        fc.boolean(),
        ([a, b], context, algorithm, indentHeuristic) => {
          if (algorithm === 'minimal') fc.pre(noFrequentLines(a, b));
          const ours = formatUnifiedDiff(
            { oldPath: 'a.txt', newPath: 'b.txt', oldText: a, newText: b },
            { context, algorithm, indentHeuristic },
          );
          const heuristicFlag = indentHeuristic ? '--indent-heuristic' : '--no-indent-heuristic';
          expect(ours).toBe(gitDiff(a, b, [`-U${context}`, `--diff-algorithm=${algorithm}`, heuristicFlag]));
        },
      ),
      { numRuns: 800 },
    );
  });

  it('matches git on a large file with scattered edits, where xdiff’s heuristics decide the hunks', () => {
    const random = fc.sample(fc.integer({ min: 0, max: 60 }), { numRuns: 12_000, seed: 7 });
    const base = random.map((n, i) => (n < 20 ? `line ${n}\n` : n < 30 ? '\n' : `unique ${n} ${i}\n`));
    const changed = base.map((l, i) => (i % 97 === 0 ? `edited ${i}\n` : i % 131 === 0 ? '' : l));
    const a = base.join('');
    const b = changed.join('');
    expect(formatUnifiedDiff({ oldPath: 'a.txt', newPath: 'b.txt', oldText: a, newText: b })).toBe(gitDiff(a, b, []));
    expect(
      formatUnifiedDiff({ oldPath: 'a.txt', newPath: 'b.txt', oldText: a, newText: b }, { indentHeuristic: false }),
    ).toBe(gitDiff(a, b, ['--no-indent-heuristic']));
    expect(
      formatUnifiedDiff({ oldPath: 'a.txt', newPath: 'b.txt', oldText: a, newText: b }, { algorithm: 'patience' }),
    ).toBe(gitDiff(a, b, ['--patience']));
  });

  it('matches git on large, very different files, where xdiff’s cost heuristics cut the search', () => {
    // Two unrelated 8,000-line texts over 30 distinct lines: thousands of edits, far past
    // the costs at which xdl_split stops looking for a minimal path.
    const [a, b] = fc
      .sample(fc.array(fc.integer({ min: 0, max: 29 }), { minLength: 8000, maxLength: 8000 }), { numRuns: 2, seed: 7 })
      .map((numbers) => numbers.map((n) => `line ${n}\n`).join('')) as [string, string];
    expect(formatUnifiedDiff({ oldPath: 'a.txt', newPath: 'b.txt', oldText: a, newText: b })).toBe(gitDiff(a, b, []));
    expect(
      formatUnifiedDiff({ oldPath: 'a.txt', newPath: 'b.txt', oldText: a, newText: b }, { algorithm: 'histogram' }),
    ).toBe(gitDiff(a, b, ['--histogram']));
    expect(
      formatUnifiedDiff({ oldPath: 'a.txt', newPath: 'b.txt', oldText: a, newText: b }, { algorithm: 'patience' }),
    ).toBe(gitDiff(a, b, ['--patience']));
  });

  it('writes git’s headers for an added and a deleted file', () => {
    const run = (args: string[]) =>
      spawnSync('git', ['diff', '--no-index', '--no-color', ...args], { cwd: dir, env, encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'new.txt'), 'x\ny');
    expect(formatUnifiedDiff({ oldPath: 'new.txt', oldText: null, newText: 'x\ny' })).toBe(
      run(['/dev/null', 'new.txt']),
    );
    expect(formatUnifiedDiff({ oldPath: 'new.txt', oldText: 'x\ny', newText: null })).toBe(
      run(['new.txt', '/dev/null']),
    );
  });
});
