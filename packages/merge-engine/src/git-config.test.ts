import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { gitConflictStyle, merge } from './index.js';

const base = 'one\ntwo\nthree\n';
const ours = 'one\nTWO\nthree\n';
const theirs = 'one\n2\nthree\n';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A repository (`repo/`), a directory outside it (`outside/`), and global and system
 * configuration files of its own, so nothing from the machine leaks in.
 */
function setup(files: { repo?: string; global?: string; system?: string } = {}) {
  dir = mkdtempSync(join(tmpdir(), 'merge-engine-config-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    GIT_CONFIG_GLOBAL: join(dir, 'global'),
    GIT_CONFIG_SYSTEM: join(dir, 'system'),
    GIT_CONFIG_NOSYSTEM: '',
  };
  writeFileSync(join(dir, 'global'), files.global ?? '');
  writeFileSync(join(dir, 'system'), files.system ?? '');
  mkdirSync(join(dir, 'outside'));
  spawnSync('git', ['init', '-q', join(dir, 'repo')], { env });
  if (files.repo)
    writeFileSync(join(dir, 'repo', '.git', 'config'), `[core]\n\trepositoryformatversion = 0\n${files.repo}`);
  for (const where of ['repo', 'outside']) {
    writeFileSync(join(dir, where, 'base'), base);
    writeFileSync(join(dir, where, 'ours'), ours);
    writeFileSync(join(dir, where, 'theirs'), theirs);
  }
  return { env, repo: join(dir, 'repo'), outside: join(dir, 'outside') };
}

function gitMergeFile(cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync('git', ['merge-file', '-p', '-L', 'o', '-L', 'b', '-L', 't', 'ours', 'base', 'theirs'], {
    cwd,
    env,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout };
}

/** Our merge in the style read from git's configuration, as `merge-file` does with no style flag. */
function oursWithConfig(cwd: string, env: NodeJS.ProcessEnv) {
  return merge(base, ours, theirs, {
    style: gitConflictStyle({ cwd, env }),
    labels: { ours: 'o', base: 'b', theirs: 't' },
  }).text;
}

describe('gitConflictStyle: merge.conflictStyle as git merge-file reads it', () => {
  it.each([
    ['no setting', {}, 'repo', undefined],
    ['the repository’s', { repo: '[merge]\n\tconflictStyle = diff3\n' }, 'repo', 'diff3'],
    ['the global one', { global: '[merge]\n\tconflictstyle = zdiff3\n' }, 'repo', 'zdiff3'],
    ['the system one', { system: '[merge]\n\tconflictStyle = diff3\n' }, 'repo', 'diff3'],
    [
      'the repository’s over the system’s',
      { system: '[merge]\n\tconflictStyle = diff3\n', repo: '[merge]\n\tconflictStyle = merge\n' },
      'repo',
      'merge',
    ],
    [
      'the last of several values',
      { repo: '[merge]\n\tconflictStyle = zdiff3\n\tconflictStyle = merge\n' },
      'repo',
      'merge',
    ],
  ] as const)('uses %s', (_, files, where, expected) => {
    const { env, ...dirs } = setup(files);
    const cwd = dirs[where];
    expect(gitConflictStyle({ cwd, env })).toBe(expected);
    expect(oursWithConfig(cwd, env)).toBe(gitMergeFile(cwd, env).stdout);
  });

  it('follows includes and git -c settings (GIT_CONFIG_COUNT), as git does', () => {
    const { env, repo } = setup();
    writeFileSync(join(dir, 'included'), '[merge]\n\tconflictStyle = zdiff3\n');
    writeFileSync(join(dir, 'global'), `[include]\n\tpath = ${join(dir, 'included')}\n`);
    expect(gitConflictStyle({ cwd: repo, env })).toBe('zdiff3');
    expect(oursWithConfig(repo, env)).toBe(gitMergeFile(repo, env).stdout);
    const withC = {
      ...env,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'merge.conflictStyle',
      GIT_CONFIG_VALUE_0: 'diff3',
    };
    expect(gitConflictStyle({ cwd: repo, env: withC })).toBe('diff3');
    expect(oursWithConfig(repo, withC)).toBe(gitMergeFile(repo, withC).stdout);
  });

  it.each([
    ['an unknown style', '[merge]\n\tconflictStyle = fancy\n', 'MERGE_CONFIG_BAD_STYLE', /unknown style 'fancy'/],
    [
      'a style in capitals (git compares exactly)',
      '[merge]\n\tconflictStyle = DIFF3\n',
      'MERGE_CONFIG_BAD_STYLE',
      /DIFF3/,
    ],
    ['an empty value', '[merge]\n\tconflictStyle =\n', 'MERGE_CONFIG_BAD_STYLE', /unknown style ''/],
    ['no value', '[merge]\n\tconflictStyle\n', 'MERGE_CONFIG_BAD_STYLE', /has no value/],
    [
      'a bad value before a good one',
      '[merge]\n\tconflictStyle = nope\n\tconflictStyle = diff3\n',
      'MERGE_CONFIG_BAD_STYLE',
      /'nope'/,
    ],
    ['a file git cannot parse', '[merge\n', 'GIT_CONFIG_UNREADABLE', /bad config line/],
  ])('fails on %s, where git merge-file dies', (_, repoConfig, code, message) => {
    const { env, repo } = setup({ repo: repoConfig });
    expect(gitMergeFile(repo, env).code).toBe(128);
    expect(() => gitConflictStyle({ cwd: repo, env })).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
  });

  it('reads the global configuration outside any repository too, as git ≥ 2.54 does', () => {
    const { env, outside } = setup({ global: '[merge]\n\tconflictStyle = diff3\n' });
    expect(gitConflictStyle({ cwd: outside, env })).toBe('diff3');
    const git = gitMergeFile(outside, env).stdout;
    const [major = 0, minor = 0] = (
      /(\d+)\.(\d+)/.exec(spawnSync('git', ['version'], { encoding: 'utf8' }).stdout) ?? []
    )
      .slice(1)
      .map(Number);
    // Older git read no configuration outside a repository ("merge-file: honor
    // merge.conflictStyle outside of a repository", 2.54): there it writes the default style.
    const plain = merge(base, ours, theirs, { labels: { ours: 'o', base: 'b', theirs: 't' } }).text;
    expect(git).toBe(major > 2 || (major === 2 && minor >= 54) ? oursWithConfig(outside, env) : plain);
  });

  it('reads no configuration when git is not installed', () => {
    const { env, repo } = setup({ repo: '[merge]\n\tconflictStyle = diff3\n' });
    expect(gitConflictStyle({ cwd: repo, env: { ...env, PATH: join(dir, 'no-bin') } })).toBeUndefined();
  });
});
