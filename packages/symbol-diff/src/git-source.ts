import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { gitFailed, notAGitRepository, unknownRef } from './errors.js';

/** One file of a tree at a commit, as `git ls-tree` lists it. */
export interface TreeEntry {
  /** Path relative to the snapshot root (the repository, or the subdirectory the repository was opened at). */
  path: string;
  /** Git's blob id: equal ids mean equal bytes. */
  blob: string;
  mode: string;
}

/**
 * Read-only access to a git repository by refs and blob ids: no working tree is read or
 * written, so the same code serves a clone, a bare repository, and a clone whose work tree
 * is mid-edit. Opened at a subdirectory of a work tree, every path is relative to it.
 */
export class GitSource {
  private constructor(
    readonly path: string,
    /** The subdirectory of the repository this source is scoped to ('' for all of it). */
    readonly prefix: string,
  ) {}

  /**
   * Opens the repository at `path`. `subdir` scopes it to a directory inside (the way a
   * monorepo's package is picked in a bare clone, which has no working directory to stand in).
   */
  static open(path: string, subdir?: string): GitSource {
    const absolute = resolve(path);
    if (!existsSync(absolute)) throw notAGitRepository(path);
    const probe = runGit(absolute, ['rev-parse', '--is-bare-repository', '--show-prefix'], { check: false });
    if (probe.status !== 0) throw notAGitRepository(path, probe.stderr.toString());
    const [bare, prefix = ''] = probe.stdout.toString().split('\n');
    const base = bare === 'true' ? '' : prefix.replace(/\/$/, '');
    const inner = (subdir ?? '').replace(/^\.?\/+|\/+$/g, '');
    return new GitSource(absolute, [base, inner].filter(Boolean).join('/'));
  }

  /** The full commit id a ref (tag, branch, commit, `HEAD~2`) names. */
  resolveCommit(ref: string): string {
    if (ref.startsWith('-') || ref.includes('\0')) throw unknownRef(this.path, ref);
    const result = runGit(this.path, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
      check: false,
    });
    const commit = result.stdout.toString().trim();
    if (result.status !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) throw unknownRef(this.path, ref);
    return commit;
  }

  /** Every regular file of the commit's tree under the prefix (symlinks and submodules left out). */
  listFiles(commit: string): TreeEntry[] {
    const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
    if (this.prefix) args.push('--', this.prefix);
    const out = runGit(this.path, args).stdout.toString('utf8');
    const entries: TreeEntry[] = [];
    const cut = this.prefix ? this.prefix.length + 1 : 0;
    for (const record of out.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode, type, blob] = record.slice(0, tab).split(' ') as [string, string, string];
      if (type !== 'blob' || mode === '120000') continue;
      entries.push({ path: record.slice(tab + 1).slice(cut), blob, mode });
    }
    return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The bytes of many blobs in one `git cat-file --batch` process, keyed by blob id. */
  readBlobs(blobs: readonly string[]): Map<string, Buffer> {
    const unique = [...new Set(blobs)];
    const contents = new Map<string, Buffer>();
    if (unique.length === 0) return contents;
    const out = runGit(this.path, ['cat-file', '--batch'], { input: `${unique.join('\n')}\n` }).stdout;
    let at = 0;
    while (at < out.length) {
      const headerEnd = out.indexOf(10, at);
      const [id, type, size] = out.subarray(at, headerEnd).toString('latin1').split(' ');
      if (type !== 'blob' || id === undefined) throw gitFailed(['cat-file', '--batch'], `unexpected object ${id}`);
      const length = Number(size);
      contents.set(id, out.subarray(headerEnd + 1, headerEnd + 1 + length));
      at = headerEnd + 1 + length + 1;
    }
    return contents;
  }

  /** The first line of the commit's message and its date, for the report's provenance. */
  describeCommit(commit: string): { subject: string; date: string } {
    const out = runGit(this.path, ['show', '-s', '--format=%cI%n%s', commit]).stdout.toString('utf8');
    const [date = '', subject = ''] = out.split('\n');
    return { subject, date };
  }
}

interface RunOptions {
  input?: string;
  check?: boolean;
}

function runGit(cwd: string, args: readonly string[], options: RunOptions = {}) {
  const result = spawnSync('git', ['-c', 'core.quotePath=false', ...args], {
    cwd,
    input: options.input,
    maxBuffer: 2 ** 32 - 1,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  if (result.error) throw gitFailed(args, result.error.message);
  if (options.check !== false && result.status !== 0) throw gitFailed(args, result.stderr.toString());
  return result;
}
