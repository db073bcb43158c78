import { packageBuild } from '@lineage/config/tsup';

// The benchmark is built beside the library (dist/bench/run-bench.js) so `pnpm bench` runs
// plain JavaScript; it is not exported.
export default packageBuild({ entry: { index: 'src/index.ts', 'bench/run-bench': 'bench/run-bench.ts' } });
