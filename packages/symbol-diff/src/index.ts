export { analyzeSource } from './analysis/analyze-file.js';
export type { AnalysisOptions, AnalysisStats } from './analysis/facts-provider.js';
export * from './errors.js';
export * from './facts.js';
export { formatGraph, formatStamps, formatTree } from './format/snapshot-files.js';
export { GitSource, type TreeEntry } from './git-source.js';
export { DEFAULT_EXCLUDES } from './snapshot/capture.js';
export type {
  Exposure,
  GraphEdge,
  GraphEdgeKind,
  Snapshot,
  SnapshotFile,
  SymbolGraph,
  SymbolRecord,
} from './snapshot/model.js';
export type { EntryPoint, PackageLayout } from './snapshot/packages.js';
export { type SnapshotOptions, snapshotAt } from './snapshot-at.js';
