import { isDeleted, isFolder } from '@lineage/graph-output';
import { type Change, rangeCount } from './change.js';

export interface FileSummary {
  /** The path as the change recorded it (a move lists its source and its destination). */
  path: string;
  /** Lines (vertices) the change adds to the file. */
  added: number;
  /** Lines whose incoming edges the change deletes (each line counted once). */
  removed: number;
  /** File-tree operations on this path: add, delete, move, mode. */
  tree: string[];
}

/**
 * Per-file counts of a change, for logs and `change` displays: read from its operations
 * (each carries the path it was recorded at), no repository needed.
 */
export function summarizeChange(change: Change): FileSummary[] {
  const files = new Map<string, FileSummary>();
  const entry = (path: string) => {
    let summary = files.get(path);
    if (!summary) {
      summary = { path, added: 0, removed: 0, tree: [] };
      files.set(path, summary);
    }
    return summary;
  };
  for (const op of change.operations) {
    const summary = entry(op.path);
    if (op.type === 'vertices') {
      if (isFolder(op.flag)) {
        if (!summary.tree.includes(op.kind)) summary.tree.push(op.kind);
      } else summary.added += rangeCount(op);
      continue;
    }
    const removedLines = new Set<string>();
    for (const edge of op.edges) {
      if (isFolder(edge.flag)) {
        if (isDeleted(edge.flag) && !summary.tree.includes(op.kind)) summary.tree.push(op.kind);
      } else if (isDeleted(edge.flag)) removedLines.add(edge.to.join(':'));
    }
    summary.removed += removedLines.size;
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
