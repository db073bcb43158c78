export { EdgeFlag, isDeleted, isFolder, isPseudo } from './edge-flags.js';
export { type Alignment, alignContent, DISCARDED, type FileSnapshot, markerGroups } from './edit-alignment.js';
export { linearize } from './linearize.js';
export { type MarkedSequence, verticesAfter, verticesBefore } from './marker-structure.js';
export { copyToBuffer, itemBytes, itemText, latin1, outputOf } from './output-bytes.js';
export {
  type ConflictKind,
  type FileGraph,
  type FileOutput,
  type GraphConflict,
  type Linearization,
  type LineBytes,
  LineItem,
  MARKER_PREFIX_LENGTH,
  type MarkerItem,
  type OutputItem,
} from './output-items.js';
export { itemAt, itemCount, OutputBuilder, PlainLines } from './plain-lines.js';
