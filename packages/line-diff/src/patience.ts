import { countOccurrences } from './classify.js';
import { type ChangeMarks, myersMarks } from './myers.js';

/** A pair of lines unique in both ranges, chained in the order of the longest common sequence. */
interface Anchor {
  line1: number;
  line2: number;
  previous: Anchor | null;
}

// `line2` of a line seen in the old range: not yet seen in the new one, or seen more than
// once on either side (xpatience.c's 0 and NON_UNIQUE).
const UNSEEN = -1;
const NOT_UNIQUE = -2;

/**
 * Patience diff (git's `--patience`, xpatience.c): the lines that occur exactly once in
 * both ranges are aligned by their longest common subsequence; each anchor grows over the
 * equal lines around it, and the gaps between anchors are diffed again the same way, their
 * own unique lines now counting. A gap with common lines but no unique ones falls back to
 * Myers; one with no common line at all is changed on both sides. Like git, no prefix
 * trimming or line discarding is done first.
 */
export function patienceMarks(x: Int32Array, y: Int32Array): ChangeMarks {
  const { localX, localY } = countOccurrences(x, y);
  const changed1 = new Uint8Array(x.length);
  const changed2 = new Uint8Array(y.length);
  // Ranges still to diff, as (start1, count1, start2, count2), 0-based. They are disjoint,
  // so the order they are done in does not change the result.
  const stack: number[] = [0, x.length, 0, y.length];
  while (stack.length > 0) {
    const count2 = stack.pop() as number;
    const start2 = stack.pop() as number;
    const count1 = stack.pop() as number;
    const start1 = stack.pop() as number;
    if (count1 === 0 || count2 === 0) {
      changed1.fill(1, start1, start1 + count1);
      changed2.fill(1, start2, start2 + count2);
      continue;
    }
    const anchors = uniqueCommonSequence(localX, localY, start1, count1, start2, count2);
    if (anchors === null) {
      changed1.fill(1, start1, start1 + count1);
      changed2.fill(1, start2, start2 + count2);
    } else if (anchors.length === 0) {
      const sub = myersMarks(localX.subarray(start1, start1 + count1), localY.subarray(start2, start2 + count2));
      changed1.set(sub.changed1, start1);
      changed2.set(sub.changed2, start2);
    } else {
      pushGaps(localX, localY, anchors, start1, start1 + count1, start2, start2 + count2, stack);
    }
  }
  return { changed1, changed2 };
}

/**
 * The longest sequence of line pairs unique in both ranges, in order on both sides
 * (patience sorting over the old range's order); `[]` when lines are shared but none
 * uniquely, `null` when the ranges have no line in common at all.
 */
function uniqueCommonSequence(
  x: Int32Array,
  y: Int32Array,
  start1: number,
  count1: number,
  start2: number,
  count2: number,
): Anchor[] | null {
  // For each class of the old range, in order of first occurrence: where it is, and where
  // its only match in the new range is.
  const seen = new Map<number, { line1: number; line2: number }>();
  for (let i = start1; i < start1 + count1; i++) {
    const entry = seen.get(x[i] as number);
    if (entry) entry.line2 = NOT_UNIQUE;
    else seen.set(x[i] as number, { line1: i, line2: UNSEEN });
  }
  let hasMatches = false;
  for (let j = start2; j < start2 + count2; j++) {
    const entry = seen.get(y[j] as number);
    if (!entry) continue;
    hasMatches = true;
    entry.line2 = entry.line2 === UNSEEN ? j : NOT_UNIQUE;
  }
  if (!hasMatches) return null;

  // Piles of patience sorting: tops[k] ends the best increasing run of length k + 1.
  const tops: Anchor[] = [];
  for (const { line1, line2 } of seen.values()) {
    if (line2 < 0) continue;
    let below = tops.length - 1;
    if (below >= 0 && line2 < (tops[below] as Anchor).line2) {
      let lo = -1;
      let hi = tops.length;
      while (lo + 1 < hi) {
        const mid = lo + ((hi - lo) >> 1);
        if ((tops[mid] as Anchor).line2 > line2) hi = mid;
        else lo = mid;
      }
      below = lo;
    }
    tops[below + 1] = { line1, line2, previous: below < 0 ? null : (tops[below] as Anchor) };
  }
  const sequence: Anchor[] = [];
  for (let anchor = tops[tops.length - 1] ?? null; anchor; anchor = anchor.previous) sequence.push(anchor);
  return sequence.reverse();
}

// xpatience.c's walk_common_sequence: before each anchor, the equal lines just before it
// and just after the previous one are matched too; what is left between them is a gap to
// diff again. A run of consecutive anchors is one block of equal lines.
function pushGaps(
  x: Int32Array,
  y: Int32Array,
  anchors: readonly Anchor[],
  start1: number,
  end1: number,
  start2: number,
  end2: number,
  stack: number[],
): void {
  let line1 = start1;
  let line2 = start2;
  for (let k = 0; ; k++) {
    const anchor = anchors[k];
    let next1 = end1;
    let next2 = end2;
    if (anchor) {
      next1 = anchor.line1;
      next2 = anchor.line2;
      while (next1 > line1 && next2 > line2 && x[next1 - 1] === y[next2 - 1]) {
        next1--;
        next2--;
      }
    }
    while (line1 < next1 && line2 < next2 && x[line1] === y[line2]) {
      line1++;
      line2++;
    }
    if (next1 > line1 || next2 > line2) stack.push(line1, next1 - line1, line2, next2 - line2);
    if (!anchor) return;
    let last = anchor;
    while (
      anchors[k + 1] &&
      (anchors[k + 1] as Anchor).line1 === last.line1 + 1 &&
      (anchors[k + 1] as Anchor).line2 === last.line2 + 1
    ) {
      k++;
      last = anchors[k] as Anchor;
    }
    line1 = last.line1 + 1;
    line2 = last.line2 + 1;
  }
}
