/**
 * Edge flags, as in Pijul. Pijul's pseudo edges (its cache of reachability across deleted
 * vertices) are recomputed at output instead of stored, and PARENT edges (the reverse
 * direction) are the `to` index of the edge table. Our PSEUDO edges are recorded: see below.
 */
export const EdgeFlag = {
  /** An edge between two consecutive lines inserted together. */
  BLOCK: 1,
  /** An edge of the file tree: directory → name → inode. */
  FOLDER: 2,
  /** The edge's target was deleted by the edge's introducer. */
  DELETED: 4,
  /**
   * An edge that orders two lines and nothing more: it neither brings its target back nor
   * deletes it. Record writes one where a line is written next to a deleted line that stays
   * shown (a zombie whose markers are kept): an alive edge would revive it, a deleted one would
   * delete it again.
   */
  PSEUDO: 8,
  /** Reserved: the reverse of an edge; never stored (the edge table is indexed both ways). */
  PARENT: 16,
  ALL: 31,
} as const;

export const isDeleted = (flag: number): boolean => (flag & EdgeFlag.DELETED) !== 0;
export const isFolder = (flag: number): boolean => (flag & EdgeFlag.FOLDER) !== 0;
export const isPseudo = (flag: number): boolean => (flag & EdgeFlag.PSEUDO) !== 0;
