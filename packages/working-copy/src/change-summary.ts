import type { Change, DependencyRef, Repository } from '@lineage/patch-graph';
import { EdgeFlag, summarizeChange as fileCounts, isBinary, vertexBytes } from '@lineage/patch-graph';
import { type Attribution, readAttribution } from './attribution.js';

/** What `atomic change --json` prints (issue 4's shape). */
export interface ChangeSummary {
  hash: string;
  message: string;
  authors: string[];
  timestamp: string;
  dependencies: DependencyRef[];
  attribution: Attribution | null;
  files: Array<{ path: string; added: number; removed: number }>;
}

/** Line vertices live in files; `ROOT` is the file tree (names and inodes). */
const isTreeOperation = (inode: readonly [string, number]) => inode[0] === 'ROOT';

export function summarizeChange(hash: string, change: Change): ChangeSummary {
  return {
    hash,
    message: change.header.message,
    authors: change.header.authors,
    timestamp: change.header.timestamp,
    dependencies: change.dependencies,
    attribution: readAttribution(change.metadata),
    files: fileCounts(change).map(({ path, added, removed }) => ({ path, added, removed })),
  };
}

const decoder = new TextDecoder();
const shown = (bytes: Uint8Array) =>
  isBinary(bytes) ? `(binary, ${bytes.length} bytes)` : decoder.decode(bytes).replace(/\n$/, '');

/**
 * The change's hunks for people: per operation, the file and kind, added lines with `+` and
 * deleted lines with `-` (their text read from the changes that wrote them).
 */
export function describeHunks(pristine: Repository, change: Change): string[] {
  const lines: string[] = [];
  const ownVertices = vertexTexts(change);
  const others = new Map<string, string[]>();
  const textOf = ([owner, index]: readonly [string, number]): string => {
    if (owner === '') return ownVertices[index] ?? '';
    let texts = others.get(owner);
    if (!texts) {
      texts = pristine.changes.has(owner) ? vertexTexts(pristine.changes.read(owner)) : [];
      others.set(owner, texts);
    }
    return texts[index] ?? '';
  };
  change.operations.forEach((op, i) => {
    if (isTreeOperation(op.inode)) {
      // A move is its old names deleted, then its new name: one line, "move from → to".
      const previous = change.operations[i - 1];
      if (op.kind === 'move' && op.type === 'vertices' && previous?.kind === 'move' && previous.type === 'edges') {
        lines[lines.length - 1] = `move ${previous.path} → ${op.path}`;
      } else lines.push(`${op.kind} ${op.path}`);
      return;
    }
    lines.push(`${op.kind} in ${op.path}`);
    if (op.type === 'vertices') {
      for (const bytes of vertexBytes(op, change.contents)) lines.push(`+ ${shown(bytes)}`);
    } else {
      for (const edge of op.edges) {
        if ((edge.flag & EdgeFlag.DELETED) !== 0) lines.push(`- ${textOf(edge.to).replace(/\n$/, '')}`);
      }
    }
  });
  return lines;
}

/** The text of each vertex a change creates, in creation order (the vertex index). */
function vertexTexts(change: Change): string[] {
  const texts: string[] = [];
  for (const op of change.operations) {
    if (op.type !== 'vertices') continue;
    for (const bytes of vertexBytes(op, change.contents)) texts.push(decoder.decode(bytes));
  }
  return texts;
}
