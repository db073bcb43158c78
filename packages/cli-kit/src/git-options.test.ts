import { describe, expect, it } from 'vitest';
import { formatGitUsage, type GitOption, GitUsageError, parseGitOptions } from './git-options.js';

// The kinds of option git's parse-options tests exercise (t0040-parse-options.sh), named
// after a merge-file-like command.
const options: GitOption[] = [
  { short: 'p', long: 'stdout', help: 'send results to standard output' },
  { long: 'diff3', help: 'use a diff3 based merge' },
  { long: 'zdiff3', help: 'use a zealous diff3 based merge' },
  { long: 'diff-algorithm', value: true, negatable: false, argName: 'algorithm', help: 'choose a diff algorithm' },
  { long: 'marker-size', value: true, argName: 'n', help: 'for conflicts, use this marker size' },
  { short: 'q', long: 'quiet', help: 'do not warn about conflicts' },
  { short: 'L', value: true, argName: 'name', help: 'set labels' },
  { long: 'json', exact: true, negatable: false, help: 'print JSON' },
];

const parse = (...args: string[]) => {
  const { uses, operands } = parseGitOptions(args, options);
  return {
    uses: uses.map(
      (u) => `${u.negated ? 'no-' : ''}${u.option.long ?? u.option.short}${u.value === undefined ? '' : `=${u.value}`}`,
    ),
    operands,
  };
};

function usageError(...args: string[]): { message: string | undefined; usage: string } {
  try {
    parseGitOptions(args, options);
  } catch (error) {
    if (error instanceof GitUsageError)
      return { message: error.hasMessage ? error.message : undefined, usage: error.usage };
  }
  throw new Error(`no usage error for ${args.join(' ')}`);
}

describe('parseGitOptions (git parse-options semantics)', () => {
  it('mixes options and operands, and stops at -- or --end-of-options', () => {
    expect(parse('a', '-p', 'b', '--diff3', 'c')).toEqual({ uses: ['stdout', 'diff3'], operands: ['a', 'b', 'c'] });
    expect(parse('-p', '--', '--diff3', '-')).toEqual({ uses: ['stdout'], operands: ['--diff3', '-'] });
    expect(parse('--end-of-options', '-p')).toEqual({ uses: [], operands: ['-p'] });
    expect(parse('-')).toEqual({ uses: [], operands: ['-'] });
  });

  it('clusters short options and takes a value attached or from the next argument, even one starting with -', () => {
    expect(parse('-pq', '-Lone', '-L', '-p', '-qLx')).toEqual({
      uses: ['stdout', 'quiet', 'L=one', 'L=-p', 'quiet', 'L=x'],
      operands: [],
    });
    expect(parse('--marker-size', '-3', '--marker-size=', '--diff-algorithm=patience').uses).toEqual([
      'marker-size=-3',
      'marker-size=',
      'diff-algorithm=patience',
    ]);
  });

  it('keeps every use in order, so the last one can win, and negates with --no-', () => {
    expect(parse('--diff3', '--zdiff3', '--no-diff3', '--no-quiet', '--no-marker-size').uses).toEqual([
      'diff3',
      'zdiff3',
      'no-diff3',
      'no-quiet',
      'no-marker-size',
    ]);
  });

  it('takes unambiguous abbreviations, negated ones too, and refuses ambiguous ones with the usage on stdout', () => {
    expect(parse('--std', '--marker=5', '--diff-a', 'myers', '--no-std', '--no-z', '--json').uses).toEqual([
      'stdout',
      'marker-size=5',
      'diff-algorithm=myers',
      'no-stdout',
      'no-zdiff3',
      'json',
    ]);
    expect(usageError('--diff')).toEqual({
      message: 'ambiguous option: diff (could be --diff3 or --diff-algorithm)',
      usage: 'stdout',
    });
    expect(usageError('--no').message).toBe('ambiguous option: no (could be --no-marker-size or --no-quiet)');
    // Exact-only options take no part in abbreviations.
    expect(usageError('--js')).toEqual({ message: "unknown option `js'", usage: 'stderr' });
  });

  it('reports malformed options as git does', () => {
    expect(usageError('--bogus=1')).toEqual({ message: "unknown option `bogus=1'", usage: 'stderr' });
    expect(usageError('-px')).toEqual({ message: "unknown switch `x'", usage: 'stderr' });
    expect(usageError('--stdout=yes').message).toBe("option `stdout' takes no value");
    expect(usageError('--no-marker-size=3').message).toBe("option `no-marker-size' takes no value");
    expect(usageError('--no-diff-algorithm')).toEqual({
      message: "unknown option `no-diff-algorithm'",
      usage: 'stderr',
    });
    expect(usageError('a', '-L').message).toBe("switch `L' requires a value");
    expect(usageError('--marker-size').message).toBe("option `marker-size' requires a value");
    expect(usageError('-diff3').message).toBe('did you mean `--diff3` (with two dashes)?');
    expect(usageError('-no-such').message).toBe('did you mean `--no-such` (with two dashes)?');
    expect(usageError('-é')).toEqual({ message: "unknown non-ascii option in string: `-é'", usage: 'stderr' });
  });

  it('answers -h, anywhere in a cluster, and --help-all with the usage on stdout', () => {
    for (const args of [['-h'], ['a', '-h'], ['-ph'], ['--help-all']]) {
      expect(usageError(...args)).toEqual({ message: undefined, usage: 'stdout' });
    }
    expect(parse('-Lh').uses).toEqual(['L=h']);
  });
});

describe('formatGitUsage', () => {
  it('lays options out as git does: four spaces, help at column 26, long ones on their own line', () => {
    expect(formatGitUsage('tool [<options>]', options.slice(3, 7))).toBe(
      [
        'usage: tool [<options>]',
        '',
        '    --diff-algorithm <algorithm>',
        '                          choose a diff algorithm',
        '    --marker-size <n>     for conflicts, use this marker size',
        '    -q, --quiet           do not warn about conflicts',
        '    -L <name>             set labels',
        '',
        '',
      ].join('\n'),
    );
  });
});
