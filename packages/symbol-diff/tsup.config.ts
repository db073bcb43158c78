import { packageBuild } from '@lineage/config/tsup';

// The analysis worker is a second entry: worker threads load it by file (dist/analysis-worker.js).
// The benchmark is built beside the library (dist/bench/run-bench.js) so `pnpm bench` runs
// plain JavaScript; it is not exported.
export default packageBuild({
  entry: {
    index: 'src/index.ts',
    'analysis-worker': 'src/analysis/analysis-worker.ts',
    'bench/run-bench': 'bench/run-bench.ts',
  },
  dts: { entry: { index: 'src/index.ts' } },
});
