import { contentId, isContentId } from '@lineage/content-hash';
import { LineageError, quoteInput } from '@lineage/errors';
import { EdgeFlag } from '@lineage/graph-output';
import { canonicalJson, type JsonValue } from './canonical-json.js';

/** The change that introduced a vertex or edge: a change hash, `''` for "this change", or the root. */
export type ChangeName = string;
export const SELF: ChangeName = '';
export const ROOT: ChangeName = 'ROOT';

/**
 * A vertex: the `index`-th vertex created by `change` (vertices are numbered in the order the
 * change's `vertices` operations create them). Serialized as `[change, index]`.
 */
export type VertexRef = readonly [change: ChangeName, index: number];
export const ROOT_VERTEX: VertexRef = [ROOT, 0];

/**
 * What a change depends on. Tags arrive later (consolidating tags, seed 000): the format takes
 * `{type: 'tag'}` from version 1 on, so adding them needs no version break.
 */
export type DependencyRef = { type: 'change'; hash: string } | { type: 'tag'; hash: string; name?: string };

export interface ChangeHeader {
  message: string;
  authors: string[];
  /** RFC 3339, UTC (`2026-11-22T02:19:27.000Z`). */
  timestamp: string;
}

/** What a hunk does, for people: `files` summaries and `change` display read it; apply does not. */
export type HunkKind = 'add' | 'delete' | 'move' | 'edit' | 'replace' | 'resolve' | 'mode';

/**
 * New vertices (Pijul's NewVertex): a chain of byte ranges of this change's contents, attached
 * after every `up` vertex and before every `down` vertex. `inode` is the file the lines belong
 * to (`ROOT` for file-tree vertices: names and inodes).
 */
export interface VerticesOperation {
  type: 'vertices';
  kind: HunkKind;
  path: string;
  inode: VertexRef;
  flag: number;
  up: VertexRef[];
  down: VertexRef[];
  /**
   * Vertex `i` is `contents[ranges[2i], ranges[2i + 1])`: flat pairs, so that a new file's
   * quarter million lines are one array, not a pair object each. See `rangeCount`.
   */
  ranges: Uint32Array;
}

/** How many vertices a vertices operation adds. */
export const rangeCount = (op: VerticesOperation): number => op.ranges.length / 2;

/** The bytes of each vertex a vertices operation adds (views of `contents`), in order. */
export function vertexBytes(op: VerticesOperation, contents: Uint8Array): Uint8Array[] {
  return Array.from({ length: rangeCount(op) }, (_, i) =>
    contents.subarray(op.ranges[2 * i] as number, op.ranges[2 * i + 1] as number),
  );
}

/**
 * Edge updates (Pijul's EdgeMap). Each supersedes the edge `(from, to, previous)` with a new
 * edge `(from, to, flag)` introduced by this change; `previous: null` adds an edge (used to
 * solve an order conflict). A superseded edge is kept, hidden, so unrecord can restore it.
 */
export interface EdgesOperation {
  type: 'edges';
  kind: HunkKind;
  path: string;
  inode: VertexRef;
  edges: EdgeUpdate[];
}

export interface EdgeUpdate {
  from: VertexRef;
  to: VertexRef;
  previous: { flag: number; introducedBy: ChangeName } | null;
  flag: number;
}

export type Operation = VerticesOperation | EdgesOperation;

/**
 * The version record writes. Version 2 writes a chain of new lines (a file's lines, back to
 * back in the contents) as one `lines: [start, end]` span instead of a range per line — a new
 * 250,000-line file is one span — and is otherwise version 1, which is still read, and hashed as
 * it was written.
 */
export const CHANGE_FORMAT_VERSION = 2;
const READABLE_VERSIONS = new Set([1, 2]);

export interface Change {
  version: number;
  header: ChangeHeader;
  /** Minimal: no dependency is implied by another one. */
  dependencies: DependencyRef[];
  /**
   * Changes this change saw (contexts it referenced) beyond its dependencies: Pijul's
   * `extra_known`. Conflict detection asks "did the deleter know this edge?" through it.
   */
  known: string[];
  /** Free-form, hashed (AI attribution lives here, under a versioned key). */
  metadata: { [key: string]: JsonValue };
  operations: Operation[];
  contents: Uint8Array;
}

const MAGIC = 'lineage change 1\n';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The hashed bytes: a magic line, the length of a canonical JSON document, the document, then
 * the raw contents. The hash of a change is BLAKE3 over exactly these bytes.
 */
export function serializeChange(change: Change): Uint8Array {
  const { document, contents } = serializeParts(change);
  return joinSerialized(document, contents);
}

