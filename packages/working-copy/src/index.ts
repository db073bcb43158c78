export { applyChanges, type ChannelUpdate, unrecordChanges } from './apply.js';
export { AtomicRepository, type OpenOptions, withRepository } from './atomic-repository.js';
export {
  ATTRIBUTION_KEY,
  ATTRIBUTION_SCHEMA,
  type Attribution,
  type AttributionFlags,
  attributionMetadata,
  readAttribution,
  resolveAttribution,
} from './attribution.js';
export { type AttributionAnswer, type AttributionQuery, queryAttribution } from './attribution-ops.js';
export { type AuthorSources, resolveAuthor } from './author.js';
export { type ChangeSummary, describeHunks, summarizeChange } from './change-summary.js';
export {
  type ChannelInfo,
  collectGarbage,
  deleteChannel,
  type ForkSource,
  forkChannel,
  listChannels,
  newChannel,
  renameChannel,
} from './channel-ops.js';
export {
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigScope,
  type ConfigValues,
  readConfig,
  setConfigValue,
  userConfigPath,
  validateConfigKey,
} from './config.js';
export { type CreditEntry, changeDetails, channelLog, credit, type LogEntry } from './history.js';
export {
  type AppliedToTag,
  type ApplyToTagOptions,
  applyToTag,
  type PropagateOptions,
  type PropagationResult,
  propagateHotfix,
} from './hotfix-ops.js';
export { type HotfixOptions, recordHotfix } from './hotfix-record.js';
export { IGNORE_FILE, loadIgnore } from './ignore-rules.js';
export { DOT_DIR, findRoot, layoutOf, toRepositoryPath } from './layout.js';
export { prepareRecord, type RecordedChange, type RecordOptions, recordWorkingCopy } from './record.js';
export { changeChannel, switchChannel } from './rewrite.js';
export { type DiffResult, diffChannel, diffWorkingCopy, status, type WorkingCopyStatus } from './status.js';
export {
  createTag,
  deleteTag,
  listTags,
  migrateHistory,
  showTag,
  type TagCreateOptions,
  type TagDetails,
} from './tag-ops.js';
export { addPaths, movePath, removePaths, resetWorkingCopy } from './tracking-ops.js';
export {
  type CloneOptions,
  type CloneResult,
  clone,
  type PullOptions,
  type PushOptions,
  pull,
  push,
} from './transfer.js';
export { unifiedDiff } from './unified-diff.js';
