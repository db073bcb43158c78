import type { FileOutput, LineItem, OutputItem } from './output-items.js';

const NEWLINE = Buffer.from('\n');

/** What an item writes: a line's bytes (plus a newline before a marker), or the marker. */
export function itemBytes(item: OutputItem): Uint8Array {
  if (item.kind === 'marker') return Buffer.from(item.text, 'latin1');
  return item.displayNewline ? Buffer.concat([item.bytes, NEWLINE]) : item.bytes;
}

export const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** What an item writes, as text (latin1: one character per byte). */
export const itemText = (item: OutputItem): string =>
  item.kind === 'marker' ? item.text : latin1(item.bytes) + (item.displayNewline ? '\n' : '');

/**
 * A copy of `bytes` as a Buffer. `Buffer.from(view)` zero-fills its memory before copying: for
 * a file of megabytes this is several times quicker.
 */
export function copyToBuffer(bytes: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafe(bytes.length);
  copy.set(bytes);
  return copy;
}

/** Buffer's copy takes any Uint8Array as its source and makes no intermediate view. */
const copyBytes = Buffer.prototype.copy as (
  this: Uint8Array,
  target: Uint8Array,
  targetStart: number,
  sourceStart: number,
  sourceEnd: number,
) => number;

/** The bytes of a list of items and the offset of each. */
export function outputOf(items: OutputItem[]): FileOutput {
  const offsets = new Int32Array(items.length + 1);
  const markers = new Map<number, Uint8Array>();
  items.forEach((item, i) => {
    let length: number;
    if (item.kind === 'marker') {
      const bytes = itemBytes(item);
      markers.set(i, bytes);
      length = bytes.length;
    } else length = item.length + (item.displayNewline ? 1 : 0);
    offsets[i + 1] = (offsets[i] as number) + length;
  });
  const bytes = Buffer.allocUnsafe(offsets[items.length] as number);
  // Consecutive lines of one change usually sit side by side in its contents: one copy per run
  // of them, not one per line.
  let run: LineItem | null = null;
  let runEnd = 0;
  let runAt = 0;
  const flush = () => {
    if (run) copyBytes.call(run.source, bytes, runAt, run.start, runEnd);
    run = null;
  };
  items.forEach((item, i) => {
    const at = offsets[i] as number;
    if (item.kind === 'marker') {
      flush();
      bytes.set(markers.get(i) as Uint8Array, at);
      return;
    }
    if (!run || item.source !== run.source || item.start !== runEnd) {
      flush();
      run = item;
      runAt = at;
    }
    runEnd = item.end;
    if (item.displayNewline) {
      flush();
      bytes[at + item.length] = 0x0a;
    }
  });
  flush();
  return { bytes, offsets };
}
