import { LineClasses } from './classify.js';
import { type DiffOptions, diffClasses } from './diff.js';
import type { Hunk } from './hunks.js';
import { splitLines } from './lines.js';

export interface DiffStats {
  /** Files whose content differs. */
  files: number;
  insertions: number;
  deletions: number;
}

/** Lines added and removed by a list of hunks. */
export function countHunkLines(hunks: readonly Hunk[]): { insertions: number; deletions: number } {
  let insertions = 0;
  let deletions = 0;
  for (const hunk of hunks) {
    insertions += hunk.newCount;
    deletions += hunk.oldCount;
  }
  return { insertions, deletions };
}

/**
 * `git diff --shortstat` figures over pairs of texts (`null` = absent file): files
 * changed, lines inserted, lines deleted.
 */
export function diffStats(
  pairs: Iterable<{ oldText: string | null; newText: string | null }>,
  options: DiffOptions = {},
): DiffStats {
  const stats: DiffStats = { files: 0, insertions: 0, deletions: 0 };
  for (const { oldText, newText } of pairs) {
    if (oldText === newText) continue;
    stats.files++;
    const classes = new LineClasses();
    const hunks = diffClasses(
      classes.classify(splitLines(oldText ?? '')),
      classes.classify(splitLines(newText ?? '')),
      options,
    );
    const counted = countHunkLines(hunks);
    stats.insertions += counted.insertions;
    stats.deletions += counted.deletions;
  }
  return stats;
}

/** The summary line `git diff --shortstat` prints. */
export function formatShortStat(stats: DiffStats): string {
  const parts = [`${stats.files} file${stats.files === 1 ? '' : 's'} changed`];
  if (stats.insertions || !stats.deletions)
    parts.push(`${stats.insertions} insertion${stats.insertions === 1 ? '' : 's'}(+)`);
  if (stats.deletions || !stats.insertions)
    parts.push(`${stats.deletions} deletion${stats.deletions === 1 ? '' : 's'}(-)`);
  return ` ${parts.join(', ')}`;
}
