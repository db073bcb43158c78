export { latestVersion, type Migration, type MigrationContext, type StoreSchema } from './migrations.js';
export { type OpenStoreOptions, openStore, type SqliteDatabase, type Store } from './open-store.js';
