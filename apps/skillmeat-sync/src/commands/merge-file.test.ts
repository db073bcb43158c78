import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const tempDir = useTempDirs('skillmeat-merge-file-');

function files(base: string, ours: string, theirs: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'base.md'), base);
  writeFileSync(join(dir, 'ours.md'), ours);
  writeFileSync(join(dir, 'theirs.md'), theirs);
  return dir;
}

// The reference: git merge-file on the same files, outside any configuration.
function gitMergeFile(dir: string, args: string[]): { code: number; stdout: string } {
  const result = spawnSync('git', ['merge-file', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir },
  });
  return { code: result.status ?? -1, stdout: result.stdout };
}

const base = 'title\none\ntwo\nthree\nfour\nfive\n';
const ours = 'title\nONE\ntwo\nthree\nfour\nfive mine\n';
const theirs = 'title\n1\ntwo\nthree\nfour\nfive\nsix\n';

describe('skillmeat-sync merge-file', () => {
  it.each([
    [['-p']],
    [['-p', '--diff3']],
    [['-p', '--zdiff3', '-L', 'mine', '-L', 'old', '-L', 'upstream']],
    [['-p', '--union']],
    [['--stdout', '--marker-size', '10', '-L', 'only-ours']],
  ])('writes what git merge-file writes and exits with the conflict count: %j', (args) => {
    const dir = files(base, ours, theirs);
    const expected = gitMergeFile(dir, [...args, 'ours.md', 'base.md', 'theirs.md']);
    const result = runBin(bin, ['merge-file', ...args, 'ours.md', 'base.md', 'theirs.md'], { cwd: dir });
    expect(result.stdout).toBe(expected.stdout);
    expect(result.code).toBe(expected.code);
    expect(result.stderr).toBe('');
  });

  it('overwrites CURRENT without -p, and exits 0 on a clean merge', () => {
    const dir = files('a\nb\nc\nd\n', 'A\nb\nc\nd\n', 'a\nb\nc\nD\n');
    const result = runBin(bin, ['merge-file', 'ours.md', 'base.md', 'theirs.md'], { cwd: dir });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'ours.md'), 'utf8')).toBe('A\nb\nc\nD\n');
  });

  it('caps the exit status at 127 conflicts', () => {
    // 130 lines edited differently on both sides, each separated by unchanged text.
    const block = (i: number, line: string) => `${line}\nkeep ${i}\nkeep\nkeep\nkeep\n`;
    const side = (tag: string) => Array.from({ length: 130 }, (_, i) => block(i, `line ${i} ${tag}`)).join('');
    const dir = files(side('base'), side('ours'), side('theirs'));
    const result = runBin(bin, ['merge-file', '-p', 'ours.md', 'base.md', 'theirs.md'], { cwd: dir });
    expect(gitMergeFile(dir, ['-p', 'ours.md', 'base.md', 'theirs.md']).code).toBe(127);
    expect(result.code).toBe(127);
  });

  it('exits 255 with one error line for a missing file, binary content or too many labels', () => {
    const dir = files(base, ours, theirs);
    const missing = runBin(bin, ['merge-file', '-p', 'ours.md', 'base.md', 'nope.md'], { cwd: dir });
    expect(missing.code).toBe(255);
    expect(missing.stderr).toMatch(/^error: Could not read nope\.md\. \[MERGE_FILE_UNREADABLE\]\nhint: /);
    writeFileSync(join(dir, 'theirs.md'), 'bin\0ary');
    const binary = runBin(bin, ['merge-file', '-p', 'ours.md', 'base.md', 'theirs.md'], { cwd: dir });
    expect(binary.code).toBe(255);
    expect(binary.stderr).toContain('Cannot merge binary files: theirs.md [MERGE_FILE_BINARY]');
    const labels = ['-L', 'a', '-L', 'b', '-L', 'c', '-L', 'd'];
    expect(runBin(bin, ['merge-file', '-p', ...labels, 'ours.md', 'base.md', 'base.md'], { cwd: dir }).code).toBe(255);
  });
});
