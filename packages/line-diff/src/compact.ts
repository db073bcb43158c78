import { bestGroupEnd } from './indent-heuristic.js';

/**
 * xdiff's `xdl_change_compact`: a group of changed lines can often slide up or down over
 * equal lines without changing the diff's meaning ("a\nb\n" inserted before or after an
 * identical "a\nb\n"). Git slides every group as far down as possible, merging groups it
 * bumps into, then back up to line up with a change on the other side if one was passed.
 * Doing the same puts our hunks exactly where git puts them.
 *
 * `changed` are the marks of the side being compacted, `lines` its classes; `otherChanged`
 * the marks of the other side, whose groups are walked in step (`go` in xdiff).
 */
export function compactChanges(
  lines: Int32Array,
  changed: Uint8Array,
  otherChanged: Uint8Array,
  indentHeuristicText?: readonly string[],
): void {
  const n = lines.length;
  const no = otherChanged.length;
  const g = new Group(changed, n);
  const go = new Group(otherChanged, no);
  g.init();
  go.init();

  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp(g, lines)) {
          if (!go.previous()) throw new Error('line-diff: group sync broken sliding up');
        }
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown(g, lines)) {
          if (!go.next()) throw new Error('line-diff: group sync broken sliding down');
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);

      // The group now sits as low as it can. If it passed a change on the other side,
      // move it back up to the last one it can align with; otherwise, with the indent
      // heuristic (git diff's default, not git merge-file's), to the best-looking place.
      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          if (!slideUp(g, lines)) throw new Error('line-diff: match disappeared');
          if (!go.previous()) throw new Error('line-diff: group sync broken sliding to match');
        }
      } else if (g.end !== earliestEnd && indentHeuristicText) {
        const target = bestGroupEnd(indentHeuristicText, g.end - g.start, earliestEnd, g.end);
        while (g.end > target) {
          if (!slideUp(g, lines)) throw new Error('line-diff: best shift unreached');
          if (!go.previous()) throw new Error('line-diff: group sync broken sliding to blank line');
        }
      }
    }
    if (!g.next()) break;
    if (!go.next()) throw new Error('line-diff: group sync broken moving to next group');
  }
}

/** A run of changed lines [start, end), possibly empty (xdiff's `struct xdlgroup`). */
class Group {
  start = 0;
  end = 0;
  constructor(
    readonly changed: Uint8Array,
    readonly n: number,
  ) {}

  init(): void {
    this.start = 0;
    this.end = 0;
    while (this.end < this.n && this.changed[this.end]) this.end++;
  }

  next(): boolean {
    if (this.end === this.n) return false;
    this.start = this.end + 1;
    this.end = this.start;
    while (this.end < this.n && this.changed[this.end]) this.end++;
    return true;
  }

  previous(): boolean {
    if (this.start === 0) return false;
    this.end = this.start - 1;
    this.start = this.end;
    while (this.start > 0 && this.changed[this.start - 1]) this.start--;
    return true;
  }
}

function slideDown(g: Group, lines: Int32Array): boolean {
  if (g.end < g.n && lines[g.start] === lines[g.end]) {
    g.changed[g.start++] = 0;
    g.changed[g.end++] = 1;
    while (g.end < g.n && g.changed[g.end]) g.end++;
    return true;
  }
  return false;
}

function slideUp(g: Group, lines: Int32Array): boolean {
  if (g.start > 0 && lines[g.start - 1] === lines[g.end - 1]) {
    g.changed[--g.start] = 1;
    g.changed[--g.end] = 0;
    while (g.start > 0 && g.changed[g.start - 1]) g.start--;
    return true;
  }
  return false;
}
