export {
  type CollectionSettings,
  configPath,
  type InitResult,
  initSettings,
  readSettings,
  SETTINGS,
  type SettingKey,
  type SettingSource,
  type SettingsReport,
  settingKey,
  writeSetting,
} from './config.js';
export { collectionPaths, type SyncServiceOptions } from './context.js';
export {
  type DeploymentRecord,
  type DeploymentRecordFile,
  parseDeploymentRecords,
  serializeDeploymentRecords,
} from './deployment-record.js';
export { deploymentStatus } from './drift.js';
export type * from './dto.js';
export type {
  AddInput,
  ArtifactInput,
  DeployInput,
  DriftInput,
  MergeInput,
  OperationInput,
  ResolveInput,
  RollbackInput,
  SyncAllInput,
  SyncInput,
  TierInput,
  UpdateAllInput,
  UpdateInput,
} from './inputs.js';
export { ARTIFACT_KINDS, type ArtifactKind, DEPLOYMENT_RECORD, PROJECT_ROOT, projectLocation } from './kinds.js';
export {
  type ChangeOrigin,
  checkLineage,
  extendLineage,
  findMergeBase,
  type LineageIssue,
  walkAncestry,
} from './lineage.js';
export { type MergeLabels, type MergePlan, planMerge, STRATEGIES } from './merge-plan.js';
export { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
export { ARTIFACT_SYNC_SCHEMA } from './schema.js';
export { SyncService } from './service.js';
export { formatSource, parseSource, type UpstreamSource } from './source.js';
export { jsonLineLogger, type LogEvent, type LogSink } from './telemetry.js';
export { type ArtifactLimits, type ArtifactTree, DEFAULT_LIMITS, type FileMode, hashTree } from './tree.js';
