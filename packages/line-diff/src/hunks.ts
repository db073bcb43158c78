import type { ChangeMarks } from './myers.js';

/** A replaced region: `oldCount` lines at `oldStart` became `newCount` lines at `newStart` (0-based). */
export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

/**
 * Groups change marks into hunks (xdiff's `xdl_build_script`): a hunk is a maximal run of
 * changed lines on either side between two unchanged lines, which pair up in order.
 */
export function hunksFromMarks({ changed1, changed2 }: ChangeMarks): Hunk[] {
  const hunks: Hunk[] = [];
  const n1 = changed1.length;
  const n2 = changed2.length;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    if ((i < n1 && changed1[i]) || (j < n2 && changed2[j])) {
      const oldStart = i;
      const newStart = j;
      while (i < n1 && changed1[i]) i++;
      while (j < n2 && changed2[j]) j++;
      hunks.push({ oldStart, oldCount: i - oldStart, newStart, newCount: j - newStart });
    } else {
      i++;
      j++;
    }
  }
  return hunks;
}