/** The serialization as its two parts (see `splitSerialized`), without joining them. */
export function serializeParts(change: Change): { document: Uint8Array; contents: Uint8Array } {
  const { contents, ...rest } = change;
  const document = { ...rest, operations: rest.operations.map((op) => written(op, contents, change.version)) };
  const json = encoder.encode(canonicalJson(document));
  const magic = encoder.encode(MAGIC);
  const head = new Uint8Array(magic.length + 4 + json.length);
  head.set(magic, 0);
  new DataView(head.buffer).setUint32(magic.length, json.length);
  head.set(json, magic.length + 4);
  return { document: head, contents };
}

/**
 * A serialization's two parts: the document (magic line, length, JSON) and the raw contents —
 * stored apart, so that output reads a change's contents without its operations.
 */
export function splitSerialized(bytes: Uint8Array): { document: Uint8Array; contents: Uint8Array } {
  const magic = encoder.encode(MAGIC);
  if (bytes.length < magic.length + 4) throw new Error('a change serialization is too short');
  const end = magic.length + 4 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(magic.length);
  if (end > bytes.length) throw new Error('a change serialization is truncated');
  return { document: bytes.subarray(0, end), contents: bytes.subarray(end) };
}

/** The serialization from its two parts: the inverse of `splitSerialized`. */
export function joinSerialized(document: Uint8Array, contents: Uint8Array): Uint8Array {
  const out = new Uint8Array(document.length + contents.length);
  out.set(document, 0);
  out.set(contents, document.length);
  return out;
}

/**
 * An operation as it is serialized: ranges as `[start, end]` pairs, or (version 2) as one
 * `lines: [start, end]` span when they are a chain of lines.
 */
function written(op: Operation, contents: Uint8Array, version: number): object {
  if (op.type !== 'vertices') return op;
  const { ranges, ...rest } = op;
  const span = version >= 2 ? lineSpan(ranges, contents) : null;
  if (span) return { ...rest, lines: span };
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i] as number, ranges[i + 1] as number]);
  return { ...rest, ranges: pairs };
}

/**
 * `[start, end]` when `ranges` are exactly the lines of `contents[start, end)` — back to back,
 * each ending at its first newline, the last one possibly without — otherwise null.
 */
function lineSpan(ranges: Uint32Array, contents: Uint8Array): [number, number] | null {
  if (ranges.length === 0) return null;
  const start = ranges[0] as number;
  let at = start;
  for (let i = 0; i < ranges.length; i += 2) {
    const rangeStart = ranges[i] as number;
    const end = ranges[i + 1] as number;
    if (rangeStart !== at || end <= rangeStart) return null;
    const newline = contents.indexOf(0x0a, rangeStart);
    const endsLine = newline !== -1 && newline < end;
    // A line ends at its first newline; only the last may end without one.
    if (endsLine ? newline !== end - 1 : i !== ranges.length - 2) return null;
    at = end;
  }
  return [start, at];
}

/** The lines of `contents[start, end)` as vertex ranges (version 2's `lines`). */
function linesOf(contents: Uint8Array, start: number, end: number): Uint32Array {
  const endOf = (at: number) => {
    const newline = contents.indexOf(0x0a, at);
    return newline === -1 || newline >= end ? end : newline + 1;
  };
  // Counted first: the ranges are one array of the right size.
  let count = 0;
  for (let at = start; at < end; at = endOf(at)) count++;
  const ranges = new Uint32Array(2 * count);
  let i = 0;
  for (let at = start; at < end; ) {
    ranges[i++] = at;
    at = endOf(at);
    ranges[i++] = at;
  }
  return ranges;
}

export function hashChange(change: Change): string {
  return contentId(serializeChange(change));
}

export function parseChange(bytes: Uint8Array, origin = 'change'): Change {
  const magic = encoder.encode(MAGIC);
  const malformed = (why: string) =>
    new LineageError('CHANGE_MALFORMED', `${origin} is not a valid change: ${why}`, {
      hint: 'the file may be corrupted or written by a newer version; fetch it again from its source',
      details: { origin },
    });
  if (bytes.length < magic.length + 4 || !magic.every((byte, i) => bytes[i] === byte)) {
    throw malformed('it does not start with the change format header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(magic.length);
  const jsonEnd = magic.length + 4 + jsonLength;
  if (jsonEnd > bytes.length) throw malformed('it is truncated');
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(bytes.subarray(magic.length + 4, jsonEnd)));
  } catch {
    throw malformed('its header is not JSON');
  }
  // A plain Uint8Array copy, whatever the input (Buffer from zlib, or a view of a larger array).
  const contents = new Uint8Array(bytes.subarray(jsonEnd));
  try {
    return validateChange(body, contents);
  } catch (error) {
    throw malformed((error as Error).message);
  }
}

