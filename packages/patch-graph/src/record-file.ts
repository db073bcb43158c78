import { diffLines, splitLines } from '@lineage/line-diff';
import type { ChangeBuilder, DraftEdgeUpdate, DraftVertex } from './change-builder.js';
import { EdgeFlag, isDeleted } from './edge-flags.js';
import type { GraphTables } from './graph-tables.js';
import { downOf, upOf } from './linearize.js';
import { type FileOutput, LineItem, type OutputItem } from './output-items.js';

/** A file as the channel outputs it: its items, and its bytes with the offset of each item. */
export interface FileSnapshot {
  inode: number;
  path: string;
  items: OutputItem[];
  output: FileOutput;
}

const NEWLINE = Buffer.from('\n');

/** What an item writes: a line's bytes (plus a newline before a marker), or the marker. */
export function itemBytes(item: OutputItem): Uint8Array {
  if (item.kind === 'marker') return Buffer.from(item.text, 'latin1');
  return item.displayNewline ? Buffer.concat([item.bytes, NEWLINE]) : item.bytes;
}

/** The bytes of a list of items and the offset of each. */
export function outputOf(items: OutputItem[]): FileOutput {
  const offsets = new Int32Array(items.length + 1);
  const markers = new Map<number, Uint8Array>();
  items.forEach((item, i) => {
    let length: number;
    if (item.kind === 'marker') {
      const bytes = itemBytes(item);
      markers.set(i, bytes);
      length = bytes.length;
    } else length = item.length + (item.displayNewline ? 1 : 0);
    offsets[i + 1] = (offsets[i] as number) + length;
  });
  const bytes = Buffer.allocUnsafe(offsets[items.length] as number);
  // Consecutive lines of one change usually sit side by side in its contents: one copy per run
  // of them, not one per line.
  let run: LineItem | null = null;
  let runEnd = 0;
  let runAt = 0;
  const flush = () => {
    if (run) copyBytes.call(run.source, bytes, runAt, run.start, runEnd);
    run = null;
  };
  items.forEach((item, i) => {
    const at = offsets[i] as number;
    if (item.kind === 'marker') {
      flush();
      bytes.set(markers.get(i) as Uint8Array, at);
      return;
    }
    if (!run || item.source !== run.source || item.start !== runEnd) {
      flush();
      run = item;
      runAt = at;
    }
    runEnd = item.end;
    if (item.displayNewline) {
      flush();
      bytes[at + item.length] = 0x0a;
    }
  });
  flush();
  return { bytes, offsets };
}

/** Buffer's copy takes any Uint8Array as its source and makes no intermediate view. */
const copyBytes = Buffer.prototype.copy as (
  this: Uint8Array,
  target: Uint8Array,
  targetStart: number,
  sourceStart: number,
  sourceEnd: number,
) => number;

