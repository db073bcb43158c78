export { analyzeSource } from './analysis/analyze-file.js';
export type { AnalysisOptions, AnalysisStats } from './analysis/facts-provider.js';
export {
  type ApplyOptions,
  type ApplyResult,
  apply,
  type CoreMismatch,
  defaultCheckpointDir,
  type FileChange,
  withTargetLock,
} from './apply.js';
export {
  CHECKPOINT_FILE,
  type Checkpoint,
  type RestoreOptions,
  type RestoreResult,
  readCheckpoint,
  restoreCheckpoint,
} from './checkpoint.js';
export type { CoreUse, SkippedUse } from './codemod/find-edits.js';
export { type CompatResult, compat, type UseSite } from './compat.js';
export * from './errors.js';
export * from './facts.js';
export { formatGraph, formatStamps, formatTree } from './format/snapshot-files.js';
export {
  type DependentVerifier,
  GENERATE_STEPS,
  type GenerateOptions,
  type GenerateProgress,
  type GenerateResult,
  type GenerateStep,
  generate,
  OUTPUT_FILES,
} from './generate.js';
export { GitSource, type TreeEntry } from './git-source.js';
export { type BreakingChanges, breakingChanges } from './manifest/breaking.js';
export {
  type ChangeManifest,
  type CorePackage,
  describeOperation,
  formatManifest,
  MANIFEST_VERSION,
  manifestUri,
  registryKey,
} from './manifest/manifest.js';
export * from './manifest/operations.js';
export { MANIFEST_FILE, parseManifest, REPORT_FILE, readManifest } from './manifest/read-manifest.js';
export type { ManifestReport, VerificationResult } from './manifest/report.js';
export {
  isRegistryUri,
  listRegistry,
  loadManifest,
  type MigrationReadyEvent,
  manifestsInRange,
  type PublishResult,
  publishManifest,
  REGISTRY_AREA,
  type RegistryEntry,
  registryPath,
} from './registry.js';
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
export { dependentVerifier, type VerifyOptions } from './verify.js';
