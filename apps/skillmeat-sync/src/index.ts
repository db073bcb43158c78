import type { Command } from '@oclif/core';
import Hash from './commands/hash.js';
import MergeFile from './commands/merge-file.js';

/** Every command of this CLI, by id (oclif's explicit command strategy). */
export const COMMANDS: Record<string, Command.Class> = {
  hash: Hash,
  'merge-file': MergeFile,
};
