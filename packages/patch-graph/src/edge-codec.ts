import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { QUICK_LARGE_DEFLATE, wholeOutput } from './zlib-output.js';

/**
 * The edges of one file as stored: columns of equal length, edge `i` being
 * `from[i] → to[i]` with `flag[i]`, introduced by change row `by[i]`, superseding the edge at
 * index `replaces[i]` of the same file (-1 when it supersedes none).
 */
export interface EdgeColumns {
  from: Int32Array;
  to: Int32Array;
  flag: Int32Array;
  by: Int32Array;
  replaces: Int32Array;
}

const RAW = 0;
const DEFLATED = 1;
/** Smaller encodings are kept as they are: deflate's header would cost more than it saves. */
const DEFLATE_FROM = 128;

/**
 * Packs edges `start .. start + count` of `edges` (their indices in the file are
 * `first .. first + count`). Most edges join consecutive lines of one change, so each value is
 * written as a zigzag varint of its difference with a neighbour — `to` with `from`, `from` with
 * the previous `to`, `by` with the previous `by`, `replaces` with the edge's own index — which
 * takes a byte or two per value; deflate then squeezes the repetition.
 */
export function encodeEdges(edges: EdgeColumns, start: number, count: number, first: number): Uint8Array {
  const out = new VarintWriter(count * 6 + 8);
  out.write(count);
  let previousTo = 0;
  let previousBy = 0;
  for (let i = start; i < start + count; i++) {
    const from = edges.from[i] as number;
    const to = edges.to[i] as number;
    const by = edges.by[i] as number;
    const replaces = edges.replaces[i] as number;
    out.write(zigzag(from - previousTo));
    out.write(zigzag(to - from));
    out.write(edges.flag[i] as number);
    out.write(zigzag(by - previousBy));
    out.write(replaces < 0 ? 0 : first + (i - start) - replaces);
    previousTo = to;
    previousBy = by;
  }
  const raw = out.bytes();
  if (raw.length < DEFLATE_FROM) return withHeader(RAW, raw);
  return withHeader(DEFLATED, deflateRawSync(raw, raw.length > 1 << 20 ? QUICK_LARGE_DEFLATE : { level: 6 }));
}

/** The edges of a blob made by `encodeEdges` whose first edge has index `first` in its file. */
export function decodeEdges(blob: Uint8Array, first: number): { columns: EdgeColumns; count: number } {
  const body = blob.subarray(1);
  const raw = blob[0] === DEFLATED ? inflateRawSync(body, wholeOutput(body.length)) : body;
  const reader = new VarintReader(raw);
  const count = reader.read();
  const columns = emptyColumns(count);
  let previousTo = 0;
  let previousBy = 0;
  for (let i = 0; i < count; i++) {
    const from = previousTo + unzigzag(reader.read());
    const to = from + unzigzag(reader.read());
    columns.from[i] = from;
    columns.to[i] = to;
    columns.flag[i] = reader.read();
    const by = previousBy + unzigzag(reader.read());
    columns.by[i] = by;
    const back = reader.read();
    columns.replaces[i] = back === 0 ? -1 : first + i - back;
    previousTo = to;
    previousBy = by;
  }
  return { columns, count };
}

export function emptyColumns(capacity: number): EdgeColumns {
  return {
    from: new Int32Array(capacity),
    to: new Int32Array(capacity),
    flag: new Int32Array(capacity),
    by: new Int32Array(capacity),
    replaces: new Int32Array(capacity),
  };
}

/**
 * Columns holding at least `needed` edges, the first `count` of `columns` kept: the same object
 * when it has room, else one twice as large (appends stay amortized constant time).
 */
export function withRoom(columns: EdgeColumns, count: number, needed: number): EdgeColumns {
  if (columns.from.length >= needed) return columns;
  const grown = emptyColumns(Math.max(needed, columns.from.length * 2));
  for (const key of COLUMN_KEYS) grown[key].set(columns[key].subarray(0, count));
  return grown;
}

export const COLUMN_KEYS = ['from', 'to', 'flag', 'by', 'replaces'] as const;

export const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
export const unzigzag = (n: number): number => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

function withHeader(kind: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = kind;
  out.set(body, 1);
  return out;
}

/** Unsigned LEB128 varints (values up to 2^53). */
export class VarintWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(capacity = 64) {
    this.buffer = new Uint8Array(capacity);
  }

  write(value: number): void {
    if (this.length + 10 > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2 + 16);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

export class VarintReader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  /** Where the next varint starts: what follows the varints is the caller's. */
  get position(): number {
    return this.at;
  }

  read(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new RangeError('truncated varint');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }
}
