import { isDeleted } from './edge-flags.js';
import type { EdgeRow } from './rows.js';
import { ROOT_VERTEX_ID } from './schema.js';

export type EntryKind = 'file' | 'dir' | 'symlink';

/**
 * A name vertex's bytes: one kind character, then the UTF-8 name. The executable bit is part
 * of the name (as Pijul keeps permissions in its name vertices), so changing it is a move.
 */
const KIND_CHARS = { file: 'f', executable: 'x', dir: 'd', symlink: 'l' } as const;

export function encodeName(name: string, kind: EntryKind, executable: boolean): Uint8Array {
  const char = kind === 'file' && executable ? KIND_CHARS.executable : KIND_CHARS[kind];
  return new TextEncoder().encode(`${char}${name}`);
}

export function decodeName(bytes: Uint8Array): { name: string; kind: EntryKind; executable: boolean } | null {
  const text = new TextDecoder().decode(bytes);
  const char = text[0];
  const name = text.slice(1);
  if (!isSafeName(name)) return null;
  if (char === 'f' || char === 'x') return { name, kind: 'file', executable: char === 'x' };
  if (char === 'd') return { name, kind: 'dir', executable: false };
  if (char === 'l') return { name, kind: 'symlink', executable: false };
  return null;
}

/** A path component the repository may write: never `.`/`..`, a separator, or NUL. */
export function isSafeName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/** One way an inode is reached: `parent → name` and `name → inode`, both FOLDER edges. */
export interface NameLink {
  parent: number;
  nameVertex: number;
  name: string;
  kind: EntryKind;
  executable: boolean;
  parentEdge: EdgeRow;
  inodeEdge: EdgeRow;
}

export interface TreeEntry {
  path: string;
  inode: number;
  kind: EntryKind;
  executable: boolean;
  /** The name links record supersedes to move or delete this entry (all alive ones). */
  links: NameLink[];
  /** Changes that deleted this entry without knowing it was moved (a move-vs-delete conflict). */
  contestedBy: number[];
}

export interface TreeConflict {
  kind: 'name' | 'zombie';
  path: string;
  changes: number[];
  description: string;
}

export interface FileTree {
  entries: Map<string, TreeEntry>;
  byInode: Map<number, TreeEntry>;
  conflicts: TreeConflict[];
  /**
   * Files deleted by a change that did not know they were moved: per inode, those deleters.
   * Their deletion of the file's lines is contested too, so output shows those lines as zombies.
   */
  contested: Map<number, Set<number>>;
}

export interface TreeGraph {
  /** Current edges of the tree. */
  edges: EdgeRow[];
  nameBytes(vertex: number): Uint8Array;
  /** Sort key of a vertex, independent of row ids: `hash:index`. */
  key(vertex: number): string;
  hashPrefix(vertex: number): string;
  knows(a: number, b: number): boolean;
  /** Whether a file still has alive lines (a deleted file with some: an edit concurrent with its deletion). */
  hasAliveContent(inode: number): boolean;
}

/** The documented on-disk form of a second inode wanting a taken path: `<path>.conflict-<hash prefix>`. */
export const conflictPath = (path: string, prefix: string): string => `${path}.conflict-${prefix}`;

/**
 * The file tree of a channel: FOLDER edges from the root, directory inode → name → inode.
 * Name conflicts are states, never errors: an inode with several alive names (concurrent moves)
 * is written at the first name (by hash order); two inodes wanting one path give the second a
 * `.conflict-<prefix>` suffix; a deleted directory that still holds alive entries (an add or
 * move into it, concurrent with its deletion) is brought back as a zombie.
 */
