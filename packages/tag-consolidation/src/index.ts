export {
  ATTRIBUTION_KEY,
  ATTRIBUTION_SCHEMA,
  type Attribution,
  attributionMetadata,
  readAttribution,
} from './attribution.js';
export {
  aiShare,
  aiTrends,
  type ChangeAttribution,
  type ChangeSetAttribution,
  type ConfidenceAnalysis,
  type Cycle,
  changeAttribution,
  channelAttribution,
  compareTags,
  confidenceAnalysis,
  detailedAttribution,
  type ProviderBreakdown,
  type ProviderComparison,
  providerBreakdown,
  providerComparison,
  type SummaryDelta,
  type TagComparison,
  type TagSummary,
  tagSummary,
} from './attribution-queries.js';
export {
  type AttributionTotals,
  type ProviderStats,
  type TagAttributionSummary,
  toSummary,
  totalsOf,
} from './attribution-summary.js';
export { type ChangeFacts, factsOfChange } from './change-facts.js';
export { type CreatedTag, type CreateTagOptions, createTag } from './create-tag.js';
export { draftTag, type TagDraft } from './draft-tag.js';
export {
  changesBeyond,
  conflictsIntroduced,
  conflictsInvolving,
  type HotfixConflict,
  type HotfixTarget,
  type PatchTagOptions,
  type PropagationPlan,
  patchTag,
  patchTargets,
  planPropagation,
} from './hotfix.js';
export { type MigrationStep, migrate, planMigration } from './migrate.js';
export { classifyPath, type PathKind } from './path-kinds.js';
export { tagSchema } from './schema.js';
export { hashTag, parseTag, serializeTag, TAG_FORMAT_VERSION, type Tag, validateTagName } from './tag.js';
export { freeName, patchName, requireFreeName } from './tag-names.js';
export type { TagRecord } from './tag-rows.js';
export { type AddOptions, type ChangeSource, TagStore } from './tag-store.js';
export { type TagReference, type TagView, viewTag } from './tag-view.js';
export { allTags, openParcels, receiveTags, type TagParcel, tagsToSend } from './transfer.js';
