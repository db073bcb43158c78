import { packageBuild } from '@lineage/config/tsup';

// kysely is bundled, split into a chunk of its own that loads only when a migration or a query
// builder needs it (see src/kysely-loader.ts); its types still come from its package.
export default packageBuild({ noExternal: ['kysely'], splitting: true });