/** Length of the common prefix of two byte arrays: memcmp by chunks, then byte by byte. */
function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + 4096 <= n && Buffer.compare(a.subarray(i, i + 4096), b.subarray(i, i + 4096)) === 0) i += 4096;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** Length of the common suffix, at most `limit`. */
function commonSuffix(a: Uint8Array, b: Uint8Array, limit: number): number {
  let i = 0;
  while (
    i + 4096 <= limit &&
    Buffer.compare(a.subarray(a.length - i - 4096, a.length - i), b.subarray(b.length - i - 4096, b.length - i)) === 0
  ) {
    i += 4096;
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
 * The items `[from, to)` the new content can differ in, and the new bytes that replace them:
 * everything before and after is byte-identical and ends or starts on a line boundary, so the
 * line diff only sees the edited region — record costs the size of the edit, plus a memcmp.
 */
function changedRegion(file: FileSnapshot, content: Uint8Array): { from: number; to: number; middle: Uint8Array } {
  const { items, output } = file;
  const { bytes: old, offsets } = output;
  const endsLine = (i: number) => {
    const item = items[i] as OutputItem;
    return item.kind === 'marker' || item.displayNewline || item.endsWithNewline;
  };
  const prefix = commonPrefix(old, content);
  const suffix = commonSuffix(old, content, Math.min(old.length, content.length) - prefix);
  let from = firstItemFrom(offsets, items.length, prefix + 1) - 1;
  if (from < 0 || prefix === old.length) from = Math.max(0, from);
  if (prefix === old.length) from = items.length;
  while (from > 0 && !endsLine(from - 1)) from--;
  let to = Math.max(from, firstItemFrom(offsets, items.length, old.length - suffix));
  const middleOf = (end: number) =>
    content.subarray(offsets[from] as number, content.length - (old.length - (offsets[end] as number)));
  let middle = middleOf(to);
  while (to < items.length && middle.length > 0 && middle[middle.length - 1] !== 0x0a) middle = middleOf(++to);
  return { from, to, middle };
}

export const itemText = (item: OutputItem): string =>
  item.kind === 'marker' ? item.text : latin1(item.bytes) + (item.displayNewline ? '\n' : '');

export const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/**
 * Binary content is recorded as one vertex (whole-content replacement): NUL bytes or invalid
 * UTF-8, as git and Pijul decide.
 */
export function isBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/**
 * How the recorded file's output differs from the old one: replace `oldCount` items at
 * `oldStart` by new lines (draft vertex ids, bytes and texts). Kept items stay as they were,
 * so the new output is built by splicing, without linearizing the graph again.
 */
export interface OutputSplice {
  oldStart: number;
  oldCount: number;
  vertices: DraftVertex[];
  bytes: Uint8Array[];
  texts: string[];
}

/**
 * Records the difference between a file's output and its new content. Lines are compared
 * with their terminators, so CRLF and a missing final newline are content like any other.
 * Conflict markers are recognised only as the items the repository wrote: a `=======` line the
 * user typed is just a line. Work is proportional to the hunks (plus the line diff's scan).
 */
export function recordFileContent(
  builder: ChangeBuilder,
  tables: GraphTables,
  channelId: number,
  file: FileSnapshot,
  content: Uint8Array,
): OutputSplice[] {
  const { items } = file;
  // Binary content is replaced whole; text is diffed line by line, only where it changed.
  const binary = isBinary(content);
  const region = binary ? { from: 0, to: items.length, middle: content } : changedRegion(file, content);
  const oldTexts = items.slice(region.from, region.to).map(itemText);
  const text = latin1(region.middle);
  const newLines = region.middle.length === 0 ? [] : binary ? [text] : splitLines(text);
  // Myers is O((N+M)·D): against an empty side that is quadratic for nothing, so skip it.
  const localHunks =
    oldTexts.length === 0 || newLines.length === 0
      ? [{ oldStart: 0, oldCount: oldTexts.length, newStart: 0, newCount: newLines.length }].filter(
          (hunk) => hunk.oldCount + hunk.newCount > 0,
        )
      : diffLines(oldTexts, newLines);
  const hunks = localHunks.map((hunk) => ({ ...hunk, oldStart: hunk.oldStart + region.from }));
  const deleted = new Set<number>();
  for (const hunk of hunks) for (let i = 0; i < hunk.oldCount; i++) deleted.add(hunk.oldStart + i);
  const updates: DraftEdgeUpdate[] = [];
  for (const index of deleted) {
    const item = items[index] as OutputItem;
    if (item.kind !== 'line') continue;
    for (const edge of tables.incoming(channelId, item.vertex)) {
      // A zombie deleted again: supersede the older deletions too, so this change knows them all.
      if (isDeleted(edge.flag) && !item.zombie) continue;
      updates.push({ from: edge.from, to: item.vertex, previous: edge, flag: edge.flag | EdgeFlag.DELETED });
    }
    // "Zombie" context: the lines attached after this one; deleting it must know who put them there.
    for (const edge of tables.outgoing(channelId, item.vertex)) builder.addContext(edge.introducedBy);
  }
  const splices: OutputSplice[] = [];
  for (const hunk of hunks) {
    const before = hunk.oldStart - 1;
    const after = hunk.oldStart + hunk.oldCount;
    const previous = before >= 0 ? items[before] : undefined;
    const next = after < items.length ? items[after] : undefined;
    const texts = newLines.slice(hunk.newStart, hunk.newStart + hunk.newCount);
    const bytes = texts.map((line) => Buffer.from(line, 'latin1'));
    const vertices =
      texts.length === 0
        ? []
        : builder.addVertices('edit', file.path, file.inode, 0, upOf(previous, file.inode), downOf(next), bytes);
    splices.push({ oldStart: hunk.oldStart, oldCount: hunk.oldCount, vertices, bytes, texts });
    // Two lines of different sides now adjacent: solve the order conflict with an edge.
    if (
      texts.length === 0 &&
      previous?.kind === 'line' &&
      next?.kind === 'line' &&
      markerBetween(items, before, after)
    ) {
      const exists = tables
        .outgoing(channelId, previous.vertex)
        .some((e) => e.to === next.vertex && !isDeleted(e.flag));
      if (!exists) updates.push({ from: previous.vertex, to: next.vertex, previous: null, flag: 0 });
    }
  }
  items.forEach((item, index) => {
    if (item.kind !== 'line' || !item.zombie || deleted.has(index) || !resolvedByEdit(items, index, deleted)) return;
    // Kept with its markers removed: bring it back, knowing the deletions.
    for (const edge of tables.incoming(channelId, item.vertex)) {
      if (!isDeleted(edge.flag)) continue;
      updates.push({ from: edge.from, to: item.vertex, previous: edge, flag: edge.flag & ~EdgeFlag.DELETED });
    }
  });
  builder.addEdges(updates.some((u) => !isDeleted(u.flag)) ? 'resolve' : 'edit', file.path, file.inode, updates);
  return splices;
}

/**
 * The output after recording `content` on a conflict-free file: the old items with the
 * splices applied (new vertices resolved by `vertexOf`), and `content` as the bytes.
 */
export function spliceOutput(
  items: OutputItem[],
  content: Uint8Array,
  splices: OutputSplice[],
  vertexOf: (draft: DraftVertex) => number,
): { items: OutputItem[]; output: FileOutput } {
  const parts: OutputItem[][] = [];
  let at = 0;
  for (const splice of splices) {
    parts.push(items.slice(at, splice.oldStart));
    parts.push(splice.vertices.map((vertex, i) => LineItem.of(vertexOf(vertex), splice.bytes[i] as Uint8Array)));
    at = splice.oldStart + splice.oldCount;
  }
  parts.push(items.slice(at));
  const newItems = ([] as OutputItem[]).concat(...parts);
  const offsets = new Int32Array(newItems.length + 1);
  newItems.forEach((item, i) => {
    offsets[i + 1] = (offsets[i] as number) + (item as LineItem).length;
  });
  return { items: newItems, output: { bytes: Buffer.from(content), offsets } };
}

/** A zombie line counts as resolved when the zombie marker just before it was removed. */
function resolvedByEdit(items: OutputItem[], index: number, deleted: Set<number>): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const item = items[i] as OutputItem;
    if (item.kind === 'marker') return deleted.has(i);
  }
  return true;
}

function markerBetween(items: OutputItem[], from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if ((items[i] as OutputItem).kind === 'marker') return true;
  return false;
}
