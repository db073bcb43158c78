import { LineageError } from '@lineage/errors';
import type { MergeRegion, MergeStyle } from './regions.js';

export interface ConflictLabels {
  /** Shown after `<<<<<<<`; `null` for a bare marker. */
  ours: string | null;
  /** Shown after `|||||||` (diff3 and zdiff3 styles). */
  base: string | null;
  /** Shown after `>>>>>>>`. */
  theirs: string | null;
}

export interface RenderInput {
  base: readonly string[];
  ours: readonly string[];
  theirs: readonly string[];
  regions: readonly MergeRegion[];
  style: MergeStyle;
  labels: ConflictLabels;
  markerSize: number;
  favor: 'ours' | 'theirs' | 'union' | undefined;
}

/** Where a conflict block (first marker line to last, inclusive) sits in the output. */
export interface RenderedConflict {
  region: MergeRegion;
  outputStart: number;
  outputCount: number;
}

const FAVOR_MODE = { ours: 'ours', theirs: 'theirs', union: 'union' } as const;

// The longest string V8 holds (2^29 - 24 UTF-16 units): a merged text longer than that
// cannot be returned. Huge marker sizes get there first; git fails on them too, once its
// int-sized output buffer overflows.
const MAX_TEXT_LENGTH = 2 ** 29 - 24;

/**
 * Writes the merged text as xmerge.c's `xdl_fill_merge_buffer` does: unchanged text and
 * one-sided changes copied as they are, conflicts between markers whose line ending follows
 * the surrounding lines (`is_cr_needed`), and a newline added to a side's last line inside
 * a conflict when it has none, so the marker after it starts a line.
 */
export function renderMerge(input: RenderInput): { text: string; conflicts: RenderedConflict[] } {
  const { ours, theirs, base } = input;
  const out: string[] = [];
  let lines = 0;
  let length = 0;
  const conflicts: RenderedConflict[] = [];
  const push = (piece: string) => {
    length += piece.length;
    if (length > MAX_TEXT_LENGTH) throw tooLarge(length, input.markerSize);
    out.push(piece);
  };
  const copy = (from: readonly string[], start: number, count: number, needsCr: boolean, addNewline: boolean) => {
    if (count < 1) return;
    for (let k = start; k < start + count; k++) push(from[k] as string);
    lines += count;
    if (addNewline && !(from[start + count - 1] as string).endsWith('\n')) push(needsCr ? '\r\n' : '\n');
  };
  // Each marker's run of characters is built once: with a large marker size, repeating it
  // per conflict would cost memory and time for nothing.
  const runs = new Map<string, string>();
  const marker = (char: string, label: string | null, needsCr: boolean) => {
    if (length + input.markerSize > MAX_TEXT_LENGTH) throw tooLarge(length + input.markerSize, input.markerSize);
    let run = runs.get(char);
    if (run === undefined) {
      run = char.repeat(input.markerSize);
      runs.set(char, run);
    }
    push(`${run}${label === null ? '' : ` ${label}`}${needsCr ? '\r\n' : '\n'}`);
    lines++;
  };

  let i = 0;
  for (const region of input.regions) {
    const mode = region.mode === 'conflict' && input.favor ? FAVOR_MODE[input.favor] : region.mode;
    if (mode === 'identical') continue;
    copy(ours, i, region.i1 - i, false, false);
    if (mode === 'conflict') {
      const needsCr = isCrNeeded(base, ours, theirs, region);
      const outputStart = lines;
      marker('<', input.labels.ours, needsCr);
      copy(ours, region.i1, region.chg1, needsCr, true);
      if (input.style !== 'merge') {
        marker('|', input.labels.base, needsCr);
        copy(base, region.i0, region.chg0, needsCr, true);
      }
      marker('=', null, needsCr);
      copy(theirs, region.i2, region.chg2, needsCr, true);
      marker('>', input.labels.theirs, needsCr);
      conflicts.push({ region, outputStart, outputCount: lines - outputStart });
    } else {
      if (mode === 'ours' || mode === 'union') {
        copy(ours, region.i1, region.chg1, isCrNeeded(base, ours, theirs, region), mode === 'union');
      }
      if (mode === 'theirs' || mode === 'union') copy(theirs, region.i2, region.chg2, false, false);
    }
    i = region.i1 + region.chg1;
  }
  copy(ours, i, ours.length - i, false, false);
  return { text: out.join(''), conflicts };
}

// is_eol_crlf: 1 if line i ends in CRLF (for a last line without newline, the line before
// decides), 0 if in LF, -1 when it cannot be told.
function eolIsCrlf(lines: readonly string[], i: number): -1 | 0 | 1 {
  const n = lines.length;
  if (i < n - 1) return (lines[i] as string).endsWith('\r\n') ? 1 : 0;
  if (n === 0) return -1;
  const last = lines[i] as string;
  if (last.endsWith('\n')) return last.endsWith('\r\n') ? 1 : 0;
  if (i === 0) return -1;
  return (lines[i - 1] as string).endsWith('\r\n') ? 1 : 0;
}

// is_cr_needed: markers use CRLF when the lines before the region on both sides do (or
// their first lines, at the top of the file), and the base's first line does too.
function isCrNeeded(
  base: readonly string[],
  ours: readonly string[],
  theirs: readonly string[],
  region: MergeRegion,
): boolean {
  let needsCr = eolIsCrlf(ours, region.i1 ? region.i1 - 1 : 0);
  if (needsCr) needsCr = eolIsCrlf(theirs, region.i2 ? region.i2 - 1 : 0);
  if (needsCr) needsCr = eolIsCrlf(base, 0);
  return needsCr === 1;
}

function tooLarge(length: number, markerSize: number): LineageError {
  return new LineageError(
    'MERGE_OUTPUT_TOO_LARGE',
    `The merged text would be over ${MAX_TEXT_LENGTH} characters (at least ${length}, conflict markers of ${markerSize}).`,
    { hint: 'Use a smaller marker size, or resolve the conflicts with favor (ours, theirs, union).' },
  );
}
