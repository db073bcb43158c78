import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  itemCount,
  type Linearization,
  type LineBytes,
  OutputBuilder,
  type OutputItem,
  outputOf,
  PlainLines,
} from '@lineage/graph-output';
import { unzigzag, VarintReader, VarintWriter, zigzag } from './edge-codec.js';
import { wholeOutput } from './zlib-output.js';

/**
 * Files from this many lines up keep their output per state in the pristine (derived_cache):
 * the next process reads it back instead of decoding the file's graph. Below this, linearizing
 * is as quick.
 */
export const KEPT_OUTPUT_LINES = 2000;

/**
 * Runs of lines of one change are kept as references to its vertices, not as bytes, when they
 * are this long or longer and make at least half of that change's contents: reading them back
 * decompresses the change's contents once, which then costs less than compressing and
 * decompressing the bytes again on every record — a new 250,000-line file is one run. The lines
 * of many small edits, or a file that is a small part of a large import, keep their bytes.
 */
export const REFERENCED_RUN_BYTES = 64 * 1024;

/** The change that wrote a vertex, and how many bytes of contents it has. */
export type OwnerOf = (vertex: number) => { changeId: number; contentsLength: number };

interface Run {
  start: number;
  end: number;
  bytes: number;
  referenced: boolean;
}

/**
 * A conflict-free file's output as kept, runs of consecutive vertex ids: the number of runs, then
 * per run the zigzag difference of its first vertex with the previous run's end, its length, and
 * whether it is a reference (else each line's length follows); then the kept bytes — deflated.
 * Null for a file with conflicts (markers and zombies are not kept) or too small to be worth it.
 */
export function packOutput(file: Linearization, ownerOf: OwnerOf): Uint8Array | null {
  if (file.conflicts.length > 0 || itemCount(file) < KEPT_OUTPUT_LINES) return null;
  const lines = columnsOf(file);
  if (!lines) return null;
  const { vertices, offsets } = lines;
  const runs: Run[] = [];
  for (let i = 0; i < vertices.length; i++) {
    const last = runs[runs.length - 1];
    if (last && (vertices[i - 1] as number) + 1 === vertices[i]) last.end++;
    else runs.push({ start: i, end: i + 1, bytes: 0, referenced: false });
  }
  for (const run of runs) run.bytes = (offsets[run.end] as number) - (offsets[run.start] as number);
  markReferences(runs, vertices, ownerOf);
  const header = new VarintWriter(4 * runs.length + 16);
  let keptBytes = 0;
  header.write(runs.length);
  let previousEnd = 0;
  for (const run of runs) {
    const first = vertices[run.start] as number;
    header.write(zigzag(first - previousEnd));
    header.write(run.end - run.start);
    header.write(run.referenced ? 1 : 0);
    if (!run.referenced) {
      for (let i = run.start; i < run.end; i++) header.write((offsets[i + 1] as number) - (offsets[i] as number));
      keptBytes += run.bytes;
    }
    previousEnd = first + run.end - run.start;
  }
  const head = header.bytes();
  const whole = new Uint8Array(head.length + keptBytes);
  whole.set(head, 0);
  let at = head.length;
  // A run's lines are consecutive in the output: one copy per run. The bytes are made only when
  // a run keeps them (a new large file is all references).
  for (const run of runs) {
    if (run.referenced) continue;
    whole.set(lines.bytes().subarray(offsets[run.start] as number, offsets[run.end] as number), at);
    at += run.bytes;
  }
  return deflateRawSync(whole, { level: 1 });
}

/**
 * The lines of a conflict-free file as columns, each line's vertex and offset; null when an item
 * is not a plain line (a zombie, a line shown with a newline it lacks). The bytes of a linearized
 * file are made only if asked for.
 */
function columnsOf(file: Linearization): { vertices: Int32Array; offsets: Int32Array; bytes: () => Uint8Array } | null {
  if (file instanceof PlainLines)
    return { vertices: file.vertices, offsets: file.output.offsets, bytes: () => file.output.bytes };
  const { items } = file;
  const vertices = new Int32Array(items.length);
  const offsets = new Int32Array(items.length + 1);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as OutputItem;
    if (item.kind !== 'line' || item.zombie || item.displayNewline) return null;
    vertices[i] = item.vertex;
    offsets[i + 1] = (offsets[i] as number) + item.length;
  }
  const bytes = () => {
    file.output ??= outputOf(items);
    return file.output.bytes;
  };
  return { vertices, offsets, bytes };
}

/** Marks the long runs whose change they make at least half of (see REFERENCED_RUN_BYTES). */
function markReferences(runs: Run[], vertices: Int32Array, ownerOf: OwnerOf): void {
  const long = runs.filter((run) => run.bytes >= REFERENCED_RUN_BYTES);
  const byChange = new Map<number, { runs: Run[]; bytes: number; contentsLength: number }>();
  for (const run of long) {
    const { changeId, contentsLength } = ownerOf(vertices[run.start] as number);
    const group = byChange.get(changeId) ?? { runs: [], bytes: 0, contentsLength };
    group.runs.push(run);
    group.bytes += run.bytes;
    byChange.set(changeId, group);
  }
  for (const group of byChange.values()) {
    if (2 * group.bytes >= group.contentsLength) for (const run of group.runs) run.referenced = true;
  }
}

/**
 * The output `packOutput` kept, as columns: referenced runs are read with `lineBytes`, kept lines
 * are views of the kept bytes (see OutputBuilder: a new large file is a view of its change's
 * contents, not a copy).
 */
export function unpackOutput(packed: Uint8Array, lineBytes: LineBytes): PlainLines {
  const whole = inflateRawSync(packed, wholeOutput(packed.length));
  const reader = new VarintReader(whole);
  const runs: Array<{ first: number; count: number; lengths: number[] | null }> = [];
  let total = 0;
  let previousEnd = 0;
  for (let count = reader.read(); runs.length < count; ) {
    const first = previousEnd + unzigzag(reader.read());
    const length = reader.read();
    const lengths = reader.read() === 1 ? null : Array.from({ length }, () => reader.read());
    runs.push({ first, count: length, lengths });
    total += length;
    previousEnd = first + length;
  }
  const kept = whole.subarray(reader.position);
  const vertices = new Int32Array(total);
  const output = new OutputBuilder(total);
  let n = 0;
  let at = 0;
  for (const { first, count, lengths } of runs) {
    for (let k = 0; k < count; k++) vertices[n++] = first + k;
    if (lengths === null) lineBytes(first, count, output.add);
    else {
      for (const length of lengths) {
        output.add(kept, at, at + length);
        at += length;
      }
    }
  }
  return new PlainLines(vertices, output.finish());
}
