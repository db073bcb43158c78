import {
  type FileOutput,
  type GraphConflict,
  type Linearization,
  type LineBytes,
  LineItem,
  type OutputItem,
} from './output-items.js';

/**
 * The output of a conflict-free file as columns: each line's vertex, and the bytes with each
 * line's offset. A file without conflicts shows only its lines (no markers, no zombies), so
 * this is all of it; its items are made when something reads them. A record of a one-line edit
 * of a 250,000-line file reads the few lines around the edit (`itemAt`), and the output it keeps
 * is spliced and stored as columns: no line objects for the garbage collector to copy.
 */
export class PlainLines implements Linearization {
  readonly conflicts: GraphConflict[] = [];
  private made: OutputItem[] | undefined;

  constructor(
    readonly vertices: Int32Array,
    readonly output: FileOutput,
  ) {
    if (output.offsets.length !== vertices.length + 1) throw new Error('internal: one offset per line, and the end');
  }

  get count(): number {
    return this.vertices.length;
  }

  /** Line `i`, made for the caller. */
  itemAt(i: number): LineItem | undefined {
    if (i < 0 || i >= this.vertices.length) return undefined;
    const { bytes, offsets } = this.output;
    return new LineItem(this.vertices[i] as number, bytes, offsets[i] as number, offsets[i + 1] as number);
  }

  /** Every line, made once: for the readers of whole outputs (credit, a conflicted file's record). */
  get items(): OutputItem[] {
    this.made ??= Array.from({ length: this.vertices.length }, (_, i) => this.itemAt(i) as LineItem);
    return this.made;
  }
}

/** How many items a file's output has, without making them. */
export const itemCount = (file: Linearization): number => (file instanceof PlainLines ? file.count : file.items.length);

/** Item `i` of a file's output (undefined past either end), without making the others. */
export const itemAt = (file: Linearization, i: number): OutputItem | undefined =>
  file instanceof PlainLines ? file.itemAt(i) : file.items[i];

/**
 * Builds a file's bytes and line offsets from views of the buffers its lines live in (`add`, one
 * call per line, in order). Neighbours in one buffer are copied at once; a file that is one view
 * — a new large file, all of one change's contents — is that view, not a copy.
 */
export class OutputBuilder {
  private readonly offsets: Int32Array;
  private readonly segments: Array<{ source: Uint8Array; start: number; end: number }> = [];
  private n = 0;

  constructor(private readonly lines: number) {
    this.offsets = new Int32Array(lines + 1);
  }

  readonly add = (source: Uint8Array, start: number, end: number): void => {
    const { offsets, segments } = this;
    offsets[this.n + 1] = (offsets[this.n] as number) + end - start;
    this.n++;
    const last = segments[segments.length - 1];
    if (last && last.source === source && last.end === start) last.end = end;
    else if (end > start) segments.push({ source, start, end });
  };

  /** Adds the lines of `vertices`, a run of consecutive ids at a time. */
  addVertices(vertices: Int32Array, lineBytes: LineBytes): void {
    for (let i = 0; i < vertices.length; ) {
      let end = i + 1;
      while (end < vertices.length && vertices[end] === (vertices[end - 1] as number) + 1) end++;
      lineBytes(vertices[i] as number, end - i, this.add);
      i = end;
    }
  }

  finish(): FileOutput {
    if (this.n !== this.lines) throw new Error(`internal: ${this.n} lines given for ${this.lines}`);
    const length = this.offsets[this.lines] as number;
    const only = this.segments.length === 1 ? this.segments[0] : undefined;
    if (only) return { bytes: only.source.subarray(only.start, only.end), offsets: this.offsets };
    const bytes = Buffer.allocUnsafe(length);
    let at = 0;
    for (const { source, start, end } of this.segments) {
      bytes.set(source.subarray(start, end), at);
      at += end - start;
    }
    return { bytes, offsets: this.offsets };
  }
}
