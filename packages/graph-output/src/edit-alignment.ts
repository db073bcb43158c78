import { diffLines, splitLines } from '@lineage/line-diff';
import { itemText, latin1 } from './output-bytes.js';
import type { FileOutput, Linearization, LineItem, MarkerItem, OutputItem } from './output-items.js';
import { itemAt, itemCount } from './plain-lines.js';

/**
 * A file as the channel outputs it: its items, their bytes, and its conflicts. Items are read by
 * index (`itemAt`): outside the region an edit touches, a large file's lines are never made.
 */
export interface FileSnapshot {
  inode: number;
  path: string;
  shown: Linearization & { output: FileOutput };
}

/** `newMatch` of a marker line that belonged to a conflict the user took apart: neither kept nor content. */
export const DISCARDED = -2;

/**
 * How new content lines up with a file's output. Outside `[from, to)` every item is kept as it
 * is. Inside, `oldMatch[i - from]` is the new line an item is kept as (-1: deleted) and
 * `newMatch[j]` the item a new line keeps (-1: a line to insert; DISCARDED: a marker left over
 * from a conflict whose other markers were removed).
 */
export interface Alignment {
  from: number;
  to: number;
  newLines: string[];
  oldMatch: Int32Array;
  newMatch: Int32Array;
  /** Marker groups whose markers were removed: those conflicts are resolved by the lines left. */
  dropped: Set<number>;
  /** Marker positions of every group (item indices), when the file has markers. */
  groups: Map<number, number[]>;
}

/**
 * The markers the repository writes, whatever the names in them: a marker line whose name went
 * stale is still the marker, never content. A `=======` line alone (Markdown) is not one.
 */
const MARKER_LINE =
  /^(?:<{7} (zombie )?[A-Z2-7]{10}(?: \(cycle\))?|={7} (?:[A-Z2-7]{10}|\(empty\))|>{7} end of (conflict|zombie))\r?\n$/;

/** A marker-shaped line's diff key (its role), or null. NUL never occurs in a text line. */
function markerKey(text: string): string | null {
  const match = MARKER_LINE.exec(text);
  if (!match) return null;
  const role = text[0] === '<' ? 'open' : text[0] === '=' ? 'separator' : 'close';
  return `\0${role}${match[1] || match[2] === 'zombie' ? ' zombie' : ''}`;
}

const keyOf = (item: OutputItem): string =>
  item.kind === 'marker' ? (markerKey(item.text) as string) : itemText(item);

