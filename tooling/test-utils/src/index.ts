export { describeCliConventions } from './cli-conventions.js';
export { type BinResult, git, type RunBinOptions, runBin } from './run-bin.js';
export { useTempDirs } from './temp-dirs.js';
