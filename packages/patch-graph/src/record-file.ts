import { diffLines, splitLines } from '@lineage/line-diff';
import type { ChangeBuilder, DraftEdgeUpdate, DraftVertex } from './change-builder.js';
import { EdgeFlag, isDeleted } from './edge-flags.js';
import type { GraphTables } from './graph-tables.js';
import { downOf, type OutputItem, upOf } from './linearize.js';

/** A file as the channel outputs it, and the text of each item (bytes as latin1: exact). */
export interface FileSnapshot {
  inode: number;
  path: string;
  items: OutputItem[];
  texts: string[];
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
  const text = latin1(content);
  const newLines = content.length === 0 ? [] : isBinary(content) ? [text] : splitLines(text);
  // Myers is O((N+M)·D): against an empty side that is quadratic for nothing, so skip it.
  const hunks =
    file.texts.length === 0 || newLines.length === 0
      ? [{ oldStart: 0, oldCount: file.texts.length, newStart: 0, newCount: newLines.length }].filter(
          (hunk) => hunk.oldCount + hunk.newCount > 0,
        )
      : diffLines(file.texts, newLines);
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

/** Applies splices to an output (items and texts), new vertices resolved by `vertexOf`. */
export function spliceOutput(
  items: OutputItem[],
  texts: string[],
  splices: OutputSplice[],
  vertexOf: (draft: DraftVertex) => number,
): { items: OutputItem[]; texts: string[] } {
  const itemParts: OutputItem[][] = [];
  const textParts: string[][] = [];
  let at = 0;
  for (const splice of splices) {
    itemParts.push(items.slice(at, splice.oldStart));
    textParts.push(texts.slice(at, splice.oldStart));
    itemParts.push(
      splice.vertices.map((vertex, i) => ({
        kind: 'line',
        vertex: vertexOf(vertex),
        bytes: splice.bytes[i] as Uint8Array,
        zombie: false,
        displayNewline: false,
      })),
    );
    textParts.push(splice.texts);
    at = splice.oldStart + splice.oldCount;
  }
  itemParts.push(items.slice(at));
  textParts.push(texts.slice(at));
  return { items: ([] as OutputItem[]).concat(...itemParts), texts: ([] as string[]).concat(...textParts) };
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