function validateChange(body: unknown, contents: Uint8Array): Change {
  const record = expectObject(body, 'change');
  const version = record.version as number;
  if (!READABLE_VERSIONS.has(version)) {
    throw new Error(`unsupported format version ${quoteInput(String(record.version))}`);
  }
  const header = expectObject(record.header, 'header');
  const change: Change = {
    version,
    header: {
      message: expectString(header.message, 'header.message'),
      authors: expectArray(header.authors, 'header.authors').map((a) => expectString(a, 'author')),
      timestamp: expectString(header.timestamp, 'header.timestamp'),
    },
    dependencies: expectArray(record.dependencies, 'dependencies').map(validateDependency),
    known: expectArray(record.known, 'known').map((hash) => expectHash(hash, 'known')),
    metadata: expectObject(record.metadata, 'metadata') as Change['metadata'],
    operations: expectArray(record.operations, 'operations').map((op) => validateOperation(op, version, contents)),
    contents,
  };
  return change;
}

function validateDependency(value: unknown): DependencyRef {
  const dep = expectObject(value, 'dependency');
  const hash = expectHash(dep.hash, 'dependency');
  if (dep.type === 'change') return { type: 'change', hash };
  if (dep.type === 'tag') {
    return dep.name === undefined ? { type: 'tag', hash } : { type: 'tag', hash, name: expectString(dep.name, 'name') };
  }
  throw new Error(`unknown dependency type ${quoteInput(String(dep.type))}`);
}

function validateOperation(value: unknown, version: number, contents: Uint8Array): Operation {
  const op = expectObject(value, 'operation');
  const common = {
    kind: expectString(op.kind, 'kind') as HunkKind,
    path: expectString(op.path, 'path'),
    inode: expectVertex(op.inode),
  };
  if (op.type === 'vertices') {
    return {
      type: 'vertices',
      ...common,
      flag: expectFlag(op.flag),
      up: expectArray(op.up, 'up').map(expectVertex),
      down: expectArray(op.down, 'down').map(expectVertex),
      ranges: validateRanges(op, version, contents),
    };
  }
  if (op.type === 'edges') {
    return {
      type: 'edges',
      ...common,
      edges: expectArray(op.edges, 'edges').map((item) => {
        const edge = expectObject(item, 'edge');
        const previous = edge.previous === null ? null : expectObject(edge.previous, 'previous');
        return {
          from: expectVertex(edge.from),
          to: expectVertex(edge.to),
          previous:
            previous === null
              ? null
              : { flag: expectFlag(previous.flag), introducedBy: expectName(previous.introducedBy) },
          flag: expectFlag(edge.flag),
        };
      }),
    };
  }
  throw new Error(`unknown operation type ${quoteInput(String(op.type))}`);
}

/** A vertices operation's ranges, from its `ranges` or (version 2) its span of `lines`. */
function validateRanges(op: Record<string, unknown>, version: number, contents: Uint8Array): Uint32Array {
  const range = (value: unknown, least: number) => {
    const [start, end] = expectArray(value, 'range');
    if (!isIndex(start) || !isIndex(end) || end - start < least || end > contents.length) {
      throw new Error(`range ${JSON.stringify(value)} is outside the contents`);
    }
    return [start, end] as const;
  };
  if (version >= 2 && op.lines !== undefined) {
    if (op.ranges !== undefined) throw new Error('a vertices operation has both lines and ranges');
    const [start, end] = range(op.lines, 1);
    return linesOf(contents, start, end);
  }
  const pairs = expectArray(op.ranges, 'ranges');
  const ranges = new Uint32Array(2 * pairs.length);
  pairs.forEach((value, i) => {
    ranges.set(range(value, 0), 2 * i);
  });
  // One change, one serialization: version 2 writes a span of lines as `lines`, never as ranges.
  if (version >= 2 && lineSpan(ranges, contents)) throw new Error('a span of lines is written as ranges');
  return ranges;
}

const isIndex = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} must be an object`);
  return value as Record<string, unknown>;
}
function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}
function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be a string`);
  return value;
}
function expectHash(value: unknown, what: string): string {
  if (typeof value !== 'string' || !isContentId(value)) throw new Error(`${what} hash ${quoteInput(String(value))}`);
  return value;
}
function expectName(value: unknown): ChangeName {
  if (value === SELF || value === ROOT) return value;
  return expectHash(value, 'change');
}
function expectFlag(value: unknown): number {
  if (!isIndex(value) || (value as number) > EdgeFlag.ALL) throw new Error(`bad edge flag ${String(value)}`);
  return value as number;
}
function expectVertex(value: unknown): VertexRef {
  const [change, index] = expectArray(value, 'vertex');
  if (!isIndex(index)) throw new Error('vertex index must be a non-negative integer');
  return [expectName(change), index];
}
