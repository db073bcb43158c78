export { describeCliConventions } from './cli-conventions.js';
export { type BinResult, type BinRunner, binRunner, git, type RunBinOptions, runBin } from './run-bin.js';
export { useTempDirs } from './temp-dirs.js';
