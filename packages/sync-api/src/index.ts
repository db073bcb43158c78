export { createSyncApi, type SyncApiOptions } from './app.js';
export { type ErrorResponse, errorResponse } from './errors.js';
export { type Claim, IdempotencyStore, requestFingerprint, type StoredResponse } from './idempotency.js';
export { type RunningServer, type ServeOptions, startSyncApi } from './server.js';
