/**
 * Edge flags, as in Pijul. Only ALIVE/DELETED, BLOCK and FOLDER are stored: PSEUDO edges
 * (Pijul's cache of reachability across deleted vertices) are recomputed at output instead, and
 * PARENT edges (the reverse direction) are the `to` index of the edge table.
 */
export const EdgeFlag = {
  /** An edge between two consecutive lines inserted together. */
  BLOCK: 1,
  /** An edge of the file tree: directory → name → inode. */
  FOLDER: 2,
  /** The edge's target was deleted by the edge's introducer. */
  DELETED: 4,
  /** Reserved for cached reachability; never stored. */
  PSEUDO: 8,
  /** Reserved: the reverse of an edge; never stored (the edge table is indexed both ways). */
  PARENT: 16,
  ALL: 31,
} as const;

export const isDeleted = (flag: number): boolean => (flag & EdgeFlag.DELETED) !== 0;
export const isFolder = (flag: number): boolean => (flag & EdgeFlag.FOLDER) !== 0;
