import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { quoteInput, UsageError } from '@lineage/errors';
import { readJson, writeJson } from './layout.js';

/** The settings a person may set, with what each one means (shown by `config`). */
export const CONFIG_KEYS = {
  'user.name': 'your name, recorded as the author of your changes',
  'user.email': 'your e-mail address, recorded with your name',
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export type ConfigValues = Partial<Record<ConfigKey, string>>;
export type ConfigScope = 'repository' | 'user';

/**
 * The user configuration file: `$ATOMIC_CONFIG_HOME/config.json`, else
 * `$XDG_CONFIG_HOME/atomic/config.json`, else `~/.config/atomic/config.json`.
 */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ATOMIC_CONFIG_HOME) return join(env.ATOMIC_CONFIG_HOME, 'config.json');
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'atomic', 'config.json');
}

export function validateConfigKey(key: string): ConfigKey {
  if (!(key in CONFIG_KEYS)) {
    throw new UsageError('CONFIG_KEY_UNKNOWN', `${quoteInput(key)} is not a setting`, {
      hint: `known settings: ${Object.keys(CONFIG_KEYS).join(', ')}`,
    });
  }
  return key as ConfigKey;
}

export function readConfig(path: string): ConfigValues {
  try {
    return readJson<ConfigValues>(path, {});
  } catch (cause) {
    throw new UsageError('CONFIG_UNREADABLE', `${path} is not valid JSON`, {
      cause,
      hint: 'fix or delete the file, then set the values again with `atomic config set`',
    });
  }
}

export function setConfigValue(path: string, key: string, value: string): ConfigValues {
  const values = { ...readConfig(path), [validateConfigKey(key)]: value };
  mkdirSync(dirname(path), { recursive: true });
  writeJson(path, values);
  return values;
}
