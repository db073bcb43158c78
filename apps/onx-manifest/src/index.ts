import type { Command } from '@oclif/core';
import Apply from './commands/apply.js';
import Compat from './commands/compat.js';
import Generate from './commands/generate.js';
import Publish from './commands/publish.js';
import Rollback from './commands/rollback.js';

/** Every command of this CLI, by id (oclif's explicit command strategy), in the order of a release pipeline. */
export const COMMANDS: Record<string, Command.Class> = {
  generate: Generate,
  publish: Publish,
  compat: Compat,
  apply: Apply,
  rollback: Rollback,
};
