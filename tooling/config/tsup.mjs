// One build recipe for every package: ESM for Node 20, declarations beside the code.
import { defineConfig } from 'tsup';

/** @param {import('tsup').Options} [overrides] */
export function packageBuild(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    ...overrides,
  });
}

/**
 * A CLI app: the workspace libraries its commands import are bundled in. Importing
 * @lineage/working-copy meant loading some fifteen ES modules one by one (resolve, read, link);
 * bundled, `atomic status` starts ~45 ms sooner, and the bundled code still runs only when a
 * command imports it. Left to load from their packages: @lineage/cli-kit and @lineage/errors,
 * which must be the very instances the bin and the error rendering use (`instanceof`); and
 * @lineage/sqlite-store, which loads its native driver from its own package, and kysely as a
 * chunk of its own build, on demand. An app declares those it reaches in its dependencies.
 *
 * @param {import('tsup').Options} [overrides]
 */
export function appBuild(overrides = {}) {
  return packageBuild({
    noExternal: [/^@lineage\/(?!cli-kit$|errors$|sqlite-store$)/],
    external: ['@lineage/sqlite-store'],
    ...overrides,
  });
}
