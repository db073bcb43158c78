import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { VarintReader, VarintWriter } from './edge-codec.js';
import { type Linearization, LineItem } from './output-items.js';
import { outputOf } from './record-file.js';

/**
 * Files from this many lines up keep their output per state in the pristine (derived_cache):
 * the next process reads it back instead of decoding the file's graph and decompressing the
 * contents of every change that wrote one of its lines. Below this, linearizing is as quick.
 */
export const KEPT_OUTPUT_LINES = 2000;

/**
 * A conflict-free file's output as kept: the number of lines, each line's vertex (as the zigzag
 * difference from the one before) and length, then the bytes — deflated. Null for a file with
 * conflicts (markers and zombies are not kept) or too small to be worth it.
 */
export function packOutput(file: Linearization): Uint8Array | null {
  if (file.conflicts.length > 0 || file.items.length < KEPT_OUTPUT_LINES) return null;
  file.output ??= outputOf(file.items);
  const output = file.output;
  const header = new VarintWriter(4 * file.items.length + 16);
  header.write(file.items.length);
  let previous = 0;
  for (const item of file.items) {
    if (item.kind !== 'line') return null;
    const delta = item.vertex - previous;
    header.write(delta >= 0 ? 2 * delta : -2 * delta - 1);
    previous = item.vertex;
  }
  for (const item of file.items) header.write((item as LineItem).length);
  const head = header.bytes();
  const whole = new Uint8Array(head.length + output.bytes.length);
  whole.set(head, 0);
  whole.set(output.bytes, head.length);
  return deflateRawSync(whole, { level: 1 });
}

/** The linearization `packOutput` kept: its lines are views of one buffer, as output makes them. */
export function unpackOutput(packed: Uint8Array): Linearization {
  const whole = inflateRawSync(packed);
  const reader = new VarintReader(whole);
  const count = reader.read();
  const vertices = new Array<number>(count);
  let vertex = 0;
  for (let i = 0; i < count; i++) {
    const delta = reader.read();
    vertex += delta % 2 === 0 ? delta / 2 : -(delta + 1) / 2;
    vertices[i] = vertex;
  }
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = (offsets[i] as number) + reader.read();
  const bytes = whole.subarray(reader.position);
  const items = vertices.map((id, i) => new LineItem(id, bytes, offsets[i] as number, offsets[i + 1] as number));
  return { items, conflicts: [], output: { bytes, offsets } };
}
