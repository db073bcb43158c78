import { bogoSqrt, preparePair } from './prepare.js';

/**
 * Which lines of each side are changed: `changed1[i]` for line i of the old sequence,
 * `changed2[j]` for line j of the new one (xdiff's `rchg` arrays). Unchanged lines pair up
 * in order, so the marks describe the whole alignment.
 */
export interface ChangeMarks {
  changed1: Uint8Array;
  changed2: Uint8Array;
}

// xdiff's cost heuristics (xdiffi.h): above HEUR_MIN_COST edits, a diagonal that has
// reached far along a long snake (SNAKE_CNT common lines) is taken as the split point;
// above MAX_COST (about the square root of the size, at least MAX_COST_MIN) the furthest
// reaching path is taken. This is what keeps large, very different files fast.
const MAX_COST_MIN = 256;
const HEUR_MIN_COST = 256;
const SNAKE_CNT = 20;
const K_HEUR = 4;
const LINE_MAX = 0x7fffffff;

interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

/**
 * xdiff's Myers (`xdl_do_diff`): the prepared, reduced sequences are aligned by a
 * divide-and-conquer search for the middle snake (`xdl_recs_cmp` / `xdl_split`), linear in
 * memory. With `minimal` (git's `--minimal`), no line that could match is discarded and no
 * heuristic cuts the search, so the edit script is a shortest one.
 */
export function myersMarks(x: Int32Array, y: Int32Array, minimal = false): ChangeMarks {
  const prepared = preparePair(x, y, minimal);
  const { ha1, ha2, rindex1, rindex2, changed1, changed2 } = prepared;
  const ndiags = ha1.length + ha2.length + 3;
  const kvd = new Int32Array(2 * ndiags + 2);
  const forward = ha2.length + 1;
  const backward = ndiags + ha2.length + 1;
  const maxCost = Math.max(bogoSqrt(ndiags), MAX_COST_MIN);
  const split: Split = { i1: 0, i2: 0, minLo: false, minHi: false };

  // An explicit stack instead of xdl_recs_cmp's recursion: boxes are independent, and a
  // pathological input must not exhaust the call stack.
  const stack: number[] = [0, ha1.length, 0, ha2.length, minimal ? 1 : 0];
  while (stack.length > 0) {
    const needMin = stack.pop() === 1;
    let lim2 = stack.pop() as number;
    let off2 = stack.pop() as number;
    let lim1 = stack.pop() as number;
    let off1 = stack.pop() as number;
    while (off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) changed2[rindex2[off2] as number] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) changed1[rindex1[off1] as number] = 1;
    } else {
      findSplit(ha1, off1, lim1, ha2, off2, lim2, kvd, forward, backward, needMin, maxCost, split);
      const { i1, i2, minLo, minHi } = split;
      stack.push(i1, lim1, i2, lim2, minHi ? 1 : 0);
      stack.push(off1, i1, off2, i2, minLo ? 1 : 0);
    }
  }
  return { changed1, changed2 };
}

// xdl_split: forward and backward greedy searches meet at the middle snake. `kvd` holds
// both frontiers (forward at `fo + k`, backward at `bo + k`, k = diagonal i1 - i2).
function findSplit(
  ha1: Int32Array,
  off1: number,
  lim1: number,
  ha2: Int32Array,
  off2: number,
  lim2: number,
  kvd: Int32Array,
  fo: number,
  bo: number,
  needMin: boolean,
  maxCost: number,
  out: Split,
): void {
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  kvd[fo + fmid] = off1;
  kvd[bo + bmid] = lim1;

  for (let ec = 1; ; ec++) {
    let gotSnake = false;
    if (fmin > dmin) kvd[fo + --fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) kvd[fo + ++fmax + 1] = -1;
    else --fmax;

    for (let d = fmax; d >= fmin; d -= 2) {
      const at = fo + d;
      const below = kvd[at - 1] as number;
      const above = kvd[at + 1] as number;
      let i1 = below >= above ? below + 1 : above;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]) {
        i1++;
        i2++;
      }
      if (i1 - prev1 > SNAKE_CNT) gotSnake = true;
      kvd[at] = i1;
      if (odd && bmin <= d && d <= bmax && (kvd[bo + d] as number) <= i1) {
        setSplit(out, i1, i2, true, true);
        return;
      }
    }

    if (bmin > dmin) kvd[bo + --bmin - 1] = LINE_MAX;
    else ++bmin;
    if (bmax < dmax) kvd[bo + ++bmax + 1] = LINE_MAX;
    else --bmax;

    for (let d = bmax; d >= bmin; d -= 2) {
      const at = bo + d;
      const below = kvd[at - 1] as number;
      const above = kvd[at + 1] as number;
      let i1 = below < above ? below : above - 1;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]) {
        i1--;
        i2--;
      }
      if (prev1 - i1 > SNAKE_CNT) gotSnake = true;
      kvd[at] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= (kvd[fo + d] as number)) {
        setSplit(out, i1, i2, true, true);
        return;
      }
    }

    if (needMin) continue;

    // The "interesting path" heuristic: a diagonal far from both corners, at the end of a
    // snake of SNAKE_CNT common lines, is a good enough place to cut.
    if (gotSnake && ec > HEUR_MIN_COST) {
      let best = 0;
      for (let d = fmax; d >= fmin; d -= 2) {
        const dd = d > fmid ? d - fmid : fmid - d;
        const i1 = kvd[fo + d] as number;
        const i2 = i1 - d;
        const v = i1 - off1 + (i2 - off2) - dd;
        if (v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
          for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++) {
            if (k === SNAKE_CNT) {
              best = v;
              out.i1 = i1;
              out.i2 = i2;
              break;
            }
          }
        }
      }
      if (best > 0) {
        out.minLo = true;
        out.minHi = false;
        return;
      }
      for (let d = bmax; d >= bmin; d -= 2) {
        const dd = d > bmid ? d - bmid : bmid - d;
        const i1 = kvd[bo + d] as number;
        const i2 = i1 - d;
        const v = lim1 - i1 + (lim2 - i2) - dd;
        if (v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
          for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++) {
            if (k === SNAKE_CNT - 1) {
              best = v;
              out.i1 = i1;
              out.i2 = i2;
              break;
            }
          }
        }
      }
      if (best > 0) {
        out.minLo = false;
        out.minHi = true;
        return;
      }
    }

    // Enough is enough (xdiff's words): take the furthest reaching path of either search.
    if (ec >= maxCost) {
      let fbest = -1;
      let fbest1 = -1;
      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = Math.min(kvd[fo + d] as number, lim1);
        let i2 = i1 - d;
        if (lim2 < i2) {
          i1 = lim2 + d;
          i2 = lim2;
        }
        if (fbest < i1 + i2) {
          fbest = i1 + i2;
          fbest1 = i1;
        }
      }
      let bbest = LINE_MAX;
      let bbest1 = LINE_MAX;
      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = Math.max(off1, kvd[bo + d] as number);
        let i2 = i1 - d;
        if (i2 < off2) {
          i1 = off2 + d;
          i2 = off2;
        }
        if (i1 + i2 < bbest) {
          bbest = i1 + i2;
          bbest1 = i1;
        }
      }
      if (lim1 + lim2 - bbest < fbest - (off1 + off2)) setSplit(out, fbest1, fbest - fbest1, true, false);
      else setSplit(out, bbest1, bbest - bbest1, false, true);
      return;
    }
  }
}

function setSplit(out: Split, i1: number, i2: number, minLo: boolean, minHi: boolean): void {
  out.i1 = i1;
  out.i2 = i2;
  out.minLo = minLo;
  out.minHi = minHi;
}