export function buildFileTree(graph: TreeGraph): FileTree {
  const byName = new Map<number, { parentEdges: EdgeRow[]; inodeEdges: EdgeRow[] }>();
  const slot = (vertex: number) => {
    const entry = byName.get(vertex) ?? { parentEdges: [], inodeEdges: [] };
    byName.set(vertex, entry);
    return entry;
  };
  // Inode vertices (and the root) are empty; name vertices carry a kind character and a name.
  for (const edge of graph.edges) {
    if (graph.nameBytes(edge.to).length > 0) slot(edge.to).parentEdges.push(edge);
    else slot(edge.from).inodeEdges.push(edge);
  }
  const links = new Map<number, { alive: NameLink[]; dead: NameLink[] }>();
  for (const [nameVertex, { parentEdges, inodeEdges }] of byName) {
    const decoded = decodeName(graph.nameBytes(nameVertex));
    if (!decoded) continue;
    for (const parentEdge of parentEdges) {
      for (const inodeEdge of inodeEdges) {
        const link: NameLink = { parent: parentEdge.from, nameVertex, ...decoded, parentEdge, inodeEdge };
        const bucket = links.get(inodeEdge.to) ?? { alive: [], dead: [] };
        links.set(inodeEdge.to, bucket);
        (isDeleted(parentEdge.flag) || isDeleted(inodeEdge.flag) ? bucket.dead : bucket.alive).push(link);
      }
    }
  }
  const conflicts: TreeConflict[] = [];
  const byKey = (a: NameLink, b: NameLink) => (graph.key(a.nameVertex) < graph.key(b.nameVertex) ? -1 : 1);
  const chosen = new Map<number, NameLink>();
  const zombie = new Set<number>();
  for (const [inode, bucket] of links) {
    // Row order is local to a repository: everything shown is sorted by hash-based keys.
    bucket.alive.sort(byKey);
    bucket.dead.sort(byKey);
    if (bucket.alive[0]) chosen.set(inode, bucket.alive[0]);
  }
  // A deleted file whose lines are not all deleted was edited concurrently: it comes back as a zombie.
  for (const [inode, bucket] of links) {
    const dead = bucket.dead[0];
    if (chosen.has(inode) || !dead || dead.kind === 'dir' || !graph.hasAliveContent(inode)) continue;
    chosen.set(inode, dead);
    zombie.add(inode);
  }
  // A directory is brought back when an alive entry still names it as parent.
  let grew = true;
  while (grew) {
    grew = false;
    for (const link of [...chosen.values()]) {
      if (link.parent === ROOT_VERTEX_ID || chosen.has(link.parent)) continue;
      const dead = links.get(link.parent)?.dead[0];
      if (!dead) continue;
      chosen.set(link.parent, dead);
      zombie.add(link.parent);
      grew = true;
    }
  }
  const children = new Map<number, Array<[number, NameLink]>>();
  for (const [inode, link] of chosen) {
    const list = children.get(link.parent) ?? [];
    list.push([inode, link]);
    children.set(link.parent, list);
  }
  const entries = new Map<string, TreeEntry>();
  const byInode = new Map<number, TreeEntry>();
  const contested = new Map<number, Set<number>>();
  const queue: Array<[number, string]> = [[ROOT_VERTEX_ID, '']];
  while (queue.length > 0) {
    const [dir, prefix] = queue.shift() as [number, string];
    const list = (children.get(dir) ?? []).sort((a, b) => byKey(a[1], b[1]));
    const taken = new Set<string>();
    for (const [inode, link] of list) {
      if (byInode.has(inode)) continue;
      let path = `${prefix}${link.name}`;
      if (taken.has(path)) {
        const renamed = conflictPath(path, graph.hashPrefix(link.nameVertex));
        conflicts.push({
          kind: 'name',
          path: renamed,
          changes: [link.parentEdge.introducedBy],
          description: `two entries are named ${path}; this one is written as ${renamed}`,
        });
        path = renamed;
      }
      taken.add(path);
      const bucket = links.get(inode) ?? { alive: [], dead: [] };
      const entry: TreeEntry = {
        path,
        inode,
        kind: link.kind,
        executable: link.executable,
        links: zombie.has(inode) ? [link] : bucket.alive,
        contestedBy: [],
      };
      entries.set(path, entry);
      byInode.set(inode, entry);
      entry.contestedBy = reportLinkConflicts(graph, entry, bucket, zombie.has(inode), conflicts);
      if (entry.contestedBy.length > 0) contested.set(inode, new Set(entry.contestedBy));
      if (link.kind === 'dir') queue.push([inode, `${path}/`]);
    }
  }
  return { entries, byInode, conflicts, contested };
}

function reportLinkConflicts(
  graph: TreeGraph,
  entry: TreeEntry,
  bucket: { alive: NameLink[]; dead: NameLink[] },
  isZombie: boolean,
  conflicts: TreeConflict[],
): number[] {
  const changesOf = (links: NameLink[]) => links.flatMap((l) => [l.parentEdge.introducedBy, l.inodeEdge.introducedBy]);
  if (isZombie) {
    conflicts.push({
      kind: 'zombie',
      path: entry.path,
      changes: unique(changesOf(bucket.dead)),
      description:
        entry.kind === 'dir'
          ? `${entry.path} was deleted, but entries were added or moved into it concurrently`
          : `${entry.path} was deleted, but edited concurrently`,
    });
    return [];
  }
  if (bucket.alive.length > 1) {
    conflicts.push({
      kind: 'name',
      path: entry.path,
      changes: unique(changesOf(bucket.alive)),
      description: `${entry.path} has ${bucket.alive.length} names (concurrent moves): ${bucket.alive.map((l) => l.name).join(', ')}`,
    });
    return [];
  }
  // Moved on one side, deleted on the other: the deletion did not know about the move.
  const deleters = bucket.dead.flatMap((l) => [l.parentEdge, l.inodeEdge]).filter((e) => isDeleted(e.flag));
  const keepers = bucket.alive.map((l) => l.parentEdge.introducedBy);
  const clash = deleters.filter((d) =>
    keepers.some((k) => !graph.knows(d.introducedBy, k) && !graph.knows(k, d.introducedBy)),
  );
  if (clash.length > 0) {
    conflicts.push({
      kind: 'name',
      path: entry.path,
      changes: unique([...clash.map((e) => e.introducedBy), ...keepers]),
      description: `${entry.path} was deleted by one change and moved by another`,
    });
  }
  return unique(clash.map((e) => e.introducedBy));
}

const unique = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
