import { appBuild } from '@lineage/config/tsup';

// @lineage/artifact-sync loads from its own package, on demand: bundled, its imports of
// OpenTelemetry, TOML and kysely would be hoisted to the top of dist/index.js and paid for by
// every command, `hash` and `merge-file` included.
export default appBuild({
  noExternal: [/^@lineage\/(?!cli-kit$|errors$|sqlite-store$|artifact-sync$)/],
  external: ['@lineage/sqlite-store', 'kysely', '@lineage/artifact-sync'],
});
