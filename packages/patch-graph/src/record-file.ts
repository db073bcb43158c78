import { isUtf8 } from 'node:buffer';
import {
  type Alignment,
  alignContent,
  copyToBuffer,
  DISCARDED,
  EdgeFlag,
  type FileOutput,
  type FileSnapshot,
  isDeleted,
  isPseudo,
  itemAt,
  itemCount,
  type Linearization,
  type LineItem,
  type MarkedSequence,
  type MarkerItem,
  type OutputItem,
  PlainLines,
  verticesAfter,
  verticesBefore,
} from '@lineage/graph-output';
import type { ChangeBuilder, DraftEdgeUpdate, DraftVertex } from './change-builder.js';
import type { GraphTables } from './graph-tables.js';

export type { FileSnapshot };

/**
 * Binary content is recorded as one vertex (whole-content replacement): NUL bytes or invalid
 * UTF-8, as git and Pijul decide.
 */
export function isBinary(bytes: Uint8Array): boolean {
  // isUtf8 validates without decoding: no string of the file's size is made.
  return bytes.includes(0) || !isUtf8(bytes);
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
  texts: string[];
}

export interface RecordFileOptions {
  /** The file's deletion is contested (it was moved concurrently): every line kept comes back alive. */
  revive?: boolean;
}

/**
 * Records the difference between a file's output and its new content — what the user wrote
 * is what gets recorded. Lines are compared with their terminators, so CRLF and a missing
 * final newline are content like any other. Conflict markers are the repository's: where
 * they stay, the conflict stays, and a line written next to one goes where the marker says
 * (before a conflict, at the start or end of a side, after it); where they are removed, the
 * lines left are ordered as written and kept zombies come back. Work is proportional to the
 * edited region (plus the line diff's scan).
 */
