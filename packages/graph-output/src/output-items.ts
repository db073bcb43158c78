// What a file's output is made of: its lines and the conflict markers the repository writes
// between them. Linearization produces these items; record diffs new content against them.

/**
 * A line of output: a vertex's bytes, `source[start .. end]`. The view is made on demand:
 * a 100,000-line file would otherwise allocate 100,000 views on every output.
 */
export class LineItem {
  // On the prototype, not on each line: a large file's output is hundreds of thousands of
  // lines, and every field an instance carries is memory the garbage collector copies.
  declare readonly kind: 'line';
  /** Shown although deleted (or deleted by a change that did not know it was kept): a zombie. */
  declare zombie: boolean;
  /** The vertex has no final newline but a marker follows: one is added on output. */
  declare displayNewline: boolean;

  constructor(
    readonly vertex: number,
    readonly source: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {}

  static of(vertex: number, bytes: Uint8Array): LineItem {
    return new LineItem(vertex, bytes, 0, bytes.length);
  }

  get bytes(): Uint8Array {
    return this.source.subarray(this.start, this.end);
  }

  get length(): number {
    return this.end - this.start;
  }

  get endsWithNewline(): boolean {
    return this.end > this.start && this.source[this.end - 1] === 0x0a;
  }
}

Object.assign(LineItem.prototype, { kind: 'line', zombie: false, displayNewline: false });

/**
 * A conflict marker the repository wrote. The markers of one conflict (or one run of zombie
 * lines) share a `group`: an opening marker, a separator before each further side, a closing
 * marker. Record reads the structure, not the text, to place lines written next to them.
 */
export interface MarkerItem {
  kind: 'marker';
  role: 'open' | 'separator' | 'close';
  text: string;
  group: number;
  conflictKind: 'order' | 'cyclic' | 'zombie';
}

export type OutputItem = LineItem | MarkerItem;

export type ConflictKind = 'order' | 'zombie' | 'cyclic' | 'name';

export interface GraphConflict {
  kind: ConflictKind;
  /** Change ids involved. */
  changes: number[];
}

/**
 * Calls `each` with the bytes of vertices `first .. first + count`, in order, as views
 * `source[start .. end]` of the buffers they live in (their changes' contents).
 */
export type LineBytes = (
  first: number,
  count: number,
  each: (source: Uint8Array, start: number, end: number) => void,
) => void;

export interface FileGraph {
  /** The inode vertex: where the file's lines start. */
  inode: number;
  /** Current edges of the file, flat: `from, to, flag, introducedBy` per edge. */
  edges: Int32Array;
  vertex(id: number): { changeId: number; index: number };
  /** The bytes of vertices `first .. first + count` (see LineBytes). */
  lineBytes: LineBytes;
  hashOf(changeId: number): string;
  knows(a: number, b: number): boolean;
  /**
   * Deleters whose deletion of this file is contested (it was moved concurrently): the lines
   * they deleted are shown, as the file is, until a record settles the name.
   */
  contested?: ReadonlySet<number>;
}

export interface FileOutput {
  bytes: Uint8Array;
  offsets: Int32Array;
}

export interface Linearization {
  items: OutputItem[];
  conflicts: GraphConflict[];
  /** The output bytes and where each item starts in them (`offsets[items.length]` is the end), on first use. */
  output?: FileOutput;
}

/** Characters of a change hash that name it in a marker. */
export const MARKER_PREFIX_LENGTH = 10;
