import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { ConfigValues } from './config.js';

export interface AuthorSources {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  repository?: ConfigValues;
  user?: ConfigValues;
  /** Where to ask git (its repository config applies there); skipped when undefined. */
  gitCwd?: string;
}

/** `Name <email>`, or whichever of the two is known. */
function format(name: string | undefined, email: string | undefined): string | undefined {
  if (name && email) return `${name} <${email}>`;
  return name || (email ? `<${email}>` : undefined);
}

/**
 * The author of a change, first found wins (issue 4): `--author`, `ATOMIC_AUTHOR`, the
 * repository's config, the user's config, git's `user.name`/`user.email`, the OS user.
 * git is asked last among the configured sources because it costs a process start.
 */
export function resolveAuthor(sources: AuthorSources): string {
  const env = sources.env ?? process.env;
  const fromConfig = (config?: ConfigValues) => format(config?.['user.name'], config?.['user.email']);
  return (
    sources.flag?.trim() ||
    env.ATOMIC_AUTHOR?.trim() ||
    fromConfig(sources.repository) ||
    fromConfig(sources.user) ||
    (sources.gitCwd === undefined ? undefined : gitIdentity(sources.gitCwd, env)) ||
    osUser()
  );
}

/** git's identity in one process start (each costs 5-10 ms): `user.name` and `user.email`. */
function gitIdentity(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const result = spawnSync('git', ['config', '--get-regexp', '^user\\.(name|email)$'], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const values = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) values.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  return format(values.get('user.name') || undefined, values.get('user.email') || undefined);
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