export function recordFileContent(
  builder: ChangeBuilder,
  tables: GraphTables,
  channelId: number,
  file: FileSnapshot,
  content: Uint8Array,
  options: RecordFileOptions = {},
): OutputSplice[] {
  const { shown, inode } = file;
  // Items are read by index: a large file's lines are made only around the edit.
  const itemOf = (item: number) => itemAt(shown, item) as OutputItem;
  const alignment = alignContent(file, content, isBinary(content));
  const edited = new EditedSequence(shown, alignment, builder);
  const original = new OriginalSequence(shown, alignment.groups);
  const updates: DraftEdgeUpdate[] = [];
  const lineEdges = new Set<string>();
  /** A new edge `from → to` (a pseudo edge when `to` stays deleted), unless the graph or this change has one already. */
  const addLineEdge = (from: number, to: number, flag = 0) => {
    const key = `${from}>${to}`;
    if (lineEdges.has(key)) return;
    lineEdges.add(key);
    if (tables.outgoing(channelId, from).some((e) => e.to === to && !isDeleted(e.flag))) return;
    updates.push({ from, to, previous: null, flag });
  };

  // Zombies kept without their markers, and every line of a file whose deletion is contested, come back.
  const revives = (item: number) => {
    const line = itemOf(item);
    if (line.kind !== 'line' || !edited.isKept(item)) return false;
    return line.zombie ? alignment.dropped.has(zombieGroup(shown, item)) : Boolean(options.revive);
  };
  const revived: number[] = [];
  const [first, end] = options.revive ? [0, itemCount(shown)] : [alignment.from, alignment.to];
  for (let item = first; item < end; item++) if (revives(item)) revived.push(item);
  const revivedVertices = new Set(revived.map((item) => (itemOf(item) as LineItem).vertex));
  /**
   * A line written next to a deleted line still shown (a zombie whose markers stay) must neither
   * bring it back nor delete it again: the edge that orders them is a pseudo edge.
   */
  const stillDeleted = (vertex: number) =>
    !revivedVertices.has(vertex) &&
    tables.incoming(channelId, vertex).every((edge) => isDeleted(edge.flag) || isPseudo(edge.flag));
  const incoming = (vertex: number) => tables.incoming(channelId, vertex).filter((edge) => !isPseudo(edge.flag));

  // New lines, a run at a time, between the vertices the structure puts around them.
  const runs = edited.insertedRuns();
  const bytesOf = newLineBytes(content, shown.output.offsets[alignment.from] as number, alignment.newLines);
  for (const { start, end, firstLine, texts } of runs) {
    const up = verticesBefore(edited, start, inode);
    // A later run links to an earlier one through its own up context: each edge is written once.
    const after = [...verticesAfter(edited, end)].filter((v) => v > 0);
    const placed = after.filter(stillDeleted);
    const down = after.filter((v) => !placed.includes(v));
    const bytes = bytesOf(firstLine, firstLine + texts.length);
    const lengths = texts.map((line) => line.length);
    const ids = builder.addFromBytes('edit', file.path, inode, 0, [...up], down, bytes, lengths);
    if (ids.first !== edited.vertexAt(start)) throw new Error('internal: draft vertex ids out of step');
    for (const v of placed) updates.push({ from: ids.last, to: v, previous: null, flag: EdgeFlag.PSEUDO });
  }

  for (let item = alignment.from; item < alignment.to; item++) {
    const line = itemOf(item);
    if (line.kind !== 'line' || edited.isKept(item)) continue;
    for (const edge of incoming(line.vertex)) {
      // A line shown although deleted (a zombie, or a line of a file whose deletion is contested)
      // deleted again: supersede the older deletions too, so this change knows them all.
      if (isDeleted(edge.flag) && !line.zombie && !options.revive) continue;
      updates.push({ from: edge.from, to: line.vertex, previous: edge, flag: edge.flag | EdgeFlag.DELETED });
    }
    // "Zombie" context: the lines attached after this one; deleting it must know who put them there.
    for (const edge of tables.outgoing(channelId, line.vertex)) builder.addContext(edge.introducedBy);
  }

  // Lines of a conflict taken apart, now next to each other: the order written becomes edges.
  if (alignment.dropped.size > 0) {
    const first = Math.max(0, alignment.from - 1);
    const last = Math.min(itemCount(shown) - 1, alignment.to);
    for (let item = first; item <= last; item++) {
      const line = itemOf(item);
      if (line.kind !== 'line' || !edited.isKept(item)) continue;
      const at = edited.positionOf(item);
      const before = verticesBefore(original, item, inode);
      const flag = stillDeleted(line.vertex) ? EdgeFlag.PSEUDO : 0;
      for (const u of verticesBefore(edited, at, inode)) {
        if (u > 0 && u !== inode && !before.has(u)) addLineEdge(u, line.vertex, flag);
      }
      const after = verticesAfter(original, item + 1);
      for (const w of verticesAfter(edited, at + 1)) {
        if (w > 0 && !after.has(w)) addLineEdge(line.vertex, w, stillDeleted(w) ? EdgeFlag.PSEUDO : 0);
      }
    }
  }

  const revive = (item: number) => {
    const line = itemOf(item) as LineItem;
    const edges = incoming(line.vertex);
    if (!edges.some((edge) => isDeleted(edge.flag))) return;
    const before = verticesBefore(edited, edited.positionOf(item), inode);
    let reached = false;
    for (const edge of edges) {
      if (!isDeleted(edge.flag)) {
        // Deletions superseded below must know the edit that kept the line alive.
        builder.addContext(edge.introducedBy);
        reached = true;
      } else if (before.has(edge.from)) {
        updates.push({ from: edge.from, to: line.vertex, previous: edge, flag: edge.flag & ~EdgeFlag.DELETED });
        reached = true;
      } else {
        // Deleted again, knowing the deletion: an edge from a line still deleted must not bring that line back.
        updates.push({ from: edge.from, to: line.vertex, previous: edge, flag: edge.flag });
      }
    }
    if (!reached) for (const u of before) if (u > 0) addLineEdge(u, line.vertex);
  };
  for (const item of revived) revive(item);
  builder.addEdges(updates.some((u) => !isDeleted(u.flag)) ? 'resolve' : 'edit', file.path, inode, updates);
  return edited.splices(runs);
}

