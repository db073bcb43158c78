import { packageBuild } from '@lineage/config/tsup';

// The analysis worker is a second entry: worker threads load it by file (dist/analysis-worker.js).
export default packageBuild({
  entry: { index: 'src/index.ts', 'analysis-worker': 'src/analysis/analysis-worker.ts' },
});
