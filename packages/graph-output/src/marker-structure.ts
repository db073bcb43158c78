import type { MarkerItem } from './output-items.js';

// Where a line written next to conflict markers belongs in the graph. Markers are structure: a
// line right after an opening marker starts the first side, one right before a separator ends
// a side, one right after a closing marker follows every side. Positions are gaps of a
// sequence of lines and markers: gap `p` lies between elements `p - 1` and `p`.

/** A file's output as record sees it: lines (vertex ids; negative ids are lines being recorded) and markers. */
export interface MarkedSequence {
  readonly length: number;
  /** The vertex at `p`, or undefined when `p` holds a marker. */
  vertexAt(p: number): number | undefined;
  markerAt(p: number): MarkerItem;
  /** Positions of a group's markers, in order: the opening one, separators, the closing one. */
  groupPositions(group: number): readonly number[];
}

/** Vertices a line inserted at gap `p` comes after: its up context (the file's inode at the start). */
export function verticesBefore(
  sequence: MarkedSequence,
  p: number,
  inode: number,
  into = new Set<number>(),
): Set<number> {
  if (p === 0) return into.add(inode);
  const vertex = sequence.vertexAt(p - 1);
  if (vertex !== undefined) return into.add(vertex);
  const marker = sequence.markerAt(p - 1);
  const positions = sequence.groupPositions(marker.group);
  // After a closing marker: the end of every side (the gap before each separator and the close).
  if (marker.role === 'close') for (const end of positions.slice(1)) verticesBefore(sequence, end, inode, into);
  // After an opening marker or a separator: a side starts where the conflict does.
  else verticesBefore(sequence, positions[0] as number, inode, into);
  return into;
}

/** Vertices a line inserted at gap `p` comes before: its down context (none at the end). */
export function verticesAfter(sequence: MarkedSequence, p: number, into = new Set<number>()): Set<number> {
  if (p === sequence.length) return into;
  const vertex = sequence.vertexAt(p);
  if (vertex !== undefined) return into.add(vertex);
  const marker = sequence.markerAt(p);
  const positions = sequence.groupPositions(marker.group);
  // Before an opening marker: the start of every side (the gap after the opening marker and each separator).
  if (marker.role === 'open') for (const start of positions.slice(0, -1)) verticesAfter(sequence, start + 1, into);
  // Before a separator or a closing marker: a side ends where the conflict does.
  else verticesAfter(sequence, (positions[positions.length - 1] as number) + 1, into);
  return into;
}
