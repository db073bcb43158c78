import { NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import { EdgeFlag } from '@lineage/graph-output';
import type { ChangeBuilder, DraftVertex } from './change-builder.js';
import { type EntryKind, encodeName, isSafeName, type NameLink } from './file-tree.js';
import { ROOT_VERTEX_ID } from './schema.js';

/** An entry of the tree while a change is being recorded: existing (positive inode) or new. */
export interface DraftEntry {
  inode: DraftVertex;
  kind: EntryKind;
  executable: boolean;
  links: NameLink[];
  /** Deleters of this entry that did not know it was moved: renaming it must know them. */
  contestedBy: number[];
}

/** The tree as the change being recorded sees it, path → entry, updated by each edit. */
export type DraftTree = Map<string, DraftEntry>;

export function normalizePath(path: string): string {
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.some((part) => !isSafeName(part))) {
    throw new UsageError('PATH_INVALID', `${quoteInput(path)} is not a path inside the repository`, {
      hint: 'use a relative path without "..", e.g. src/main.ts',
    });
  }
  return parts.join('/');
}

const parentOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

function parentInode(tree: DraftTree, path: string): DraftVertex {
  const parent = parentOf(path);
  if (parent === '') return ROOT_VERTEX_ID;
  const entry = tree.get(parent);
  if (entry?.kind !== 'dir') {
    throw new NotFoundError(
      'PARENT_NOT_TRACKED',
      `cannot add ${quoteInput(path)}: ${quoteInput(parent)} is not a tracked directory`,
      {
        hint: 'add the directory first (adding a path adds its missing parents)',
      },
    );
  }
  return entry.inode;
}

export function requireEntry(tree: DraftTree, path: string): DraftEntry {
  const entry = tree.get(path);
  if (!entry) {
    throw new NotFoundError('PATH_NOT_TRACKED', `${quoteInput(path)} is not tracked in this channel`, {
      hint: 'check the path, or add it first',
    });
  }
  return entry;
}

/** Adds a file, directory or symbolic link: a name vertex and an empty inode vertex. */
export function recordAdd(
  builder: ChangeBuilder,
  tree: DraftTree,
  path: string,
  kind: EntryKind,
  executable: boolean,
): DraftVertex {
  if (tree.has(path)) {
    throw new UsageError('PATH_ALREADY_TRACKED', `${quoteInput(path)} is already tracked`, {
      hint: 'record its content instead, or move it away first',
    });
  }
  const parent = parentInode(tree, path);
  const [, inode] = builder.addVertices(
    'add',
    path,
    ROOT_VERTEX_ID,
    EdgeFlag.FOLDER,
    [parent],
    [],
    [encodeName(baseName(path), kind, executable), new Uint8Array(0)],
  );
  tree.set(path, { inode: inode as DraftVertex, kind, executable, links: [], contestedBy: [] });
  return inode as DraftVertex;
}

/** Deletes an entry (and everything under a directory): its name edges become DELETED. */
export function recordRemove(builder: ChangeBuilder, tree: DraftTree, path: string): void {
  requireEntry(tree, path);
  const doomed = [...tree.keys()]
    .filter((p) => p === path || p.startsWith(`${path}/`))
    .sort()
    .reverse();
  for (const p of doomed) {
    const entry = tree.get(p) as DraftEntry;
    deleteLinks(builder, p, entry, 'delete');
    tree.delete(p);
  }
}

/** Moves or renames an entry, or changes its executable bit: a new name for the same inode. */
export function recordMove(
  builder: ChangeBuilder,
  tree: DraftTree,
  from: string,
  to: string,
  executable?: boolean,
): void {
  const entry = requireEntry(tree, from);
  if (from !== to && tree.has(to)) {
    throw new UsageError('PATH_ALREADY_TRACKED', `cannot move ${quoteInput(from)} onto tracked ${quoteInput(to)}`, {
      hint: 'remove the destination first',
    });
  }
  if (to.startsWith(`${from}/`)) {
    throw new UsageError('MOVE_INTO_ITSELF', `cannot move ${quoteInput(from)} into itself`);
  }
  const kind = from === to && executable !== undefined ? 'mode' : 'move';
  // The old names go under the old path, the new one under the new: a display reads "from → to".
  deleteLinks(builder, from, entry, kind);
  const nextExecutable = executable ?? entry.executable;
  tree.delete(from);
  const parent = parentInode(tree, to);
  builder.addVertices(
    kind,
    to,
    ROOT_VERTEX_ID,
    EdgeFlag.FOLDER,
    [parent],
    [entry.inode],
    [encodeName(baseName(to), entry.kind, nextExecutable)],
  );
  tree.set(to, { ...entry, executable: nextExecutable, links: [], contestedBy: [] });
  for (const [p, child] of [...tree]) {
    if (p.startsWith(`${from}/`)) {
      tree.delete(p);
      tree.set(`${to}${p.slice(from.length)}`, child);
    }
  }
}

function deleteLinks(builder: ChangeBuilder, path: string, entry: DraftEntry, kind: 'delete' | 'move' | 'mode'): void {
  // Knowing a contested deletion settles a move-vs-delete conflict.
  for (const deleter of entry.contestedBy) builder.addContext(deleter);
  const updates = entry.links.flatMap((link) => [
    {
      from: link.parent,
      to: link.nameVertex,
      previous: link.parentEdge,
      flag: link.parentEdge.flag | EdgeFlag.DELETED,
    },
    {
      from: link.nameVertex,
      to: link.inodeEdge.to,
      previous: link.inodeEdge,
      flag: link.inodeEdge.flag | EdgeFlag.DELETED,
    },
  ]);
  builder.addEdges(kind, path, ROOT_VERTEX_ID, updates);
}
