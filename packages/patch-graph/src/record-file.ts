import { diffLines, splitLines } from '@lineage/line-diff';
import type { ChangeBuilder, DraftEdgeUpdate, DraftVertex } from './change-builder.js';
import { EdgeFlag, isDeleted } from './edge-flags.js';
import type { GraphTables } from './graph-tables.js';
import { downOf, type LineItem, type OutputItem, upOf } from './linearize.js';

/** A file as the channel outputs it, with the text of each item (bytes as latin1: exact). */
export interface FileSnapshot {
  inode: number;
  path: string;
  items: OutputItem[];
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

/** The new file, line by line: an existing vertex id or a draft id of a new vertex, and its bytes. */
export type RecordedSequence = Array<{ vertex: DraftVertex; bytes: Uint8Array }>;

/**
 * Records the difference between a file's output and its new content. Lines are compared
 * with their terminators, so CRLF and a missing final newline are content like any other.
 * Conflict markers are recognised only as the items the repository wrote: a `=======` line the
 * user typed is just a line.
 */
export function recordFileContent(
  builder: ChangeBuilder,
  tables: GraphTables,
  channelId: number,
  file: FileSnapshot,
  content: Uint8Array,
): RecordedSequence {
  const oldTexts = file.items.map(itemText);
  const text = latin1(content);
  const newLines = content.length === 0 ? [] : isBinary(content) ? [text] : splitLines(text);
  const hunks = diffLines(oldTexts, newLines);
  // The new file as a sequence: kept old items (by index) and new lines (as strings).
  const sequence: Array<number | string> = [];
  const deleted: number[] = [];
  let oldIndex = 0;
  for (const hunk of hunks) {
    while (oldIndex < hunk.oldStart) sequence.push(oldIndex++);
    for (let i = 0; i < hunk.oldCount; i++) deleted.push(oldIndex++);
    for (let i = 0; i < hunk.newCount; i++) sequence.push(newLines[hunk.newStart + i] as string);
  }
  while (oldIndex < file.items.length) sequence.push(oldIndex++);
  const deletedSet = new Set(deleted);
  const isResolved = (index: number) => resolvedByEdit(file.items, index, deletedSet);

  const updates: DraftEdgeUpdate[] = [];
  for (const index of deleted) {
    const item = file.items[index] as OutputItem;
    if (item.kind !== 'line') continue;
    for (const edge of tables.incoming(channelId, item.vertex)) {
      // A zombie deleted again: supersede the older deletions too, so this change knows them all.
      if (isDeleted(edge.flag) && !item.zombie) continue;
      updates.push({ from: edge.from, to: item.vertex, previous: edge, flag: edge.flag | EdgeFlag.DELETED });
    }
    // "Zombie" context: the lines attached after this one; deleting it must know who put them there.
    for (const edge of tables.outgoing(channelId, item.vertex)) builder.addContext(edge.introducedBy);
  }
  const result: RecordedSequence = [];
  let run: string[] = [];
  let previousKept: number | undefined;
  const flushRun = (nextKept: number | undefined) => {
    if (run.length === 0) return;
    const up = upOf(previousKept === undefined ? undefined : file.items[previousKept], file.inode);
    const down = downOf(nextKept === undefined ? undefined : file.items[nextKept]);
    const pieces = run.map((line) => Buffer.from(line, 'latin1'));
    const ids = builder.addVertices('edit', file.path, file.inode, 0, up, down, pieces);
    ids.forEach((vertex, i) => {
      result.push({ vertex, bytes: pieces[i] as Uint8Array });
    });
    run = [];
  };
  for (const element of sequence) {
    if (typeof element === 'string') {
      run.push(element);
      continue;
    }
    const item = file.items[element] as OutputItem;
    const hadRun = run.length > 0;
    flushRun(element);
    if (item.kind === 'line') {
      result.push({ vertex: item.vertex, bytes: item.bytes });
      if (item.zombie && isResolved(element)) {
        // Kept with its markers removed: bring it back, knowing the deletions.
        for (const edge of tables.incoming(channelId, item.vertex)) {
          if (!isDeleted(edge.flag)) continue;
          updates.push({ from: edge.from, to: item.vertex, previous: edge, flag: edge.flag & ~EdgeFlag.DELETED });
        }
      }
      const previous = previousKept === undefined ? undefined : file.items[previousKept];
      if (!hadRun && previous?.kind === 'line' && markerBetween(file.items, previousKept as number, element)) {
        // Two lines of different sides now adjacent: solve the order conflict with an edge.
        const exists = tables
          .outgoing(channelId, previous.vertex)
          .some((e) => e.to === item.vertex && !isDeleted(e.flag));
        if (!exists) updates.push({ from: previous.vertex, to: item.vertex, previous: null, flag: 0 });
      }
    }
    previousKept = element;
  }
  flushRun(undefined);
  builder.addEdges(updates.some((u) => !isDeleted(u.flag)) ? 'resolve' : 'edit', file.path, file.inode, updates);
  return result;
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

export type { LineItem };
