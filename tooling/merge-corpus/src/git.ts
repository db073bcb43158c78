import { spawnSync } from 'node:child_process';

/** Runs git against a repository (a bare mirror is fine) and returns stdout; throws with git's message on failure. */
export function git(repo: string, args: readonly string[], input?: string, okCodes: readonly number[] = [0]): Buffer {
  const result = spawnSync('git', ['-C', repo, ...args], {
    input,
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
  });
  if (result.error) throw result.error;
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`git ${args.join(' ')} failed in ${repo}: ${result.stderr.toString().trim()}`);
  }
  return result.stdout;
}

export const gitLines = (repo: string, args: readonly string[], okCodes: readonly number[] = [0]): string[] =>
  git(repo, args, undefined, okCodes).toString('utf8').split('\n').filter(Boolean);

/**
 * Reads many objects in one `git cat-file --batch` call: id → content, `null` for an id
 * git does not have.
 */
export function readBlobs(repo: string, ids: readonly string[]): Map<string, Buffer | null> {
  const out = new Map<string, Buffer | null>();
  if (ids.length === 0) return out;
  const data = git(repo, ['cat-file', '--batch'], `${ids.join('\n')}\n`);
  let offset = 0;
  for (const id of ids) {
    const newline = data.indexOf(10, offset);
    const header = data.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    if (header.endsWith(' missing')) {
      out.set(id, null);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    out.set(id, data.subarray(offset, offset + size));
    offset += size + 1;
  }
  return out;
}
