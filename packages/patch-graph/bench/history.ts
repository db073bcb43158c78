import { type Change, EdgeFlag, type EdgeUpdate, hashChange, type Operation, type VertexRef } from '../src/index.js';

/**
 * Builds a long history without recording it: the benchmark needs 10,000 changes, and
 * recording each would re-read the working file every time. It keeps, for each line of each
 * file, its vertex and its alive incoming edges — exactly what a change must name — and emits
 * the changes a record would (deletions supersede incoming edges, insertions attach between
 * neighbours), to be applied through the public API in bulk transactions.
 */
interface Line {
  ref: VertexRef;
  incoming: Array<{ from: VertexRef; flag: number; by: string }>;
  /** Changes that attached lines after this one: a deletion must know them (else: a zombie). */
  outgoingBy: string[];
}

export interface TrackedFile {
  path: string;
  inode: VertexRef;
  lines: Line[];
}

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same history. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The tracked state of a file recorded in one change with `count` lines (vertices 2..count+1). */
export function trackAddedFile(
  path: string,
  hash: string,
  inodeIndex: number,
  firstLine: number,
  count: number,
): TrackedFile {
  const inode: VertexRef = [hash, inodeIndex];
  const lines: Line[] = [];
  for (let i = 0; i < count; i++) {
    const from: VertexRef = i === 0 ? inode : [hash, firstLine + i - 1];
    lines.push({
      ref: [hash, firstLine + i],
      incoming: [{ from, flag: i === 0 ? 0 : EdgeFlag.BLOCK, by: hash }],
      outgoingBy: [hash],
    });
  }
  return { path, inode, lines };
}

/** One synthetic change touching 1–3 places of the given files; updates the tracked state. */
export function synthesizeChange(files: TrackedFile[], next: () => number, serial: number): [string, Change] {
  const operations: Operation[] = [];
  const chunks: string[] = [];
  let length = 0;
  let vertexCount = 0;
  const referenced = new Set<string>();
  const created: Line[] = [];
  const places = 1 + Math.floor(next() * 3);
  const touched = new Map<TrackedFile, number[]>();
  for (let i = 0; i < places; i++) {
    const file = files[Math.floor(next() * files.length)] as TrackedFile;
    const list = touched.get(file) ?? [];
    const at = Math.floor(next() * file.lines.length);
    // Keep places apart so their contexts do not overlap.
    if (list.every((other) => Math.abs(other - at) > 3)) list.push(at);
    touched.set(file, list);
  }
  const note = (ref: VertexRef) => {
    if (ref[0] !== '' && ref[0] !== 'ROOT') referenced.add(ref[0]);
    return ref;
  };
  for (const [file, positions] of touched) {
    for (const at of positions.sort((a, b) => b - a)) {
      const kind = next();
      const deleting = kind < 0.8; // replace (60%) or delete (20%)
      const inserting = kind < 0.6 || kind >= 0.8; // replace or insert (20%)
      const line = file.lines[at] as Line;
      const edges: EdgeUpdate[] = [];
      if (deleting) {
        for (const by of line.outgoingBy) if (by !== '') referenced.add(by);
        for (const edge of line.incoming) {
          referenced.add(edge.by);
          edges.push({
            from: note(edge.from),
            to: note(line.ref),
            previous: { flag: edge.flag, introducedBy: edge.by },
            flag: edge.flag | EdgeFlag.DELETED,
          });
        }
        operations.push({ type: 'edges', kind: 'edit', path: file.path, inode: note(file.inode), edges });
      }
      if (inserting) {
        const upLine = at === 0 ? undefined : (file.lines[at - 1] as Line);
        const up = upLine ? upLine.ref : file.inode;
        upLine?.outgoingBy.push('');
        if (upLine) created.push(upLine);
        const downLine = deleting ? file.lines[at + 1] : line;
        const text = `line ${serial}.${vertexCount}\n`;
        const ref: VertexRef = ['', vertexCount++];
        operations.push({
          type: 'vertices',
          kind: 'edit',
          path: file.path,
          inode: note(file.inode),
          flag: 0,
          up: [note(up)],
          down: downLine ? [note(downLine.ref)] : [],
          ranges: Uint32Array.of(length, length + text.length),
        });
        chunks.push(text);
        length += text.length;
        const fresh: Line = { ref, incoming: [{ from: up, flag: 0, by: '' }], outgoingBy: downLine ? [''] : [] };
        created.push(fresh);
        if (downLine) downLine.incoming.push({ from: ref, flag: 0, by: '' });
        if (downLine) created.push(downLine);
        file.lines.splice(at, deleting ? 1 : 0, fresh);
      } else {
        file.lines.splice(at, 1);
      }
    }
  }
  const change: Change = {
    version: 1,
    header: {
      message: `change ${serial}`,
      authors: ['bench'],
      timestamp: new Date(Date.UTC(2026, 0, 1) + serial * 1000).toISOString(),
    },
    dependencies: [...referenced].sort().map((hash) => ({ type: 'change', hash })),
    known: [],
    metadata: {},
    operations,
    contents: new TextEncoder().encode(chunks.join('')),
  };
  const hash = hashChange(change);
  // Now that the hash is known, this change's own vertices and edges get their real name.
  const own = (ref: VertexRef): VertexRef => (ref[0] === '' ? [hash, ref[1]] : ref);
  for (const line of created) {
    line.ref = own(line.ref);
    line.outgoingBy = line.outgoingBy.map((by) => (by === '' ? hash : by));
    for (const edge of line.incoming) {
      edge.from = own(edge.from);
      if (edge.by === '') edge.by = hash;
    }
  }
  return [hash, change];
}
