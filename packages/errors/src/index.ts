export {
  ConflictsLeftError,
  type ErrorKind,
  ExitCode,
  isLineageError,
  LineageError,
  type LineageErrorOptions,
  NotFoundError,
  quoteInput,
  toLineageError,
  UsageError,
} from './lineage-error.js';
