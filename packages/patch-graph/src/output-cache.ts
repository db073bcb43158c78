import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type Linearization, LineItem } from '@lineage/graph-output';
import { unzigzag, VarintReader, VarintWriter, zigzag } from './edge-codec.js';

/**
 * Files from this many lines up keep their output per state in the pristine (derived_cache):
 * the next process reads it back instead of decoding the file's graph. Below this, linearizing
 * is as quick.
 */
export const KEPT_OUTPUT_LINES = 2000;

/**
 * A run of lines whose bytes are this long or longer is kept as a reference to the change that
 * wrote it (its vertices), not as bytes: reading it back decompresses that change's contents
 * once, which for a run this large costs less than copying and compressing the bytes again on
 * every record — a new 250,000-line file is one run. Shorter runs (the lines of many small
 * edits) keep their bytes, so reading them back does not decompress every change that wrote one.
 */
export const REFERENCED_RUN_BYTES = 64 * 1024;

/**
 * A conflict-free file's output as kept, runs of consecutive vertex ids: the number of runs, then
 * per run the zigzag difference of its first vertex with the previous run's end, its length, and
 * whether its bytes are kept (then each line's length); then the kept bytes — deflated. Null for a
 * file with conflicts (markers and zombies are not kept) or too small to be worth it.
 */
export function packOutput(file: Linearization): Uint8Array | null {
  const { items } = file;
  if (file.conflicts.length > 0 || items.length < KEPT_OUTPUT_LINES) return null;
  const runs: Array<{ start: number; end: number; bytes: number }> = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as LineItem;
    if (item.kind !== 'line' || item.zombie || item.displayNewline) return null;
    const last = runs[runs.length - 1];
    if (last && (items[last.end - 1] as LineItem).vertex + 1 === item.vertex) {
      last.end++;
      last.bytes += item.length;
    } else runs.push({ start: i, end: i + 1, bytes: item.length });
  }
  const header = new VarintWriter(4 * runs.length + 16);
  const kept: LineItem[] = [];
  header.write(runs.length);
  let previousEnd = 0;
  for (const run of runs) {
    const first = (items[run.start] as LineItem).vertex;
    const referenced = run.bytes >= REFERENCED_RUN_BYTES;
    header.write(zigzag(first - previousEnd));
    header.write(run.end - run.start);
    header.write(referenced ? 1 : 0);
    if (!referenced) {
      for (let i = run.start; i < run.end; i++) {
        header.write((items[i] as LineItem).length);
        kept.push(items[i] as LineItem);
      }
    }
    previousEnd = first + run.end - run.start;
  }
  const head = header.bytes();
  const whole = new Uint8Array(head.length + kept.reduce((n, item) => n + item.length, 0));
  whole.set(head, 0);
  let at = head.length;
  for (const item of kept) {
    whole.set(item.bytes, at);
    at += item.length;
  }
  return deflateRawSync(whole, { level: 1 });
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
