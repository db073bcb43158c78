import { spawnSync } from 'node:child_process';

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunBinOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** Runs a built CLI bin (a `bin/run.js`) as a user would: a real process, real exit code. */
export function runBin(binPath: string, args: readonly string[], options: RunBinOptions = {}): BinResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs git with a fixed identity and no user or system configuration leaking in; `input` goes to its stdin. */
export function git(cwd: string, args: readonly string[], input?: string): string {
  const result = spawnSync('git', args, {
    cwd,
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export interface BinRunner {
  /** Runs the bin in `cwd`; the result whatever the exit code. */
  run(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): BinResult;
  /** Runs the bin and fails (with its stderr) unless it exits 0. */
  ok(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): BinResult;
}

/** A bin bound to a base environment, for end-to-end suites that call it many times. */
export function binRunner(binPath: string, baseEnv: NodeJS.ProcessEnv = {}): BinRunner {
  const run = (cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
    runBin(binPath, args, { cwd, env: { ...baseEnv, ...env } });
  return {
    run,
    ok(cwd, args, env) {
      const result = run(cwd, args, env);
      if (result.code !== 0) throw new Error(`\`${args.join(' ')}\` exited ${result.code}: ${result.stderr}`);
      return result;
    },
  };
}
