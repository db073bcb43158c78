import { type DiffAlgorithm, diffClasses, type Hunk } from '@lineage/line-diff';

/**
 * xdiff's merge levels, from least to most effort spent shrinking conflicts
 * (XDL_MERGE_MINIMAL … XDL_MERGE_ZEALOUS_ALNUM).
 */
export type MergeLevel = 'minimal' | 'eager' | 'zealous' | 'zealous_alnum';
export type MergeStyle = 'merge' | 'diff3' | 'zdiff3';

export const LEVEL_RANK: Record<MergeLevel, number> = { minimal: 0, eager: 1, zealous: 2, zealous_alnum: 3 };

/**
 * How a region of the output is produced (xmerge.c's `xdmerge_t.mode`): a conflict, our
 * side, their side, both (union), or `identical` — both sides made the same change, found
 * while refining a conflict; the output then copies our lines as unchanged text.
 */
export type RegionMode = 'conflict' | 'ours' | 'theirs' | 'union' | 'identical';

/**
 * A changed region. `i0/chg0` are the base lines it replaces, `i1/chg1` our lines and
 * `i2/chg2` theirs. Outside regions the three texts agree, so text between two regions is
 * copied from our side.
 */
export interface MergeRegion {
  mode: RegionMode;
  i0: number;
  chg0: number;
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

/** Line classes of the three texts, numbered together so they can be compared across texts. */
export interface ClassifiedTexts {
  base: Int32Array;
  ours: Int32Array;
  theirs: Int32Array;
  /** Our lines, for the "contains a letter or digit" test of ZEALOUS_ALNUM. */
  oursLines: readonly string[];
}

/**
 * The regions of a three-way merge, as xmerge.c's `xdl_do_merge` finds them: walk the two
 * edit scripts (base→ours, base→theirs) together; a change that touches or overlaps a
 * change of the other side joins it in one region, which conflicts unless (from EAGER on)
 * both made the same change. ZEALOUS then diffs each conflict's two sides to shrink it to
 * the lines that really differ, and ZEALOUS_ALNUM joins conflicts separated only by lines
 * without letters or digits. `zdiff3` only trims lines common to both sides at the ends.
 */
export function findMergeRegions(
  texts: ClassifiedTexts,
  level: MergeLevel,
  style: MergeStyle,
  algorithm: DiffAlgorithm = 'myers',
): MergeRegion[] {
  let rank = LEVEL_RANK[level];
  // "diff3 -m" output does not make sense for anything more aggressive than EAGER (xmerge.c).
  if (style !== 'merge' && rank > LEVEL_RANK.eager) rank = LEVEL_RANK.eager;
  const ours = diffClasses(texts.base, texts.ours, { algorithm });
  const theirs = diffClasses(texts.base, texts.theirs, { algorithm });
  let regions = walkScripts(texts, ours, theirs, rank);
  if (rank >= LEVEL_RANK.zealous) {
    regions = refineConflicts(texts, regions, algorithm);
    regions = joinCloseConflicts(texts.oursLines, regions, rank > LEVEL_RANK.zealous);
  }
  if (style === 'zdiff3') trimCommonEnds(texts, regions);
  return regions;
}

// xdl_append_merge: a change starting at or before the end of the previous region (on
// either side) extends it; mixing sides makes it a conflict. Touching changes therefore
// conflict: git merges edits one line apart, not adjacent ones.
function append(regions: MergeRegion[], next: MergeRegion): void {
  const last = regions[regions.length - 1];
  if (last && (next.i1 <= last.i1 + last.chg1 || next.i2 <= last.i2 + last.chg2)) {
    if (next.mode !== last.mode) last.mode = 'conflict';
    last.chg0 = next.i0 + next.chg0 - last.i0;
    last.chg1 = next.i1 + next.chg1 - last.i1;
    last.chg2 = next.i2 + next.chg2 - last.i2;
  } else {
    regions.push(next);
  }
}

function sameLines(a: Int32Array, aStart: number, b: Int32Array, bStart: number, count: number): boolean {
  for (let k = 0; k < count; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}

function walkScripts(texts: ClassifiedTexts, xs1: Hunk[], xs2: Hunk[], rank: number): MergeRegion[] {
  const regions: MergeRegion[] = [];
  // Offsets that map a base line to the other side's line outside any change.
  const nBase = texts.base.length;
  let p = 0;
  let q = 0;
  while (p < xs1.length && q < xs2.length) {
    const c1 = xs1[p] as Hunk;
    const c2 = xs2[q] as Hunk;
    if (c1.oldStart + c1.oldCount < c2.oldStart) {
      append(regions, changedByOurs(c1, c2.newStart - c2.oldStart));
      p++;
      continue;
    }
    if (c2.oldStart + c2.oldCount < c1.oldStart) {
      append(regions, changedByTheirs(c2, c1.newStart - c1.oldStart));
      q++;
      continue;
    }
    if (
      rank === LEVEL_RANK.minimal ||
      c1.oldStart !== c2.oldStart ||
      c1.oldCount !== c2.oldCount ||
      c1.newCount !== c2.newCount ||
      !sameLines(texts.ours, c1.newStart, texts.theirs, c2.newStart, c1.newCount)
    ) {
      const off = c1.oldStart - c2.oldStart;
      const ffo = off + c1.oldCount - c2.oldCount;
      let i0 = c1.oldStart;
      let i1 = c1.newStart;
      let i2 = c2.newStart;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else {
        i2 += off;
      }
      let chg0 = c1.oldStart + c1.oldCount - i0;
      let chg1 = c1.newStart + c1.newCount - i1;
      let chg2 = c2.newStart + c2.newCount - i2;
      if (ffo < 0) {
        chg0 -= ffo;
        chg1 -= ffo;
      } else {
        chg2 += ffo;
      }
      append(regions, { mode: 'conflict', i0, chg0, i1, chg1, i2, chg2 });
    }
    const end1 = c1.oldStart + c1.oldCount;
    const end2 = c2.oldStart + c2.oldCount;
    if (end1 >= end2) q++;
    if (end2 >= end1) p++;
  }
  for (; p < xs1.length; p++) append(regions, changedByOurs(xs1[p] as Hunk, texts.theirs.length - nBase));
  for (; q < xs2.length; q++) append(regions, changedByTheirs(xs2[q] as Hunk, texts.ours.length - nBase));
  return regions;
}

// A hunk only one side changed. `shift` maps a base line to the other side's line at that
// point: the net growth of the other side's hunks before it (or of the whole file, after its last).
function changedByOurs(c: Hunk, shift: number): MergeRegion {
  return {
    mode: 'ours',
    i0: c.oldStart,
    chg0: c.oldCount,
    i1: c.newStart,
    chg1: c.newCount,
    i2: c.oldStart + shift,
    chg2: c.oldCount,
  };
}

function changedByTheirs(c: Hunk, shift: number): MergeRegion {
  return {
    mode: 'theirs',
    i0: c.oldStart,
    chg0: c.oldCount,
    i1: c.oldStart + shift,
    chg1: c.oldCount,
    i2: c.newStart,
    chg2: c.newCount,
  };
}

// xdl_refine_conflicts: diff the two sides of each conflict; equal stretches between the
// sub-hunks are no longer in conflict, and a conflict whose sides turn out equal is a
// change both made. Sub-conflicts keep the base range of the conflict they came from.
function refineConflicts(texts: ClassifiedTexts, regions: MergeRegion[], algorithm: DiffAlgorithm): MergeRegion[] {
  const out: MergeRegion[] = [];
  for (const m of regions) {
    if (m.mode !== 'conflict' || m.chg1 === 0 || m.chg2 === 0) {
      out.push(m);
      continue;
    }
    const sub = diffClasses(texts.ours.subarray(m.i1, m.i1 + m.chg1), texts.theirs.subarray(m.i2, m.i2 + m.chg2), {
      algorithm,
    });
    if (sub.length === 0) {
      out.push({ ...m, mode: 'identical' });
      continue;
    }
    for (const h of sub) {
      out.push({
        mode: 'conflict',
        i0: m.i0,
        chg0: m.chg0,
        i1: m.i1 + h.oldStart,
        chg1: h.oldCount,
        i2: m.i2 + h.newStart,
        chg2: h.newCount,
      });
    }
  }
  return out;
}

// xdl_simplify_non_conflicts: conflicts separated by at most 3 lines are joined (the
// result is no longer than two conflicts), and with ZEALOUS_ALNUM also conflicts separated
// by any number of lines none of which contains a letter or digit.
function joinCloseConflicts(oursLines: readonly string[], regions: MergeRegion[], alnum: boolean): MergeRegion[] {
  const out: MergeRegion[] = [];
  for (const next of regions) {
    const m = out[out.length - 1];
    if (m && m.mode === 'conflict' && next.mode === 'conflict') {
      const begin = m.i1 + m.chg1;
      const end = next.i1;
      if (end - begin <= 3 || (alnum && !linesContainAlnum(oursLines, begin, end))) {
        m.chg1 = next.i1 + next.chg1 - m.i1;
        m.chg2 = next.i2 + next.chg2 - m.i2;
        const baseEnd = Math.max(m.i0 + m.chg0, next.i0 + next.chg0);
        m.chg0 = baseEnd - m.i0;
        continue;
      }
    }
    out.push(next);
  }
  return out;
}

// git's isalnum is ASCII-only (its own ctype table), whatever the locale.
const ALNUM = /[0-9A-Za-z]/;
function linesContainAlnum(lines: readonly string[], begin: number, end: number): boolean {
  for (let i = begin; i < end; i++) if (ALNUM.test(lines[i] as string)) return true;
  return false;
}

// xdl_refine_zdiff3_conflicts: only lines equal on both sides at the start and end of a
// conflict leave it, so the base shown between them still matches what is in conflict.
function trimCommonEnds(texts: ClassifiedTexts, regions: MergeRegion[]): void {
  for (const m of regions) {
    if (m.mode !== 'conflict') continue;
    while (m.chg1 && m.chg2 && texts.ours[m.i1] === texts.theirs[m.i2]) {
      m.chg1--;
      m.chg2--;
      m.i1++;
      m.i2++;
    }
    while (m.chg1 && m.chg2 && texts.ours[m.i1 + m.chg1 - 1] === texts.theirs[m.i2 + m.chg2 - 1]) {
      m.chg1--;
      m.chg2--;
    }
  }
}
