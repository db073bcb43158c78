export { countOccurrences, LineClasses } from './classify.js';
export { DIFF_ALGORITHMS, type DiffAlgorithm, type DiffOptions, diffClasses, diffLines, diffMarks } from './diff.js';
export type { Hunk } from './hunks.js';
export { splitLines } from './lines.js';
export type { ChangeMarks } from './myers.js';
export { countHunkLines, type DiffStats, diffStats, formatShortStat } from './stats.js';
export { blobId, formatUnifiedDiff, type UnifiedDiffInput, type UnifiedDiffOptions } from './unified.js';
export { diffWords, formatWordDiff, type WordChange } from './words.js';
