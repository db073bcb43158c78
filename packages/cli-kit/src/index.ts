// oclif's subpaths, not its index: the index also loads help, ux, the logger and a semver
// check of Node at import, about 20-30 ms of every command's start-up.
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';

export { describeError, type ErrorReport } from './describe-error.js';
export {
  formatGitUsage,
  GIT_USAGE_STATUS,
  type GitOption,
  type GitOptionUse,
  GitUsageError,
  type GitUsageOutput,
  gitOptionHelpFlags,
  parseGitOptions,
} from './git-options.js';
export { type CommandArgs, type CommandFlags, LineageCommand } from './lineage-command.js';
export { argBytes, decodeArg, rawArgs } from './raw-args.js';
export { runCli } from './run-cli.js';
export { colorDiff, colorWanted, createStyle, type Style } from './style.js';
export { type Choice, choose, createProgress, formatTable, type Progress, visibleLength } from './terminal.js';
export { Args, Flags };
