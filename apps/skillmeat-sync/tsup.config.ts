import { appBuild } from '@lineage/config/tsup';

// @lineage/artifact-sync and @lineage/sync-api load from their own packages, on demand:
// bundled, their imports (OpenTelemetry, TOML, kysely; hono and zod) would be hoisted to the top
// of dist/index.js and paid for by every command, `hash` and `merge-file` included.
export default appBuild({
  noExternal: [/^@lineage\/(?!cli-kit$|errors$|sqlite-store$|artifact-sync$|sync-api$)/],
  external: ['@lineage/sqlite-store', 'kysely', '@lineage/artifact-sync', '@lineage/sync-api'],
});
