import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitMergeFileResult {
  output: Buffer;
  conflicts: number;
}

/**
 * Runs the machine's `git merge-file` — the reference — outside any repository and with
 * no configuration, so `merge.conflictStyle` and the like cannot change its output.
 */
export class GitMergeFile {
  private readonly dir = mkdtempSync(join(tmpdir(), 'merge-engine-git-'));
  private readonly env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    HOME: this.dir,
    LC_ALL: 'C',
  };

  run(
    base: string | Uint8Array,
    ours: string | Uint8Array,
    theirs: string | Uint8Array,
    args: string[] = [],
  ): GitMergeFileResult {
    writeFileSync(join(this.dir, 'base'), base);
    writeFileSync(join(this.dir, 'ours'), ours);
    writeFileSync(join(this.dir, 'theirs'), theirs);
    const result = spawnSync(
      'git',
      ['merge-file', '-p', '-L', 'ours', '-L', 'base', '-L', 'theirs', ...args, 'ours', 'base', 'theirs'],
      { cwd: this.dir, env: this.env, maxBuffer: 1 << 28 },
    );
    if (result.error) throw result.error;
    if (result.status === null || result.status > 127) {
      throw new Error(`git merge-file failed (${result.status}): ${result.stderr.toString()}`);
    }
    return { output: result.stdout, conflicts: result.status };
  }

  /** Reads back a file git wrote (for tests that let git merge in place). */
  read(name: string): Buffer {
    return readFileSync(join(this.dir, name));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
