import { contentId } from '@lineage/content-hash';
import { quoteInput, UsageError } from '@lineage/errors';
import { DIFF_ALGORITHMS, type DiffAlgorithm, LineClasses, splitLines } from '@lineage/line-diff';
import { decodeInputs, encodeOutput, isBinary, type MergeInput } from './input.js';
import { findMergeRegions, LEVEL_RANK, type MergeLevel, type MergeRegion, type MergeStyle } from './regions.js';
import { type ConflictLabels, renderMerge } from './render.js';

export type Favor = 'ours' | 'theirs' | 'union';

export interface MergeOptions {
  /** How hard to shrink conflicts (default `zealous_alnum`, as `git merge-file`; `git merge` uses `zealous`). */
  level?: MergeLevel;
  /** Conflict presentation (default `merge`); `diff3` shows the base and lowers the level to `eager`. */
  style?: MergeStyle;
  /**
   * Marker labels (default `ours`, `base`, `theirs`); `null` writes a bare marker. Written
   * as given, line breaks included (as git does); bytes are written as they are, so a label
   * that is not valid UTF-8 (a file name, say) survives.
   */
  labels?: Partial<Record<keyof ConflictLabels, string | Uint8Array | null>>;
  /** Resolve every conflict by taking one side, or both (git's `--ours`, `--theirs`, `--union`). */
  favor?: Favor;
  /** Length of the conflict markers (default 7, git's `--marker-size`). */
  markerSize?: number;
  /**
   * The line diff under the merge (git's `--diff-algorithm`): `myers` (default, as
   * `git merge-file`), `minimal`, `patience` or `histogram` (as `git merge`'s ort strategy,
   * which also uses level `zealous`).
   */
  diffAlgorithm?: DiffAlgorithm;
}

/** A 0-based range of lines. */
export interface LineRange {
  start: number;
  count: number;
}

/** One conflict left in the output, located in all four texts. */
export interface ConflictInfo {
  /** The base lines the conflicting region replaces (for a conflict split by refinement, the whole region's). */
  base: LineRange;
  ours: LineRange;
  theirs: LineRange;
  /** The conflict block in the merged text, from the `<<<<<<<` line through the `>>>>>>>` line. */
  output: LineRange;
  /** Content ids (`@lineage/content-hash`) of each side's lines in the conflict. */
  hashes: { base: string; ours: string; theirs: string };
}

export interface MergeResult {
  /** The merged text, with conflict markers where the sides conflict (our side for binary input). */
  text: string;
  /** The merged bytes, when any input was given as bytes. */
  bytes?: Uint8Array;
  /** No conflicts are left. */
  clean: boolean;
  conflicts: ConflictInfo[];
  /** An input is binary (a NUL in its first 8,000 bytes): no text merge was attempted. */
  binary: boolean;
}

const LEVELS = Object.keys(LEVEL_RANK) as MergeLevel[];
const STYLES: readonly MergeStyle[] = ['merge', 'diff3', 'zdiff3'];
const FAVORS: readonly Favor[] = ['ours', 'theirs', 'union'];
const DEFAULT_LABELS: ConflictLabels = { ours: 'ours', base: 'base', theirs: 'theirs' };
const LABEL_SIDES = ['ours', 'base', 'theirs'] as const;

/**
 * Three-way merge of `ours` and `theirs` against their common `base`, writing what
 * `git merge-file` writes for the same options.
 */
export function merge(base: MergeInput, ours: MergeInput, theirs: MergeInput, options: MergeOptions = {}): MergeResult {
  const settings = validateOptions(options);
  const labelInputs = LABEL_SIDES.map((side) => settings.labels[side]);
  const anyBytes = [base, ours, theirs, ...labelInputs].some((input) => input instanceof Uint8Array);
  if (isBinary(base) || isBinary(ours) || isBinary(theirs)) return binaryResult(base, ours, theirs);

  // Labels are decoded with the texts: one label that is not UTF-8 makes the whole output
  // Latin-1 (byte for byte), like a text that is not.
  const { texts, encoding } = decodeInputs([base, ours, theirs, ...labelInputs.map((label) => label ?? '')]);
  const [baseText, oursText, theirsText] = texts as [string, string, string];
  const decodedLabel = (i: number) => (labelInputs[i] === null ? null : (texts[3 + i] as string));
  const labels: ConflictLabels = { ours: decodedLabel(0), base: decodedLabel(1), theirs: decodedLabel(2) };
  const finish = (text: string, conflicts: ConflictInfo[]): MergeResult => ({
    text: encoding === 'latin1' ? new TextDecoder().decode(encodeOutput(text, encoding)) : text,
    ...(anyBytes ? { bytes: encodeOutput(text, encoding) } : {}),
    clean: conflicts.length === 0,
    conflicts,
    binary: false,
  });
  // xdl_merge: with no change on one side, the result is the other side, byte for byte.
  if (oursText === baseText) return finish(theirsText, []);
  if (theirsText === baseText) return finish(oursText, []);

  const lines = { base: splitLines(baseText), ours: splitLines(oursText), theirs: splitLines(theirsText) };
  const classes = new LineClasses();
  const baseClasses = classes.classify(lines.base);
  const regions = findMergeRegions(
    {
      base: baseClasses,
      ours: classes.classifyLike(lines.ours, lines.base, baseClasses),
      theirs: classes.classifyLike(lines.theirs, lines.base, baseClasses),
      oursLines: lines.ours,
    },
    settings.level,
    settings.style,
    settings.diffAlgorithm,
  );
  const rendered = renderMerge({ ...lines, regions, ...settings, labels });
  const conflicts = rendered.conflicts.map(({ region, outputStart, outputCount }) =>
    describeConflict(lines, region, { start: outputStart, count: outputCount }),
  );
  return finish(rendered.text, conflicts);
}

