export { Args, Flags } from '@oclif/core';
export { describeError, type ErrorReport } from './describe-error.js';
export { type CommandArgs, type CommandFlags, LineageCommand } from './lineage-command.js';
export { runCli } from './run-cli.js';
export { colorWanted, createStyle, type Style } from './style.js';
