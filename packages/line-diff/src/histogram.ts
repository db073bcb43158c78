import { countOccurrences } from './classify.js';
import { type ChangeMarks, myersMarks } from './myers.js';

// xhistogram.c's limit: a line occurring more often than this in the old range is never an
// anchor; if every common line is that frequent, the range falls back to Myers.
const MAX_CHAIN_LENGTH = 64;

interface Region {
  begin1: number;
  end1: number;
  begin2: number;
  end2: number;
}

/**
 * Histogram diff (git's `--histogram`, xhistogram.c): anchor on the longest common run
 * whose lines are rarest in the old range, then recurse on both sides of it. Like git, no
 * prefix trimming or line discarding is done first, and line numbers are 1-based inside.
 */
export function histogramMarks(x: Int32Array, y: Int32Array): ChangeMarks {
  const { localX, localY } = countOccurrences(x, y);
  const changed1 = new Uint8Array(x.length);
  const changed2 = new Uint8Array(y.length);
  const stack: number[] = [1, x.length, 1, y.length];
  while (stack.length > 0) {
    let count2 = stack.pop() as number;
    let line2 = stack.pop() as number;
    let count1 = stack.pop() as number;
    let line1 = stack.pop() as number;
    for (;;) {
      if (count1 <= 0 && count2 <= 0) break;
      if (count1 === 0) {
        changed2.fill(1, line2 - 1, line2 - 1 + count2);
        break;
      }
      if (count2 === 0) {
        changed1.fill(1, line1 - 1, line1 - 1 + count1);
        break;
      }
      const lcs: Region = { begin1: 0, end1: 0, begin2: 0, end2: 0 };
      if (findLcs(localX, localY, lcs, line1, count1, line2, count2)) {
        const sub = myersMarks(
          localX.subarray(line1 - 1, line1 - 1 + count1),
          localY.subarray(line2 - 1, line2 - 1 + count2),
        );
        changed1.set(sub.changed1, line1 - 1);
        changed2.set(sub.changed2, line2 - 1);
        break;
      }
      if (lcs.begin1 === 0 && lcs.begin2 === 0) {
        changed1.fill(1, line1 - 1, line1 - 1 + count1);
        changed2.fill(1, line2 - 1, line2 - 1 + count2);
        break;
      }
      // The range before the anchor is done later; the one after it, now (xdiff's tail loop).
      stack.push(line1, lcs.begin1 - line1, line2, lcs.begin2 - line2);
      const end1 = line1 + count1 - 1;
      const end2 = line2 + count2 - 1;
      count1 = end1 - lcs.end1;
      line1 = lcs.end1 + 1;
      count2 = end2 - lcs.end2;
      line2 = lcs.end2 + 1;
    }
  }
  return { changed1, changed2 };
}

/** Returns true when the range must fall back to Myers (find_lcs returning 1). */
function findLcs(
  x: Int32Array,
  y: Int32Array,
  lcs: Region,
  line1: number,
  count1: number,
  line2: number,
  count2: number,
): boolean {
  const lineEnd1 = line1 + count1 - 1;
  const lineEnd2 = line2 + count2 - 1;
  // scanA: for each class in the old range, its first line and how often it occurs;
  // nextPtr chains the occurrences in ascending order (0 ends a chain).
  const first = new Map<number, { ptr: number; cnt: number }>();
  const recordOf: { ptr: number; cnt: number }[] = new Array(count1);
  const nextPtr = new Int32Array(count1);
  for (let ptr = lineEnd1; ptr >= line1; ptr--) {
    const cls = x[ptr - 1] as number;
    let rec = first.get(cls);
    if (rec) {
      nextPtr[ptr - line1] = rec.ptr;
      rec.ptr = ptr;
      rec.cnt++;
    } else {
      rec = { ptr, cnt: 1 };
      first.set(cls, rec);
    }
    recordOf[ptr - line1] = rec;
  }
  const cnt = (ptr: number) => (recordOf[ptr - line1] as { cnt: number }).cnt;
  const same = (a: number, b: number) => x[a - 1] === y[b - 1];

  let indexCnt = MAX_CHAIN_LENGTH + 1;
  let hasCommon = false;
  for (let bPtr = line2; bPtr <= lineEnd2; ) {
    let bNext = bPtr + 1;
    const rec = first.get(y[bPtr - 1] as number);
    if (rec) {
      if (rec.cnt > indexCnt) {
        hasCommon = true;
      } else {
        hasCommon = true;
        let as = rec.ptr;
        for (;;) {
          let np = nextPtr[as - line1] as number;
          let bs = bPtr;
          let ae = as;
          let be = bs;
          let rc = rec.cnt;
          while (line1 < as && line2 < bs && same(as - 1, bs - 1)) {
            as--;
            bs--;
            if (1 < rc) rc = Math.min(rc, cnt(as));
          }
          while (ae < lineEnd1 && be < lineEnd2 && same(ae + 1, be + 1)) {
            ae++;
            be++;
            if (1 < rc) rc = Math.min(rc, cnt(ae));
          }
          if (bNext <= be) bNext = be + 1;
          if (lcs.end1 - lcs.begin1 < ae - as || rc < indexCnt) {
            lcs.begin1 = as;
            lcs.begin2 = bs;
            lcs.end1 = ae;
            lcs.end2 = be;
            indexCnt = rc;
          }
          if (np === 0) break;
          while (np <= ae) {
            np = nextPtr[np - line1] as number;
            if (np === 0) break;
          }
          if (np === 0) break;
          as = np;
        }
      }
    }
    bPtr = bNext;
  }
  return hasCommon && MAX_CHAIN_LENGTH < indexCnt;
}
