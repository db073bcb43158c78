import { createRequire } from 'node:module';

type KyselyModule = typeof import('kysely');

let loaded: KyselyModule | undefined;

/**
 * kysely, loaded once, when first needed. As published it is some four hundred ES modules, and
 * resolving and compiling them one by one took 250-500 ms on these machines — more than a whole
 * `atomic clone` of a small repository — for every new database (`init`, `clone`, a first
 * `skillmeat-sync init`). This package's build bundles it into one chunk of its own, which this
 * dynamic import loads in about 15 ms; nothing that only reads and writes rows loads it at all.
 */
export async function loadKysely(): Promise<KyselyModule> {
  loaded ??= await import('kysely');
  return loaded;
}

/**
 * kysely now, for the synchronous `Store.db` getter: the copy `loadKysely` loaded, or else
 * kysely's CommonJS build, required (a getter cannot await the bundled chunk).
 */
export function loadedKysely(): KyselyModule {
  loaded ??= createRequire(import.meta.url)('kysely') as KyselyModule;
  return loaded;
}