function describeConflict(
  lines: { base: string[]; ours: string[]; theirs: string[] },
  region: MergeRegion,
  output: LineRange,
): ConflictInfo {
  const hunk = (from: string[], start: number, count: number) => contentId(from.slice(start, start + count).join(''));
  return {
    base: { start: region.i0, count: region.chg0 },
    ours: { start: region.i1, count: region.chg1 },
    theirs: { start: region.i2, count: region.chg2 },
    output,
    hashes: {
      base: hunk(lines.base, region.i0, region.chg0),
      ours: hunk(lines.ours, region.i1, region.chg1),
      theirs: hunk(lines.theirs, region.i2, region.chg2),
    },
  };
}

// Binary content is never merged line by line. Only the trivial outcomes are taken
// (one side unchanged, or both the same); anything else is left to a person.
function binaryResult(base: MergeInput, ours: MergeInput, theirs: MergeInput): MergeResult {
  const bytes = (input: MergeInput) => (typeof input === 'string' ? new Uint8Array(Buffer.from(input, 'utf8')) : input);
  const [b, o, t] = [bytes(base), bytes(ours), bytes(theirs)];
  const equal = (x: Uint8Array, y: Uint8Array) => Buffer.from(x).equals(Buffer.from(y));
  const pick = equal(o, b) ? t : equal(t, b) || equal(o, t) ? o : null;
  const result = pick ?? o;
  return {
    text: new TextDecoder().decode(result),
    bytes: result,
    clean: pick !== null,
    conflicts: [],
    binary: true,
  };
}

function validateOptions(options: MergeOptions) {
  const level = options.level ?? 'zealous_alnum';
  if (!LEVELS.includes(level)) {
    throw new UsageError('MERGE_UNKNOWN_LEVEL', `Unknown merge level ${quoteInput(String(level))}.`, {
      hint: `Use one of: ${LEVELS.join(', ')}.`,
    });
  }
  const style = options.style ?? 'merge';
  if (!STYLES.includes(style)) {
    throw new UsageError('MERGE_UNKNOWN_STYLE', `Unknown conflict style ${quoteInput(String(style))}.`, {
      hint: `Use one of: ${STYLES.join(', ')}.`,
    });
  }
  if (options.favor !== undefined && !FAVORS.includes(options.favor)) {
    throw new UsageError('MERGE_UNKNOWN_FAVOR', `Unknown favor ${quoteInput(String(options.favor))}.`, {
      hint: `Use one of: ${FAVORS.join(', ')}, or leave it out to keep conflicts.`,
    });
  }
  const markerSize = options.markerSize ?? 7;
  if (!Number.isInteger(markerSize) || markerSize < 1) {
    throw new UsageError('MERGE_BAD_MARKER_SIZE', `Marker size must be a positive whole number, got ${markerSize}.`, {
      hint: 'Leave it out for git’s 7.',
    });
  }
  const diffAlgorithm = options.diffAlgorithm ?? 'myers';
  if (!DIFF_ALGORITHMS.includes(diffAlgorithm)) {
    throw new UsageError(
      'MERGE_UNKNOWN_DIFF_ALGORITHM',
      `Unknown diff algorithm ${quoteInput(String(diffAlgorithm))}.`,
      { hint: `Use one of: ${DIFF_ALGORITHMS.join(', ')} (git merge-file uses myers, git merge histogram).` },
    );
  }
  const labels = Object.fromEntries(
    LABEL_SIDES.map((side) => [
      side,
      options.labels?.[side] === undefined ? DEFAULT_LABELS[side] : options.labels[side],
    ]),
  ) as Record<(typeof LABEL_SIDES)[number], string | Uint8Array | null>;
  for (const [side, label] of Object.entries(labels)) {
    if (label !== null && typeof label !== 'string' && !(label instanceof Uint8Array)) {
      throw new UsageError('MERGE_BAD_LABEL', `The ${side} label must be a string, bytes or null.`, {
        hint: 'Pass the text to show after the marker, or null for a bare marker.',
      });
    }
  }
  return { level, style, favor: options.favor, markerSize, labels, diffAlgorithm };
}
