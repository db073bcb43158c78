import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import { writeFileAtomic } from '@lineage/safe-fs';

/** The directory that makes a working copy a repository. */
export const DOT_DIR = '.atomic';

/** Where things live inside `.atomic/`. */
export function layoutOf(root: string) {
  const dot = join(root, DOT_DIR);
  return {
    root,
    dot,
    /** patch-graph's Repository: `pristine.db` and `changes/`. */
    pristine: dot,
    lock: join(dot, 'lock'),
    config: join(dot, 'config.json'),
    /** The current channel and the tracking requests not recorded yet. */
    state: join(dot, 'working-copy.json'),
    /** Present while the working copy is being rewritten: what `reset` must finish. */
    journal: join(dot, 'output-journal.json'),
    /** Stat fingerprints of files known to equal the output (see stat-cache.ts). */
    statCache: join(dot, 'stat-cache.json'),
  };
}

export type Layout = ReturnType<typeof layoutOf>;

/** The repository containing `start` (itself or a parent directory). */
export function findRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (isRepository(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new NotFoundError('NOT_IN_REPOSITORY', `${resolve(start)} is not inside an atomic repository`, {
        hint: 'run `atomic init` to create one, or change to a directory inside a repository',
      });
    }
    dir = parent;
  }
}

export function isRepository(dir: string): boolean {
  try {
    return statSync(join(dir, DOT_DIR, 'pristine.db')).isFile();
  } catch {
    return false;
  }
}

export function readJson<T>(path: string, fallback: T): T {
  if (!existsSync(path)) return fallback;
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Small state files are replaced whole (temporary file + rename): never half-written. */
export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A path argument as the repository names it: resolved against `cwd`, relative to `root`,
 * `/`-separated (`''` is the root). Paths outside the repository are refused.
 */
export function toRepositoryPath(root: string, cwd: string, path: string): string {
  const rel = relative(root, resolve(cwd, path));
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError('PATH_OUTSIDE_REPOSITORY', `${quoteInput(path)} is outside the repository ${root}`, {
      hint: 'give a path inside the working copy',
    });
  }
  return rel.split(sep).join('/');
}
