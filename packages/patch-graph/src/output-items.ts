// What a file's output is made of (lines and conflict markers) and what linearization reads
// and returns: the types linearize.ts and shown-graph.ts share, in a module of their own so that
// neither imports the other's.

/**
 * A line of output: a vertex's bytes, `source[start .. end]`. The view is made on demand:
 * a 100,000-line file would otherwise allocate 100,000 views on every output.
 */
export class LineItem {
  readonly kind = 'line';
  /** Shown although deleted (or deleted by a change that did not know it was kept): a zombie. */
  zombie = false;
  /** The vertex has no final newline but a marker follows: one is added on output. */
  displayNewline = false;

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

/**
 * A conflict marker the repository wrote. `upAfter`/`downBefore` say where lines a person adds
 * right after / right before this marker go in the graph (record reads them).
 */
export interface MarkerItem {
  kind: 'marker';
  role: 'open' | 'separator' | 'close';
  text: string;
  conflict: number;
  upAfter: number[];
  downBefore: number[];
}

export type OutputItem = LineItem | MarkerItem;

export type ConflictKind = 'order' | 'zombie' | 'cyclic' | 'name';

export interface GraphConflict {
  kind: ConflictKind;
  /** Change ids involved. */
  changes: number[];
}

export interface FileGraph {
  /** The inode vertex: where the file's lines start. */
  inode: number;
  /** Current edges of the file, flat: `from, to, flag, introducedBy` per edge. */
  edges: Int32Array;
  vertex(id: number): { changeId: number; index: number };
  /** The vertex as a line of output. */
  line(id: number): LineItem;
  hashOf(changeId: number): string;
  knows(a: number, b: number): boolean;
  /** Deleters whose deletion of this file is contested (it was moved concurrently): their deleted lines show as zombies. */
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
