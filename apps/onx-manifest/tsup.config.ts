import { appBuild } from '@lineage/config/tsup';

// @lineage/symbol-diff runs from its own package, not bundled in: its worker threads load
// dist/analysis-worker.js beside its bundle, and only a command's run() imports it. The
// second entry is the onx-migrate bin.
export default appBuild({
  entry: ['src/index.ts', 'src/onx-migrate.ts'],
  noExternal: [/^@lineage\/(?!cli-kit$|errors$|symbol-diff$)/],
});
