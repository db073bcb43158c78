import { contentId } from '@lineage/content-hash';

/** A directory tree: slash-separated relative paths to file contents. */
export type Tree = ReadonlyMap<string, Uint8Array>;

/** New path → base path, for files a side moved without changing them. */
export type RenameMap = Map<string, string>;

/**
 * Exact renames on one side: a base file missing from the side whose identical content
 * appears under exactly one new path (git's exact-rename pass, without similarity scoring).
 * Ambiguous cases (several candidates) are left alone: a deletion and an addition.
 */
export function findRenames(base: Tree, side: Tree): RenameMap {
  const removedById = new Map<string, string[]>();
  for (const [path, content] of base) {
    if (side.has(path)) continue;
    const id = contentId(content);
    removedById.set(id, [...(removedById.get(id) ?? []), path]);
  }
  const renames: RenameMap = new Map();
  if (removedById.size === 0) return renames;
  const addedById = new Map<string, string[]>();
  for (const [path, content] of side) {
    if (base.has(path)) continue;
    const id = contentId(content);
    if (removedById.has(id)) addedById.set(id, [...(addedById.get(id) ?? []), path]);
  }
  for (const [id, added] of addedById) {
    const removed = removedById.get(id) as string[];
    if (added.length === 1 && removed.length === 1) renames.set(added[0] as string, removed[0] as string);
  }
  return renames;
}

/**
 * Moves each renamed file to its new path in the base and in the side that kept the old
 * path, so the path-by-path merge carries the other side's edits to the new place. A rename
 * is followed only when the other side still has the file under its old path and nothing
 * under the new one.
 */
export function applyRenames(base: Tree, ours: Tree, theirs: Tree, renames: RenameMap): [Tree, Tree, Tree] {
  const b = new Map(base);
  const o = new Map(ours);
  const t = new Map(theirs);
  for (const [to, from] of [...renames]) {
    const renamedInOurs = o.has(to) && !o.has(from);
    const other = renamedInOurs ? t : o;
    const content = other.get(from);
    if (content === undefined || other.has(to) || b.has(to)) {
      renames.delete(to);
      continue;
    }
    b.set(to, b.get(from) as Uint8Array);
    b.delete(from);
    other.set(to, content);
    other.delete(from);
  }
  return [b, o, t];
}
