import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type Linearization, LineItem, type OutputItem, outputOf } from '@lineage/graph-output';
import { unzigzag, VarintReader, VarintWriter, zigzag } from './edge-codec.js';

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
  const { items } = file;
  if (file.conflicts.length > 0 || items.length < KEPT_OUTPUT_LINES) return null;
  const runs: Run[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as LineItem;
    if (item.kind !== 'line' || item.zombie || item.displayNewline) return null;
    const last = runs[runs.length - 1];
    if (last && (items[last.end - 1] as LineItem).vertex + 1 === item.vertex) {
      last.end++;
      last.bytes += item.length;
    } else runs.push({ start: i, end: i + 1, bytes: item.length, referenced: false });
  }
  markReferences(runs, items, ownerOf);
  const header = new VarintWriter(4 * runs.length + 16);
  let keptBytes = 0;
  header.write(runs.length);
  let previousEnd = 0;
  for (const run of runs) {
    const first = (items[run.start] as LineItem).vertex;
    header.write(zigzag(first - previousEnd));
    header.write(run.end - run.start);
    header.write(run.referenced ? 1 : 0);
    if (!run.referenced) {
      for (let i = run.start; i < run.end; i++) header.write((items[i] as LineItem).length);
      keptBytes += run.bytes;
    }
    previousEnd = first + run.end - run.start;
  }
  const head = header.bytes();
  const whole = new Uint8Array(head.length + keptBytes);
  whole.set(head, 0);
  let at = head.length;
  // A run's lines are consecutive in the output: one copy per run. The output is made only when
  // a run keeps its bytes (a new large file is all references).
  for (const run of runs) {
    if (run.referenced) continue;
    file.output ??= outputOf(items);
    const { bytes, offsets } = file.output;
    whole.set(bytes.subarray(offsets[run.start] as number, offsets[run.end] as number), at);
    at += run.bytes;
  }
  return deflateRawSync(whole, { level: 1 });
}

/** Marks the long runs whose change they make at least half of (see REFERENCED_RUN_BYTES). */
function markReferences(runs: Run[], items: OutputItem[], ownerOf: OwnerOf): void {
  const long = runs.filter((run) => run.bytes >= REFERENCED_RUN_BYTES);
  const byChange = new Map<number, { runs: Run[]; bytes: number; contentsLength: number }>();
  for (const run of long) {
    const { changeId, contentsLength } = ownerOf((items[run.start] as LineItem).vertex);
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
 * The linearization `packOutput` kept. `lines` appends a referenced run of vertices as lines (from
 * their change's contents); kept lines are views of one buffer.
 */
export function unpackOutput(
  packed: Uint8Array,
  lines: (first: number, count: number, into: LineItem[]) => void,
): Linearization {
  const whole = inflateRawSync(packed);
  const reader = new VarintReader(whole);
  const runs: Array<{ first: number; count: number; lengths: number[] | null }> = [];
  let previousEnd = 0;
  for (let count = reader.read(); runs.length < count; ) {
    const first = previousEnd + unzigzag(reader.read());
    const length = reader.read();
    const lengths = reader.read() === 1 ? null : Array.from({ length }, () => reader.read());
    runs.push({ first, count: length, lengths });
    previousEnd = first + length;
  }
  const bytes = whole.subarray(reader.position);
  const items: LineItem[] = [];
  let at = 0;
  for (const { first, count, lengths } of runs) {
    if (lengths === null) lines(first, count, items);
    else {
      for (let k = 0; k < count; k++) {
        const length = lengths[k] as number;
        items.push(new LineItem(first + k, bytes, at, at + length));
        at += length;
      }
    }
  }
  return { items, conflicts: [] };
}
