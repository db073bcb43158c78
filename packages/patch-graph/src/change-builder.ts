import type { JsonValue } from './canonical-json.js';
import {
  CHANGE_FORMAT_VERSION,
  type Change,
  type ChangeHeader,
  type DependencyRef,
  type EdgeUpdate,
  type HunkKind,
  ROOT,
  ROOT_VERTEX,
  SELF,
  type VertexRef,
} from './change.js';
import type { GraphTables } from './graph-tables.js';
import type { EdgeRow } from './rows.js';
import { ROOT_VERTEX_ID } from './schema.js';

/**
 * Vertex ids while recording: positive ids are rows of the pristine; a vertex this change
 * creates is `-(index + 1)` until the change is applied and its vertices get rows.
 */
export type DraftVertex = number;

export interface DraftEdgeUpdate {
  from: DraftVertex;
  to: DraftVertex;
  previous: EdgeRow | null;
  flag: number;
}

/**
 * Accumulates a change while recording: contents, operations, and every change whose vertex
 * or edge it refers to — the candidates for its dependencies.
 */
export class ChangeBuilder {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private vertexCount = 0;
  readonly operations: Change['operations'] = [];
  /** Change ids referenced (contexts, updated edges, and the "zombie" context of deletions). */
  readonly referenced = new Set<number>();

  constructor(private readonly tables: GraphTables) {}

  get isEmpty(): boolean {
    return this.operations.length === 0;
  }

  /** The draft id the `k`-th vertex added from now on will get (record links lines before adding them). */
  draftId(k: number): DraftVertex {
    return -(this.vertexCount + k + 1);
  }

  /** Adds a chain of new vertices, one per piece; returns their draft ids. */
  addVertices(
    kind: HunkKind,
    path: string,
    inode: DraftVertex,
    flag: number,
    up: DraftVertex[],
    down: DraftVertex[],
    pieces: Uint8Array[],
  ): DraftVertex[] {
    const lengths = pieces.map((piece) => piece.length);
    const { first } = this.addFromBytes(kind, path, inode, flag, up, down, Buffer.concat(pieces), lengths);
    return lengths.map((_, i) => first - i);
  }

  /**
   * Adds a chain of new vertices whose bytes lie back to back in `bytes`, one per length (the
   * lines of a new file: one copy of them, not a buffer per line); returns the draft ids of its
   * first and last vertex (the ones between count down from the first).
   */
  addFromBytes(
    kind: HunkKind,
    path: string,
    inode: DraftVertex,
    flag: number,
    up: DraftVertex[],
    down: DraftVertex[],
    bytes: Uint8Array,
    lengths: readonly number[],
  ): { first: DraftVertex; last: DraftVertex } {
    const ranges = new Uint32Array(2 * lengths.length);
    let at = this.length;
    for (let i = 0; i < lengths.length; i++) {
      ranges[2 * i] = at;
      at += lengths[i] as number;
      ranges[2 * i + 1] = at;
    }
    if (at - this.length !== bytes.length) throw new Error('internal: vertex lengths do not add up to their bytes');
    this.chunks.push(bytes);
    this.length = at;
    this.operations.push({
      type: 'vertices',
      kind,
      path,
      inode: this.ref(inode),
      flag,
      up: up.map((v) => this.ref(v)),
      down: down.map((v) => this.ref(v)),
      ranges,
    });
    const first = this.draftId(0);
    this.vertexCount += lengths.length;
    return { first, last: first - lengths.length + 1 };
  }

  addEdges(kind: HunkKind, path: string, inode: DraftVertex, updates: DraftEdgeUpdate[]): void {
    if (updates.length === 0) return;
    const edges: EdgeUpdate[] = updates.map((update) => {
      if (update.previous) this.referenced.add(update.previous.introducedBy);
      return {
        from: this.ref(update.from),
        to: this.ref(update.to),
        previous: update.previous
          ? { flag: update.previous.flag, introducedBy: this.changeName(update.previous.introducedBy) }
          : null,
        flag: update.flag,
      };
    });
    this.operations.push({ type: 'edges', kind, path, inode: this.ref(inode), edges });
  }

  /** Notes a change the recorded change must know about without referencing it. */
  addContext(changeId: number): void {
    if (changeId !== 0) this.referenced.add(changeId);
  }

  ref(vertex: DraftVertex): VertexRef {
    if (vertex < 0) return [SELF, -vertex - 1];
    if (vertex === ROOT_VERTEX_ID) return ROOT_VERTEX;
    const row = this.tables.vertexOwner(vertex);
    this.referenced.add(row.changeId);
    return [this.changeName(row.changeId), row.index];
  }

  private changeName(changeId: number): string {
    return changeId === 0 ? ROOT : this.tables.hashOf(changeId);
  }

  build(
    header: ChangeHeader,
    dependencies: DependencyRef[],
    known: string[],
    metadata: Record<string, JsonValue>,
  ): Change {
    const contents = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      contents.set(chunk, offset);
      offset += chunk.length;
    }
    return {
      version: CHANGE_FORMAT_VERSION,
      header,
      dependencies,
      known,
      metadata,
      operations: this.operations,
      contents,
    };
  }
}
