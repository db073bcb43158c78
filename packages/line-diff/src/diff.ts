import { UsageError } from '@lineage/errors';
import { LineClasses } from './classify.js';
import { compactChanges } from './compact.js';
import { histogramMarks } from './histogram.js';
import { type Hunk, hunksFromMarks } from './hunks.js';
import { type ChangeMarks, myersMarks } from './myers.js';
import { patienceMarks } from './patience.js';

/** git's `--diff-algorithm` values. */
export type DiffAlgorithm = 'myers' | 'minimal' | 'patience' | 'histogram';

/** Every `DiffAlgorithm`, in git's order. */
export const DIFF_ALGORITHMS: readonly DiffAlgorithm[] = ['myers', 'minimal', 'patience', 'histogram'];

export interface DiffOptions {
  /**
   * `myers` (default, as `git diff` and `git merge-file`): fast, with xdiff's heuristics;
   * `minimal`: Myers searching for a shortest edit script (slower on large, very different
   * inputs); `patience`: aligned on lines unique to both sides; `histogram` (as merge-ort):
   * aligned on the rarest common lines.
   */
  algorithm?: DiffAlgorithm;
  /**
   * Place slidable hunks by indentation and blank lines, as `git diff` does by default
   * (default false here, as `git merge-file`). Needs the texts: used by `diffLines` and
   * `formatUnifiedDiff` (where it defaults to true), ignored by `diffClasses`.
   */
  indentHeuristic?: boolean;
}

/**
 * Diffs two sequences of line classes (see `LineClasses`) the way xdiff does: the
 * algorithm marks changed lines, then both sides are compacted (`xdl_change_compact`)
 * so that ambiguous hunks land where git puts them.
 */
export function diffClasses(x: Int32Array, y: Int32Array, options: DiffOptions = {}): Hunk[] {
  return hunksFromMarks(diffMarks(x, y, options));
}

/** `texts` (the lines behind `x` and `y`) enable the indent heuristic when asked for. */
export function diffMarks(
  x: Int32Array,
  y: Int32Array,
  options: DiffOptions = {},
  texts?: { old: readonly string[]; new: readonly string[] },
): ChangeMarks {
  const algorithm = options.algorithm ?? 'myers';
  if (!DIFF_ALGORITHMS.includes(algorithm)) {
    throw new UsageError('DIFF_UNKNOWN_ALGORITHM', `Unknown diff algorithm ${JSON.stringify(algorithm)}.`, {
      hint: `Use one of: ${DIFF_ALGORITHMS.join(', ')}.`,
    });
  }
  const marks =
    algorithm === 'histogram'
      ? histogramMarks(x, y)
      : algorithm === 'patience'
        ? patienceMarks(x, y)
        : myersMarks(x, y, algorithm === 'minimal');
  const heuristic = options.indentHeuristic === true ? texts : undefined;
  compactChanges(x, marks.changed1, marks.changed2, heuristic?.old);
  compactChanges(y, marks.changed2, marks.changed1, heuristic?.new);
  return marks;
}

/**
 * The line diff of two texts already split by `splitLines`. Lines are compared by exact
 * string equality, terminators included.
 */
export function diffLines(a: readonly string[], b: readonly string[], options: DiffOptions = {}): Hunk[] {
  const classes = new LineClasses();
  const oldClasses = classes.classify(a);
  return hunksFromMarks(diffMarks(oldClasses, classes.classifyLike(b, a, oldClasses), options, { old: a, new: b }));
}
