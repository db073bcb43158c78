export { latestVersion, type Migration, type StoreSchema } from './migrations.js';
export { type OpenStoreOptions, openStore, type SqliteDatabase, type Store } from './open-store.js';