/** Marker positions per group, in order (empty for a file without markers). */
export function markerGroups(items: OutputItem[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  items.forEach((item, i) => {
    if (item.kind !== 'marker') return;
    const positions = groups.get(item.group) ?? [];
    positions.push(i);
    groups.set(item.group, positions);
  });
  return groups;
}

/**
 * Lines up `content` with the file's output: a line diff over the region that changed, where
 * markers match marker-shaped lines of the same role. Then the structure is made consistent:
 * a conflict with any marker removed loses all of them (it is resolved by the lines left, and
 * a marker left over never becomes content); a line the output ended without a newline (shown
 * with one before a marker) stays itself only while that marker follows it.
 */
export function alignContent(file: FileSnapshot, content: Uint8Array, binary: boolean): Alignment {
  const { shown } = file;
  // Only a file with conflicts has markers: its items are an array already.
  const groups = shown.conflicts.length > 0 ? markerGroups(shown.items) : new Map<number, number[]>();
  const region = binary ? { from: 0, to: itemCount(shown) } : changedRegion(shown, content, groups);
  const { from, to } = region;
  const { offsets, bytes: old } = shown.output;
  const middle = content.subarray(offsets[from] as number, content.length - (old.length - (offsets[to] as number)));
  const text = latin1(middle);
  const newLines = middle.length === 0 ? [] : binary ? [text] : splitLines(text);
  const oldCount = to - from;
  const oldMatch = new Int32Array(oldCount).fill(-1);
  const newMatch = new Int32Array(newLines.length).fill(-1);
  // Myers is O((N+M)·D): against an empty side that is quadratic for nothing, so skip it (a new
  // file's lines need no keys then). Around markers, a shortest edit (xdiff's heuristics give up
  // matches of lines that repeat, as the lines of two sides often do, and a marker matched to
  // nothing takes a conflict apart).
  const hunks =
    oldCount === 0 || newLines.length === 0
      ? [{ oldStart: 0, oldCount, newStart: 0, newCount: newLines.length }]
      : diffLines(
          Array.from({ length: oldCount }, (_, k) => keyOf(itemAt(shown, from + k) as OutputItem)),
          binary ? newLines : newLines.map((line) => markerKey(line) ?? line),
          { algorithm: groups.size > 0 ? 'minimal' : 'myers' },
        );
  let i = 0;
  let j = 0;
  for (const hunk of [...hunks, { oldStart: oldCount, oldCount: 0, newStart: newLines.length, newCount: 0 }]) {
    for (; i < hunk.oldStart; i++, j++) {
      oldMatch[i] = j;
      newMatch[j] = from + i;
    }
    i += hunk.oldCount;
    j += hunk.newCount;
  }
  const alignment: Alignment = { from, to, newLines, oldMatch, newMatch, dropped: new Set(), groups };
  if (groups.size > 0) {
    completeGroups(alignment, shown.items);
    dropTakenApartGroups(alignment, shown.items);
  }
  settleMissingNewlines(alignment, shown, content);
  return alignment;
}

const unmatch = (a: Alignment, item: number, as = -1) => {
  const line = a.oldMatch[item - a.from] as number;
  if (line >= 0) a.newMatch[line] = as;
  a.oldMatch[item - a.from] = -1;
};

/**
 * Markers of one role look alike: where two conflicts nest, the diff may match a kept closing
 * marker to the inner conflict's when the person removed that one's other markers. A match moves
 * to the neighbouring marker of the same role (nothing matched between them, so the order holds)
 * when that completes a conflict whose other markers are all kept.
 */
function completeGroups(a: Alignment, items: OutputItem[]): void {
  const isKept = (p: number) => (a.oldMatch[p - a.from] as number) >= 0;
  const groupOf = (p: number) => (items[p] as MarkerItem).group;
  for (let moved = true; moved; ) {
    moved = false;
    for (const positions of a.groups.values()) {
      const missing = positions.filter((p) => p >= a.from && p < a.to && !isKept(p));
      if (missing.length !== 1) continue;
      const target = missing[0] as number;
      const key = keyOf(items[target] as OutputItem);
      for (const step of [-1, 1]) {
        let p = target + step;
        while (p >= a.from && p < a.to && !isKept(p)) p += step;
        const candidate = items[p];
        if (p < a.from || p >= a.to || candidate?.kind !== 'marker' || keyOf(candidate) !== key) continue;
        if (groupOf(p) === groupOf(target)) continue;
        const line = a.oldMatch[p - a.from] as number;
        a.oldMatch[p - a.from] = -1;
        a.oldMatch[target - a.from] = line;
        a.newMatch[line] = target;
        moved = true;
        break;
      }
    }
  }
}

/**
 * A conflict whose markers are not all kept is resolved: its markers go, and a marker line
 * the user left is discarded. A cyclic conflict's lines are written anew too: edges alone
 * cannot undo a cycle, new vertices in the order written can.
 */
function dropTakenApartGroups(a: Alignment, items: OutputItem[]): void {
  for (const [group, positions] of a.groups) {
    const first = positions[0] as number;
    if (first < a.from || first >= a.to) continue;
    if (positions.every((p) => (a.oldMatch[p - a.from] as number) >= 0)) continue;
    a.dropped.add(group);
    for (const p of positions) unmatch(a, p, DISCARDED);
    if ((items[first] as MarkerItem).conflictKind === 'cyclic') {
      for (let p = first; p <= (positions[positions.length - 1] as number); p++) {
        if (items[p]?.kind === 'line') unmatch(a, p);
      }
    }
  }
}

/**
 * A line without a final newline is shown with one before a marker. Kept before a kept marker,
 * it is itself; anywhere else the newline the user sees is content, so the line is written
 * anew. And the file's last line, written without a newline, keeps the line it came from.
 */
function settleMissingNewlines(a: Alignment, shown: Linearization, content: Uint8Array): void {
  const isKeptMarker = (j: number): boolean => {
    while (j < a.newMatch.length && a.newMatch[j] === DISCARDED) j++;
    if (j < a.newMatch.length)
      return (a.newMatch[j] as number) >= 0 && itemAt(shown, a.newMatch[j] as number)?.kind === 'marker';
    return itemAt(shown, a.to)?.kind === 'marker';
  };
  for (let item = a.from; item < a.to; item++) {
    const line = itemAt(shown, item) as OutputItem;
    const j = a.oldMatch[item - a.from] as number;
    if (line.kind === 'line' && line.displayNewline && j >= 0 && !isKeptMarker(j + 1)) unmatch(a, item);
  }
  const last = a.newLines.length - 1;
  if (a.to !== itemCount(shown) || last < 0 || a.newMatch[last] !== -1 || content[content.length - 1] === 0x0a) return;
  for (let item = a.to - 1; item >= a.from; item--) {
    if ((a.oldMatch[item - a.from] as number) >= 0) return;
    const line = itemAt(shown, item) as OutputItem;
    if (line.kind === 'line' && line.displayNewline && latin1(line.bytes) === a.newLines[last]) {
      a.oldMatch[item - a.from] = last;
      a.newMatch[last] = item;
      return;
    }
  }
}

/**
 * Blocks the common prefix and suffix are compared by (memcmp), largest first: a large file's
 * edit is found in a few hundred comparisons of 64 KiB, then narrowed to the byte.
 */
const BLOCKS = [65536, 2048, 64];

/** Buffer's ranged compare takes any Uint8Array as its target and makes no view of either side. */
const compareRanges = Buffer.prototype.compare as (
  this: Uint8Array,
  target: Uint8Array,
  targetStart: number,
  targetEnd: number,
  sourceStart: number,
  sourceEnd: number,
) => number;

/** Length of the common prefix of two byte arrays. */
function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (const block of BLOCKS) {
    while (i + block <= n && compareRanges.call(a, b, i, i + block, i, i + block) === 0) i += block;
  }
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Length of the common suffix, at most `limit`. */
function commonSuffix(a: Uint8Array, b: Uint8Array, limit: number): number {
  let i = 0;
  for (const block of BLOCKS) {
    while (
      i + block <= limit &&
      compareRanges.call(a, b, b.length - i - block, b.length - i, a.length - i - block, a.length - i) === 0
    ) {
      i += block;
    }
  }
  while (i < limit && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** The first item whose start is at least `offset`. */
function firstItemFrom(offsets: Int32Array, count: number, offset: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((offsets[middle] as number) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The items `[from, to)` the new content can differ in: everything before and after is
 * byte-identical and ends or starts on a line boundary, so the line diff only sees the edited
 * region — record costs the size of the edit, plus a memcmp. A conflict the region touches is
 * taken whole (its markers are read together), with the line before it when that line is shown
 * with a newline it does not have.
 */
function changedRegion(
  shown: Linearization & { output: FileOutput },
  content: Uint8Array,
  groups: Map<number, number[]>,
): { from: number; to: number } {
  const { bytes: old, offsets } = shown.output;
  const count = itemCount(shown);
  const endsLine = (i: number) => {
    const item = itemAt(shown, i) as OutputItem;
    return item.kind === 'marker' || item.displayNewline || item.endsWithNewline;
  };
  const prefix = commonPrefix(old, content);
  const suffix = commonSuffix(old, content, Math.min(old.length, content.length) - prefix);
  let from = prefix === old.length ? count : Math.max(0, firstItemFrom(offsets, count, prefix + 1) - 1);
  while (from > 0 && !endsLine(from - 1)) from--;
  let to = Math.max(from, firstItemFrom(offsets, count, old.length - suffix));
  const middleEnd = (end: number) => content.length - (old.length - (offsets[end] as number));
  while (to < count && middleEnd(to) > (offsets[from] as number) && content[middleEnd(to) - 1] !== 0x0a) to++;
  if (groups.size === 0) return { from, to };
  for (let grew = true; grew; ) {
    grew = false;
    for (const positions of groups.values()) {
      const first = positions[0] as number;
      const last = (positions[positions.length - 1] as number) + 1;
      if ((first >= from && last <= to) || !positions.some((p) => p >= from && p < to)) continue;
      from = Math.min(from, first);
      to = Math.max(to, last);
      grew = true;
    }
  }
  while (from > 0 && (itemAt(shown, from - 1) as LineItem).displayNewline) from--;
  return { from, to };
}
