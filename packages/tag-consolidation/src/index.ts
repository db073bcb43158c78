export {
  ATTRIBUTION_KEY,
  ATTRIBUTION_SCHEMA,
  type Attribution,
  attributionMetadata,
  readAttribution,
} from './attribution.js';
export {
  type AttributionTotals,
  type ProviderStats,
  type TagAttributionSummary,
  toSummary,
  totalsOf,
} from './attribution-summary.js';
export { type ChangeFacts, factsOfChange } from './change-facts.js';
export { type CreatedTag, type CreateTagOptions, createTag } from './create-tag.js';
export { classifyPath, type PathKind } from './path-kinds.js';
export { tagSchema } from './schema.js';
export { hashTag, parseTag, serializeTag, TAG_FORMAT_VERSION, type Tag, validateTagName } from './tag.js';
export { freeName, patchName } from './tag-names.js';
export type { TagRecord } from './tag-rows.js';
export { type AddOptions, type ChangeSource, TagStore } from './tag-store.js';
export { type TagReference, type TagView, viewTag } from './tag-view.js';
export { allTags, openParcels, receiveTags, type TagParcel, tagsToSend } from './transfer.js';