/**
 * The bytes of new lines `[first, last)` — a slice of the content, where the aligned region
 * starts at `regionStart` (the lines are latin1 text: a character per byte).
 */
function newLineBytes(content: Uint8Array, regionStart: number, newLines: string[]) {
  let starts: Int32Array | undefined;
  return (first: number, last: number): Uint8Array => {
    if (!starts) {
      starts = new Int32Array(newLines.length + 1);
      newLines.forEach((line, j) => {
        (starts as Int32Array)[j + 1] = ((starts as Int32Array)[j] as number) + line.length;
      });
    }
    return content.subarray(regionStart + (starts[first] as number), regionStart + (starts[last] as number));
  };
}

/** The group of the zombie markers around a zombie line (runs of zombies hold only lines). */
function zombieGroup(shown: Linearization, item: number): number {
  let i = item - 1;
  while (itemAt(shown, i)?.kind === 'line') i--;
  return (itemAt(shown, i) as MarkerItem).group;
}

/** The output before the record, as a sequence. */
class OriginalSequence implements MarkedSequence {
  constructor(
    private readonly shown: Linearization,
    private readonly groups: Map<number, number[]>,
  ) {}

  get length(): number {
    return itemCount(this.shown);
  }

  vertexAt(p: number): number | undefined {
    const item = itemAt(this.shown, p) as OutputItem;
    return item.kind === 'line' ? item.vertex : undefined;
  }

  markerAt(p: number): MarkerItem {
    return itemAt(this.shown, p) as MarkerItem;
  }

  groupPositions(group: number): readonly number[] {
    return this.groups.get(group) as number[];
  }
}

interface InsertedRun {
  /** Positions in the edited sequence. */
  start: number;
  end: number;
  /** The first new line's index in the alignment's `newLines` (the run's lines follow it there). */
  firstLine: number;
  texts: string[];
}

/**
 * The output after the record: kept items and new lines in the order written. Only the
 * aligned region is materialized; before and after it the old items stand as they were.
 * A new line's vertex is the draft id the change builder will give it.
 */
class EditedSequence implements MarkedSequence {
  /** The region's elements: an item index (>= 0), or `-(j + 1)` for new line `j`. */
  private readonly region: number[] = [];
  /** Where each kept item of the region is (by item index - from). */
  private readonly regionPositions: Int32Array;
  private readonly positions = new Map<number, number[]>();
  /** The draft id of each new line (0: none, the line is kept or discarded). */
  private readonly draftIds: Int32Array;

  constructor(
    private readonly shown: Linearization,
    private readonly alignment: Alignment,
    builder: ChangeBuilder,
  ) {
    this.regionPositions = new Int32Array(alignment.to - alignment.from).fill(-1);
    this.draftIds = new Int32Array(alignment.newLines.length);
    let drafts = 0;
    alignment.newMatch.forEach((match, j) => {
      if (match === DISCARDED) return;
      if (match < 0) this.draftIds[j] = builder.draftId(drafts++);
      else this.regionPositions[match - alignment.from] = alignment.from + this.region.length;
      this.region.push(match >= 0 ? match : -(j + 1));
    });
  }

  get length(): number {
    return itemCount(this.shown) - (this.alignment.to - this.alignment.from) + this.region.length;
  }

  isKept(item: number): boolean {
    return (
      item < this.alignment.from ||
      item >= this.alignment.to ||
      (this.alignment.oldMatch[item - this.alignment.from] as number) >= 0
    );
  }

  /** Where a kept item is in this sequence. */
  positionOf(item: number): number {
    const { from, to } = this.alignment;
    if (item < from) return item;
    if (item >= to) return item - to + from + this.region.length;
    return this.regionPositions[item - from] as number;
  }

  private element(p: number): number {
    const { from, to } = this.alignment;
    if (p < from) return p;
    if (p < from + this.region.length) return this.region[p - from] as number;
    return p - from - this.region.length + to;
  }

