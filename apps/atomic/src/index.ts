import type { Command } from '@oclif/core';

/** Every command of this CLI, by id (oclif's explicit command strategy). */
export const COMMANDS: Record<string, Command.Class> = {};
