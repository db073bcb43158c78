import { type GitOption, GitUsageError, parseGitOptions } from '@lineage/cli-kit';
import type { Favor, MergeOptions, MergeStyle } from '@lineage/merge-engine';

type DiffAlgorithm = NonNullable<MergeOptions['diffAlgorithm']>;

// git merge-file's options, in git's order (builtin/merge-file.c), then our own additions,
// which are only recognised written in full.
export const MERGE_FILE_OPTIONS: GitOption[] = [
  { short: 'p', long: 'stdout', help: 'send results to standard output' },
  { long: 'diff3', help: 'use a diff3 based merge' },
  { long: 'zdiff3', help: 'use a zealous diff3 based merge' },
  { long: 'ours', help: 'for conflicts, use our version' },
  { long: 'theirs', help: 'for conflicts, use their version' },
  { long: 'union', help: 'for conflicts, use a union version' },
  { long: 'diff-algorithm', value: true, negatable: false, argName: 'algorithm', help: 'choose a diff algorithm' },
  { long: 'marker-size', value: true, argName: 'n', help: 'for conflicts, use this marker size' },
  { short: 'q', long: 'quiet', help: 'do not warn about conflicts' },
  { short: 'L', value: true, argName: 'name', helpName: 'label', help: 'set labels for file1/orig-file/file2' },
  { long: 'json', exact: true, negatable: false, help: 'print the outcome as JSON instead of the merged text' },
  { long: 'color', exact: true, help: 'colour the output (default: when writing to a terminal)' },
  { long: 'debug', exact: true, negatable: false, help: 'show stack traces on errors' },
];

export const MERGE_FILE_SYNOPSIS =
  'skillmeat-sync merge-file [<options>] [-L <name1> [-L <orig> [-L <name2>]]] <file1> <orig-file> <file2>';

export interface MergeFileRequest {
  paths: [string, string, string];
  labels: string[];
  toStdout: boolean;
  /** Undefined when no style option was given: git's configuration decides. */
  style: MergeStyle | undefined;
  favor: Favor | undefined;
  /** git's `int`; 0 or less means the default. */
  markerSize: number;
  diffAlgorithm: DiffAlgorithm;
  quiet: boolean;
  json: boolean;
  color: boolean | undefined;
  debug: boolean;
}

// parse_algorithm_value: case-insensitive, and "default" is myers.
const ALGORITHM_NAMES: Record<string, DiffAlgorithm> = {
  default: 'myers',
  myers: 'myers',
  minimal: 'minimal',
  patience: 'patience',
  histogram: 'histogram',
};

/**
 * git merge-file's command line, with git's parse-options semantics: every option in
 * order, the last one winning; `GitUsageError` for anything git refuses with status 129.
 */
export function parseMergeFileArgs(args: readonly string[]): MergeFileRequest {
  const { uses, operands } = parseGitOptions(args, MERGE_FILE_OPTIONS);
  const request: Omit<MergeFileRequest, 'paths'> = {
    labels: [],
    toStdout: false,
    style: undefined,
    favor: undefined,
    markerSize: 0,
    diffAlgorithm: 'myers',
    quiet: false,
    json: false,
    color: undefined,
    debug: false,
  };
  for (const { option, negated, value, name } of uses) {
    switch (option.long ?? option.short) {
      case 'stdout':
        request.toStdout = !negated;
        break;
      case 'diff3':
      case 'zdiff3':
        // OPT_SET_INT: --no-diff3 sets the style to 0, plain markers, and so is a style too.
        request.style = negated ? 'merge' : (option.long as MergeStyle);
        break;
      case 'ours':
      case 'theirs':
      case 'union':
        request.favor = negated ? undefined : (option.long as Favor);
        break;
      case 'diff-algorithm': {
        const algorithm = ALGORITHM_NAMES[(value as string).toLowerCase()];
        if (!algorithm) {
          throw new GitUsageError('option diff-algorithm accepts "myers", "minimal", "patience" and "histogram"');
        }
        request.diffAlgorithm = algorithm;
        break;
      }
      case 'marker-size':
        request.markerSize = negated ? 0 : parseGitInt(value as string, name);
        break;
      case 'quiet':
        request.quiet = !negated;
        break;
      case 'L':
        if (request.labels.length === 3) throw new GitUsageError('too many labels on the command line');
        request.labels.push(value as string);
        break;
      case 'json':
        request.json = true;
        break;
      case 'color':
        request.color = !negated;
        break;
      case 'debug':
        request.debug = true;
        break;
    }
  }
  if (operands.length !== 3) throw new GitUsageError(undefined, 'stderr');
  return { ...request, paths: operands as [string, string, string] };
}

/**
 * OPT_INTEGER's reading of a number: C's `strtol` in base 10 (leading white space, a sign,
 * saturating at the limits of a 64-bit long) stored in an `int`, whose low 32 bits are kept;
 * anything but digits after the number is an error.
 */
export function parseGitInt(text: string, name: string): number {
  const match = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (!match) throw new GitUsageError(`${name} expects a numerical value`);
  const LONG_MAX = 2n ** 63n - 1n;
  let long = BigInt(match[2] as string) * (match[1] === '-' ? -1n : 1n);
  if (long > LONG_MAX) long = LONG_MAX;
  if (long < -LONG_MAX - 1n) long = -LONG_MAX - 1n;
  return Number(BigInt.asIntN(32, long));
}