  vertexAt(p: number): number | undefined {
    const element = this.element(p);
    if (element < 0) return this.draftIds[-element - 1];
    const item = itemAt(this.shown, element) as OutputItem;
    return item.kind === 'line' ? item.vertex : undefined;
  }

  markerAt(p: number): MarkerItem {
    return itemAt(this.shown, this.element(p)) as MarkerItem;
  }

  groupPositions(group: number): readonly number[] {
    let positions = this.positions.get(group);
    if (!positions) {
      positions = (this.alignment.groups.get(group) as number[]).map((item) => this.positionOf(item));
      this.positions.set(group, positions);
    }
    return positions;
  }

  /** Runs of consecutive new lines, in order. */
  insertedRuns(): InsertedRun[] {
    const runs: InsertedRun[] = [];
    this.region.forEach((element, i) => {
      if (element >= 0) return;
      const at = this.alignment.from + i;
      const line = -element - 1;
      const text = this.alignment.newLines[line] as string;
      const last = runs[runs.length - 1];
      // A discarded marker between two new lines splits their run: its bytes are not theirs.
      if (last && last.end === at && last.firstLine + last.texts.length === line) {
        last.end++;
        last.texts.push(text);
      } else runs.push({ start: at, end: at + 1, firstLine: line, texts: [text] });
    });
    return runs;
  }

  /** The record as splices of the old items (read only for files without markers). */
  splices(runs: InsertedRun[]): OutputSplice[] {
    const splices: OutputSplice[] = [];
    const { from, to } = this.alignment;
    let item = from;
    let run = 0;
    const flush = (until: number, inserted?: InsertedRun) => {
      const vertices = inserted ? inserted.texts.map((_, k) => this.vertexAt(inserted.start + k) as number) : [];
      if (until === item && vertices.length === 0) return;
      splices.push({ oldStart: item, oldCount: until - item, vertices, texts: inserted?.texts ?? [] });
    };
    this.region.forEach((element, i) => {
      if (element < 0) return;
      const inserted = runs[run]?.end === from + i ? runs[run++] : undefined;
      flush(element, inserted);
      item = element + 1;
    });
    flush(to, runs[run]);
    return splices;
  }
}

/**
 * The output after recording `content` on a conflict-free file, as columns: the old lines with
 * the splices applied (new vertices resolved by `vertexOf`), and a copy of `content` as the bytes
 * (without conflicts, the output is exactly what was recorded). Kept lines move by whole runs:
 * their vertices are copied and their offsets shifted, no line is made.
 */
export function spliceOutput(
  old: Required<Linearization>,
  content: Uint8Array,
  splices: OutputSplice[],
  vertexOf: (draft: DraftVertex) => number,
): PlainLines {
  const oldVertices =
    old instanceof PlainLines ? old.vertices : Int32Array.from(old.items, (item) => (item as LineItem).vertex);
  const oldOffsets = old.output.offsets;
  const bytes = copyToBuffer(content);
  const count = splices.reduce((n, splice) => n - splice.oldCount + splice.vertices.length, oldVertices.length);
  const vertices = new Int32Array(count);
  const offsets = new Int32Array(count + 1);
  let at = 0;
  let n = 0;
  const keep = (until: number) => {
    vertices.set(oldVertices.subarray(at, until), n);
    const shift = (offsets[n] as number) - (oldOffsets[at] as number);
    for (let i = at; i < until; i++) offsets[++n] = (oldOffsets[i + 1] as number) + shift;
    at = until;
  };
  for (const splice of splices) {
    keep(splice.oldStart);
    // latin1 text: a character per byte.
    splice.vertices.forEach((vertex, i) => {
      vertices[n] = vertexOf(vertex);
      offsets[n + 1] = (offsets[n] as number) + (splice.texts[i] as string).length;
      n++;
    });
    at = splice.oldStart + splice.oldCount;
  }
  keep(oldVertices.length);
  if (offsets[count] !== bytes.length) throw new Error('internal: the spliced output does not add up to the content');
  return new PlainLines(vertices, { bytes, offsets });
}
