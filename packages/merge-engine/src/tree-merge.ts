import { type ConflictInfo, type MergeOptions, merge } from './merge.js';
import { applyRenames, findRenames, type RenameMap, type Tree } from './renames.js';

export type { Tree };

export type FileOutcome =
  | 'unchanged'
  | 'taken-ours'
  | 'taken-theirs'
  | 'same-change'
  | 'merged'
  | 'deleted'
  | 'conflict';

export type TreeConflictKind = 'content' | 'binary' | 'add-add' | 'modify-delete' | 'file-directory';

export interface FileMergeResult {
  path: string;
  outcome: FileOutcome;
  /** Why the file needs a person, when `outcome` is `conflict`. */
  conflict?: TreeConflictKind;
  /** The content written to the merged tree (`null`: the file is absent). */
  content: Uint8Array | null;
  /** Text conflicts inside the file. */
  conflicts: ConflictInfo[];
  /** The path this file had in the base, when a side renamed it. */
  renamedFrom?: string;
}

export interface TreeMergeSummary {
  files: number;
  unchanged: number;
  takenOurs: number;
  takenTheirs: number;
  sameChange: number;
  merged: number;
  deleted: number;
  conflicts: number;
}

export interface TreeMergeResult {
  /** The merged tree; conflicted files hold their markers (or the kept side). */
  tree: Map<string, Uint8Array>;
  /** One entry per path present in any input, sorted by path. */
  files: FileMergeResult[];
  clean: boolean;
  summary: TreeMergeSummary;
}

export interface TreeMergeOptions extends MergeOptions {
  /** Follow a file a side moved without changing it (identical content under a new path). Default true. */
  detectRenames?: boolean;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a === b || (a !== undefined && b !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b));

/**
 * Three-way merge of directory trees. A path changed on one side only takes that side; the
 * same change on both sides is taken once; changes on both sides are merged as text (see
 * `merge`). Conflicts are left in the tree the way git leaves them: markers for content and
 * add/add conflicts, the modified file for modify/delete, our bytes for binary files, and a
 * file that collides with a directory moved aside to `<path>~<side>`.
 */
export function mergeTrees(base: Tree, ours: Tree, theirs: Tree, options: TreeMergeOptions = {}): TreeMergeResult {
  let renames: RenameMap = new Map();
  let [b, o, t] = [base, ours, theirs];
  if (options.detectRenames !== false) {
    renames = new Map([...findRenames(base, ours), ...findRenames(base, theirs)]);
    [b, o, t] = applyRenames(base, ours, theirs, renames);
  }
  const paths = [...new Set([...b.keys(), ...o.keys(), ...t.keys()])].sort();
  const files = paths.map((path) => mergePath(path, b.get(path), o.get(path), t.get(path), options));
  for (const file of files) {
    const from = renames.get(file.path);
    if (from !== undefined) file.renamedFrom = from;
  }
  const tree = new Map<string, Uint8Array>();
  for (const file of files) if (file.content) tree.set(file.path, file.content);
  moveFilesOutOfDirectories(files, tree, o);
  return { tree, files, clean: files.every((f) => f.outcome !== 'conflict'), summary: summarize(files) };
}

function mergePath(
  path: string,
  b: Uint8Array | undefined,
  o: Uint8Array | undefined,
  t: Uint8Array | undefined,
  options: MergeOptions,
): FileMergeResult {
  const result = (outcome: FileOutcome, content: Uint8Array | undefined, extra: Partial<FileMergeResult> = {}) => ({
    path,
    outcome,
    content: content ?? null,
    conflicts: [],
    ...extra,
  });
  if (sameBytes(o, t)) {
    if (o === undefined) return result('deleted', undefined);
    return result(sameBytes(b, o) ? 'unchanged' : 'same-change', o);
  }
  if (sameBytes(b, o)) return result(t === undefined ? 'deleted' : 'taken-theirs', t);
  if (sameBytes(b, t)) return result(o === undefined ? 'deleted' : 'taken-ours', o);
  if (o === undefined || t === undefined) {
    return result('conflict', o ?? t, { conflict: 'modify-delete' });
  }
  // add/add: git merges the two versions against an empty base.
  const merged = merge(b ?? new Uint8Array(0), o, t, options);
  const content = merged.bytes ?? new Uint8Array(Buffer.from(merged.text));
  if (merged.binary)
    return result(merged.clean ? 'merged' : 'conflict', content, merged.clean ? {} : { conflict: 'binary' });
  if (b === undefined) return result('conflict', content, { conflict: 'add-add', conflicts: merged.conflicts });
  if (merged.clean) return result('merged', content);
  return result('conflict', content, { conflict: 'content', conflicts: merged.conflicts });
}

// A path that is a file on one side and a directory on the other cannot be both: the
// directory stays, the file moves to `<path>~ours` or `<path>~theirs` (as merge-ort does).
function moveFilesOutOfDirectories(files: FileMergeResult[], tree: Map<string, Uint8Array>, ours: Tree): void {
  const directories = new Set<string>();
  for (const path of tree.keys()) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      directories.add(path.slice(0, slash));
    }
  }
  for (const file of files) {
    if (!file.content || !directories.has(file.path)) continue;
    const side = ours.has(file.path) ? 'ours' : 'theirs';
    let aside = `${file.path}~${side}`;
    for (let n = 1; tree.has(aside); n++) aside = `${file.path}~${side}_${n}`;
    tree.delete(file.path);
    tree.set(aside, file.content);
    file.outcome = 'conflict';
    file.conflict = 'file-directory';
    file.path = aside;
  }
}

function summarize(files: readonly FileMergeResult[]): TreeMergeSummary {
  const count = (outcome: FileOutcome) => files.filter((f) => f.outcome === outcome).length;
  return {
    files: files.length,
    unchanged: count('unchanged'),
    takenOurs: count('taken-ours'),
    takenTheirs: count('taken-theirs'),
    sameChange: count('same-change'),
    merged: count('merged'),
    deleted: count('deleted'),
    conflicts: count('conflict'),
  };
}
