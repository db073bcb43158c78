import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeDirHash } from '@lineage/content-hash';
import { git, runBin, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const tempDir = useTempDirs('skillmeat-hash-');

function artifact(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'scripts'));
  writeFileSync(join(dir, 'SKILL.md'), '---\nname: review\n---\nReview the diff.\n');
  writeFileSync(join(dir, 'scripts', 'run.sh'), '#!/bin/sh\necho ok\n');
  return dir;
}

describe('skillmeat-sync hash', () => {
  it('prints the h1: hash, ignoring the git repository the artifact lives in', async () => {
    const dir = artifact();
    const expected = (await computeDirHash(dir)).hash;
    git(dir, ['init', '-q']);
    git(dir, ['add', '.']);
    git(dir, ['commit', '-qm', 'artifact']);
    const result = runBin(bin, ['hash', dir]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${expected}\n`);
  });

  it('lists files with --files and returns everything with --json', () => {
    const dir = artifact();
    const listed = runBin(bin, ['hash', dir, '--files']);
    expect(
      listed.stdout
        .split('\n')
        .slice(1, 3)
        .map((line) => line.split('  ')[1]),
    ).toEqual(['SKILL.md', 'scripts/run.sh']);
    const json = JSON.parse(runBin(bin, ['hash', dir, '--json']).stdout);
    expect(json).toMatchObject({
      path: dir,
      hash: expect.stringMatching(/^h1:/),
      files: [{ path: 'SKILL.md' }, { path: 'scripts/run.sh' }],
    });
  });

  it('exits 3 with one line and a hint when the directory does not exist', () => {
    const result = runBin(bin, ['hash', join(tempDir(), 'missing')]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: no directory at .*missing \[PATH_NOT_FOUND\]\nhint: check the path; it must be a directory\n$/,
    );
  });

  it('puts the error on stdout as JSON under --json, still exit 3', () => {
    const result = runBin(bin, ['hash', '/no/such/dir', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'PATH_NOT_FOUND',
        message: 'no directory at /no/such/dir',
        hint: 'check the path; it must be a directory',
      },
    });
  });

  it('treats a missing argument as a usage error (exit 2) and shows a stack only with --debug', () => {
    const missing = runBin(bin, ['hash']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[USAGE]');
    expect(missing.stderr).toContain('hint: run `skillmeat-sync hash --help`');
    expect(runBin(bin, ['hash', '/no/such/dir']).stderr).not.toContain('    at ');
    expect(runBin(bin, ['hash', '/no/such/dir', '--debug']).stderr).toContain('    at ');
  });
});
