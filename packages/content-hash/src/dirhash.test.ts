import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { useTempDirs } from '@lineage/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDirHash, createExcludeMatcher, DEFAULT_DIRHASH_EXCLUDES, hashFileDigests, sha256Hex } from './index.js';

const tempDir = useTempDirs('dirhash-');

function tree(files: Record<string, string>, order = Object.keys(files)): string {
  const dir = tempDir();
  for (const path of order) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), files[path] ?? '');
  }
  return dir;
}

// The reference: the summary Go hashes is byte for byte what sha256sum prints.
function sha256sumSummaryHash(dir: string): string {
  const script = "find . -type f | sed 's|^\\./||' | LC_ALL=C sort | tr '\\n' '\\0' | xargs -0 sha256sum | sha256sum";
  const hex = execFileSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8' }).split(' ')[0] ?? '';
  return `h1:${Buffer.from(hex, 'hex').toString('base64')}`;
}

describe('computeDirHash', () => {
  const sample = {
    abc: 'data for abc',
    xyz: 'data for xyz',
    'nested/dir/file.md': '# title\n',
    'Zeta.txt': 'upper case sorts first\n',
    empty: '',
  };

  it('matches a fixed vector (checked with sha256sum)', async () => {
    const dir = tree({ abc: 'data for abc', xyz: 'data for xyz' });
    const result = await computeDirHash(dir);
    expect(result.hash).toBe('h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=');
    expect(result.hash).toBe(sha256sumSummaryHash(dir));
    expect(result.files).toEqual([
      { path: 'abc', sha256: sha256Hex('data for abc') },
      { path: 'xyz', sha256: sha256Hex('data for xyz') },
    ]);
  });

  it('equals the sha256sum summary on a nested tree', async () => {
    const dir = tree(sample);
    expect((await computeDirHash(dir)).hash).toBe(sha256sumSummaryHash(dir));
  });

  it('is identical whatever the file-creation order', async () => {
    const paths = Object.keys(sample);
    const expected = (await computeDirHash(tree(sample))).hash;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(paths, { minLength: paths.length }), async (order) => {
        expect((await computeDirHash(tree(sample, order))).hash).toBe(expected);
      }),
      { numRuns: 20 },
    );
  });

  it('skips VCS state, node_modules and editor temp files by default', async () => {
    const clean = await computeDirHash(tree({ 'a.txt': 'a' }));
    const noisy = tree({
      'a.txt': 'a',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'node_modules/x/index.js': '',
      '.a.txt.swp': 'swap',
      'a.txt~': 'backup',
      '.#a.txt': 'lock',
      '#a.txt#': 'autosave',
    });
    expect((await computeDirHash(noisy)).hash).toBe(clean.hash);
    expect((await computeDirHash(noisy, { exclude: [] })).files).toHaveLength(7);
  });

  it('exposes the same exclusion rules for callers that walk trees themselves', () => {
    const excluded = createExcludeMatcher(DEFAULT_DIRHASH_EXCLUDES);
    expect(['.git', 'node_modules', '.a.txt.swp', 'a.txt~', '.#a', '#a#'].filter(excluded)).toHaveLength(6);
    expect(['a.txt', '.gitignore', 'git', 'swp', 'x.swpx'].some(excluded)).toBe(false);
    expect(createExcludeMatcher(['*.log'])('build.log')).toBe(true);
  });

  it('prefixes paths like Go HashDir and hashes symlinks by target without following them', async () => {
    const dir = tree({ 'a.txt': 'a' });
    symlinkSync('/etc/passwd', join(dir, 'link'));
    const result = await computeDirHash(dir, { prefix: 'mod@v1' });
    expect(result.files).toEqual([
      { path: 'mod@v1/a.txt', sha256: sha256Hex('a') },
      { path: 'mod@v1/link', sha256: sha256Hex('/etc/passwd') },
    ]);
  });

  it('refuses names containing a newline, and a missing directory, with coded errors', async () => {
    expect(() => hashFileDigests([{ path: 'a\nb', sha256: sha256Hex('') }])).toThrow(
      expect.objectContaining({ code: 'DIRHASH_NEWLINE_IN_PATH' }),
    );
    await expect(computeDirHash('/nonexistent/lineage')).rejects.toMatchObject({ code: 'PATH_NOT_FOUND', exitCode: 3 });
    await expect(computeDirHash('/etc/hostname')).rejects.toMatchObject({ code: 'DIRHASH_UNREADABLE' });
  });
});
