// What atomic's bench scripts share: the CLI they time, one identity for every tool they drive,
// scratch directories removed at the end, and a command run that fails loudly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', 'bin', 'run.js');

/** The environment of every command: an author for atomic and git, plus a script's own `extra`. */
export function benchEnv(extra = {}) {
  return {
    ...process.env,
    ATOMIC_AUTHOR: 'bench',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'b@e',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'b@e',
    ...extra,
  };
}

/** Runs a command in `env`; its stdout, or an error with its stderr. */
export function commandRunner(env) {
  return (cmd, args, cwd, input) => {
    const result = spawnSync(cmd, args, { cwd, env, input, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
}

/** Temporary directories, every one removed by `removeAll` when the bench is done. */
export function scratchDirs() {
  const made = [];
  return {
    scratch(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
