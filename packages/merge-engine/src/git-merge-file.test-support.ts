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

  /**
   * The same with these labels, passed to git as raw bytes (through the shell's printf, as
   * Node can only hand a child UTF-8 arguments): line breaks and invalid UTF-8 included.
   */
  runWithLabels(
    base: string,
    ours: string,
    theirs: string,
    labels: readonly (string | Uint8Array)[],
    args: string[] = [],
  ): GitMergeFileResult {
    writeFileSync(join(this.dir, 'base'), base);
    writeFileSync(join(this.dir, 'ours'), ours);
    writeFileSync(join(this.dir, 'theirs'), theirs);
    // printf's octal escapes rebuild each byte; the trailing x keeps final newlines from $(…).
    const assign = labels.map((label, i) => {
      const octal = [...Buffer.from(label)].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
      return `l${i}=$(printf '${octal}x'); l${i}=\${l${i}%x}`;
    });
    const labelArgs = labels.map((_, i) => `-L "$l${i}"`).join(' ');
    const script = `${assign.join('\n')}\nexec git merge-file -p ${labelArgs} ${args.join(' ')} ours base theirs`;
    const result = spawnSync('sh', ['-c', script], { cwd: this.dir, env: this.env, maxBuffer: 1 << 28 });
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

/**
 * `git merge`'s content merges (the ort strategy: histogram diff, level ZEALOUS), many at
 * once: every scenario becomes a base commit and two branches in one bare repository, built
 * by a single `git fast-import`, then `git merge-tree --write-tree` merges each pair.
 */
export function gitOrtMerges(scenarios: readonly { base: string; ours: string; theirs: string }[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'merge-engine-ort-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir };
  const run = (args: string[], input?: string) => {
    const result = spawnSync('git', args, { cwd: dir, env, input, maxBuffer: 1 << 28 });
    if (result.error) throw result.error;
    return result;
  };
  try {
    run(['init', '-q', '--bare', '.']);
    const stream: string[] = [];
    const commit = (ref: string, text: string, parent: string | null) =>
      `commit ${ref}\ncommitter T <t@example.com> 0 +0000\ndata 0\n${parent ? `from ${parent}\n` : ''}M 100644 inline f.txt\ndata ${Buffer.byteLength(text)}\n${text}\n`;
    scenarios.forEach((s, k) => {
      stream.push(commit(`refs/heads/b${k}`, s.base, null));
      stream.push(commit(`refs/heads/o${k}`, s.ours, `refs/heads/b${k}`));
      stream.push(commit(`refs/heads/t${k}`, s.theirs, `refs/heads/b${k}`));
    });
    const imported = run(['fast-import', '--quiet'], stream.join(''));
    if (imported.status !== 0) throw new Error(`fast-import failed: ${imported.stderr.toString()}`);
    const trees = scenarios.map((_, k) => {
      const merged = run(['merge-tree', '--write-tree', `o${k}`, `t${k}`]);
      if (merged.status !== 0 && merged.status !== 1) throw new Error(`merge-tree failed: ${merged.stderr.toString()}`);
      return merged.stdout.toString().split('\n')[0] as string;
    });
    const batch = run(['cat-file', '--batch'], `${trees.map((tree) => `${tree}:f.txt`).join('\n')}\n`).stdout;
    const out: string[] = [];
    let offset = 0;
    for (let k = 0; k < trees.length; k++) {
      const newline = batch.indexOf(10, offset);
      const header = batch.subarray(offset, newline).toString();
      offset = newline + 1;
      if (header.endsWith(' missing')) {
        out.push('');
        continue;
      }
      const size = Number(header.split(' ')[2]);
      out.push(batch.subarray(offset, offset + size).toString('utf8'));
      offset += size + 1;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `git merge -s recursive -X <option>`'s content merges (level ZEALOUS, labels `HEAD` and
 * `theirs`), for strategy options the machine's git ignores elsewhere: its `merge-tree` takes
 * none, and ort hard-codes histogram before git 2.50. Every scenario is a file of one base
 * commit and two branches in a throwaway repository, so one `git merge` merges them all.
 */
export function gitMergeWithOption(
  scenarios: readonly { base: string; ours: string; theirs: string }[],
  option: string,
): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'merge-engine-x-'));
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    HOME: dir,
    GIT_AUTHOR_NAME: 'T',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 'T',
    GIT_COMMITTER_EMAIL: 't@example.com',
  };
  const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: dir, env, maxBuffer: 1 << 28 });
    if (result.error) throw result.error;
    if (result.status !== 0 && args[0] !== 'merge') {
      throw new Error(`git ${args.join(' ')} failed: ${result.stderr.toString()}`);
    }
  };
  const commit = (side: 'base' | 'ours' | 'theirs') => {
    scenarios.forEach((s, k) => {
      writeFileSync(join(dir, `f${k}.txt`), s[side]);
    });
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', side);
  };
  try {
    git('init', '-q', '-b', 'main', '.');
    commit('base');
    git('checkout', '-q', '-b', 'theirs');
    commit('theirs');
    git('checkout', '-q', 'main');
    commit('ours');
    git('merge', '-q', '--no-edit', '-s', 'recursive', '-X', option, 'theirs');
    return scenarios.map((_, k) => readFileSync(join(dir, `f${k}.txt`), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
