export type { ConflictKind } from '@lineage/graph-output';
export { EdgeFlag } from '@lineage/graph-output';
export { canonicalJson, type JsonValue } from './canonical-json.js';
export {
  CHANGE_FORMAT_VERSION,
  type Change,
  type ChangeHeader,
  type DependencyRef,
  type EdgesOperation,
  type EdgeUpdate,
  type HunkKind,
  hashChange,
  type Operation,
  parseChange,
  rangeCount,
  serializeChange,
  type VertexRef,
  type VerticesOperation,
  vertexBytes,
} from './change.js';
export { ChangeStore, MIN_PREFIX_LENGTH } from './change-store.js';
export { type FileSummary, summarizeChange } from './change-summary.js';
export { EMPTY_STATE_HASH, type LogEntry, validateChannelName } from './channels.js';
export { type ClosureTags, dependencyClosure } from './dependency-closure.js';
export { conflictPath, type EntryKind } from './file-tree.js';
export { isBinary, type RecordEdit, type RecordInput, type RecordResult } from './recorder.js';
export {
  type ChangeInfo,
  type Conflict,
  type CreditLine,
  type FileEntry,
  type OpenOptions,
  Repository,
} from './repository.js';
export { addToStateSum, EMPTY_STATE_SUM, stateHashOfSum } from './state-hash.js';
export { type Consolidation, NO_TAGS, type TagResolver } from './tag-resolver.js';
