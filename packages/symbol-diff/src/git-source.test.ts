import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '@lineage/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryWithVersions } from '../test/fixture-repo.js';
import { GitSource } from './git-source.js';

const repo = repositoryWithVersions([
  ['v1', { 'lib/a.ts': 'export const a = 1;\n', 'README.md': 'hi\n' }],
  ['v2', { 'lib/a.ts': 'export const a = 2;\n', 'lib/b.ts': 'export const b = 1;\n' }],
]);
const scratch = mkdtempSync(join(tmpdir(), 'symbol-diff-git-'));
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('GitSource', () => {
  it('lists and reads a ref without touching the working tree, in a bare clone too', () => {
    writeFileSync(join(repo, 'lib/a.ts'), 'uncommitted edit\n');
    const bare = join(scratch, 'bare.git');
    git(scratch, ['clone', '-q', '--bare', repo, bare]);
    for (const path of [repo, bare]) {
      const source = GitSource.open(path);
      const files = source.listFiles(source.resolveCommit('v1'));
      expect(files.map((f) => f.path)).toEqual(['README.md', 'lib/a.ts']);
      const blobs = source.readBlobs(files.map((f) => f.blob));
      expect(blobs.get(files[1]?.blob as string)?.toString()).toBe('export const a = 1;\n');
    }
    git(repo, ['checkout', '--', 'lib/a.ts']);
  });

  it('scopes paths to the subdirectory it was opened at', () => {
    const source = GitSource.open(join(repo, 'lib'));
    expect(source.prefix).toBe('lib');
    expect(source.listFiles(source.resolveCommit('v2')).map((f) => f.path)).toEqual(['a.ts', 'b.ts']);
  });

  it('names unknown refs and non-repositories with stable codes', () => {
    const source = GitSource.open(repo);
    expect(() => source.resolveCommit('v9')).toThrow(expect.objectContaining({ code: 'UNKNOWN_REF', exitCode: 3 }));
    expect(() => source.resolveCommit('--all')).toThrow(expect.objectContaining({ code: 'UNKNOWN_REF' }));
    const plain = join(scratch, 'plain');
    mkdirSync(plain);
    expect(() => GitSource.open(plain)).toThrow(expect.objectContaining({ code: 'NOT_A_GIT_REPOSITORY' }));
    expect(() => GitSource.open(join(scratch, 'missing'))).toThrow(
      expect.objectContaining({ code: 'NOT_A_GIT_REPOSITORY' }),
    );
  });
});
