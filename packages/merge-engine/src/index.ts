export { type GitConfigOptions, gitConflictStyle } from './git-config.js';
export { isBinary, type MergeInput } from './input.js';
export { type ConflictInfo, type Favor, type LineRange, type MergeOptions, type MergeResult, merge } from './merge.js';
export type { MergeLevel, MergeStyle } from './regions.js';
export type { ConflictLabels } from './render.js';
export {
  type FileMergeResult,
  type FileOutcome,
  mergeTrees,
  type Tree,
  type TreeConflictKind,
  type TreeMergeOptions,
  type TreeMergeResult,
  type TreeMergeSummary,
} from './tree-merge.js';
export { type LeftoverMarker, type MarkerKind, validateResolved } from './validate.js';
