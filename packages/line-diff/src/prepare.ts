import { countOccurrences } from './classify.js';

/**
 * The reduced problem xdiff hands to Myers (`xdl_prepare_env` → `xdl_optimize_ctxs`):
 * the common prefix and suffix are cut off (`xdl_trim_ends`), lines that cannot match are
 * marked changed at once, and so are lines with very many matches that sit inside runs of
 * unmatched lines (`xdl_cleanup_records`). What remains, `ha1`/`ha2` with their positions
 * `rindex1`/`rindex2` in the full sequences, is what the search has to align.
 */
export interface PreparedPair {
  changed1: Uint8Array;
  changed2: Uint8Array;
  ha1: Int32Array;
  ha2: Int32Array;
  rindex1: Int32Array;
  rindex2: Int32Array;
}

// xdiff's XDL_MAX_EQLIMIT, XDL_SIMSCAN_WINDOW and XDL_KPDIS_RUN.
const MAX_EQ_LIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const KPDIS_RUN = 4;

/** xdiff's `xdl_bogosqrt`: a power of two near the square root, by shifts. */
export function bogoSqrt(n: number): number {
  let i = 1;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 4)) i *= 2;
  return i;
}

/**
 * With `minimal` (git's `--minimal` since 2.50), lines with many matches are never discarded:
 * only lines that cannot match at all, which every alignment marks changed anyway, so the
 * search still finds a shortest edit script.
 */
export function preparePair(x: Int32Array, y: Int32Array, minimal: boolean): PreparedPair {
  const n1 = x.length;
  const n2 = y.length;
  const changed1 = new Uint8Array(n1);
  const changed2 = new Uint8Array(n2);
  const { inX, inY, localX, localY } = countOccurrences(x, y);

  let start = 0;
  const lim = Math.min(n1, n2);
  while (start < lim && localX[start] === localY[start]) start++;
  let tail = 0;
  while (tail < lim - start && localX[n1 - 1 - tail] === localY[n2 - 1 - tail]) tail++;
  const end1 = n1 - tail - 1;
  const end2 = n2 - tail - 1;

  const kept1 = discardUnmatched(localX, inY, start, end1, changed1, minimal);
  const kept2 = discardUnmatched(localY, inX, start, end2, changed2, minimal);
  return { changed1, changed2, ha1: kept1.ha, rindex1: kept1.rindex, ha2: kept2.ha, rindex2: kept2.rindex };
}

// xdl_cleanup_records for one side: 0 = no match on the other side (always discarded),
// 1 = some matches (kept), 2 = at least ~sqrt(n) matches (discarded when it sits in a run
// dominated by unmatched lines, which keeps the search away from repetitive noise such as
// blank lines and braces).
function discardUnmatched(
  seq: Int32Array,
  otherCounts: Int32Array,
  start: number,
  end: number,
  changed: Uint8Array,
  minimal: boolean,
): { ha: Int32Array; rindex: Int32Array } {
  const mlim = minimal ? Number.POSITIVE_INFINITY : Math.min(bogoSqrt(seq.length), MAX_EQ_LIMIT);
  const dis = new Uint8Array(seq.length + 1);
  for (let i = start; i <= end; i++) {
    const nm = otherCounts[seq[i] as number] as number;
    dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
  }
  const ha = new Int32Array(Math.max(0, end - start + 1));
  const rindex = new Int32Array(ha.length);
  let kept = 0;
  for (let i = start; i <= end; i++) {
    if (dis[i] === 1 || (dis[i] === 2 && !isMultimatchInNoise(dis, i, start, end))) {
      rindex[kept] = i;
      ha[kept] = seq[i] as number;
      kept++;
    } else {
      changed[i] = 1;
    }
  }
  return { ha: ha.subarray(0, kept), rindex: rindex.subarray(0, kept) };
}

// xdl_clean_mmatch: a many-matches line is dropped only when the runs on both sides of it
// (up to SIMSCAN_WINDOW lines, stopping at a line with few matches) contain unmatched lines
// and those outnumber the many-matches lines KPDIS_RUN to one.
function isMultimatchInNoise(dis: Uint8Array, i: number, s: number, e: number): boolean {
  const lo = i - s > SIMSCAN_WINDOW ? i - SIMSCAN_WINDOW : s;
  const hi = e - i > SIMSCAN_WINDOW ? i + SIMSCAN_WINDOW : e;
  let unmatchedBefore = 0;
  let multiBefore = 1;
  for (let r = 1; i - r >= lo; r++) {
    const d = dis[i - r];
    if (d === 0) unmatchedBefore++;
    else if (d === 2) multiBefore++;
    else break;
  }
  if (unmatchedBefore === 0) return false;
  let unmatchedAfter = 0;
  let multiAfter = 1;
  for (let r = 1; i + r <= hi; r++) {
    const d = dis[i + r];
    if (d === 0) unmatchedAfter++;
    else if (d === 2) multiAfter++;
    else break;
  }
  if (unmatchedAfter === 0) return false;
  const unmatched = unmatchedBefore + unmatchedAfter;
  const multi = multiBefore + multiAfter;
  return multi * KPDIS_RUN < multi + unmatched;
}
