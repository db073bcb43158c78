import { chmodSync, mkdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeDirHash } from '@lineage/content-hash';
import { useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { readDirectoryTree, readSingleFileTree, writeTreeInto } from './disk-tree.js';
import { type ArtifactTree, checkEntryPath, checkSymlink, DEFAULT_LIMITS, hashTree, LimitCheck } from './tree.js';

const tempDir = useTempDirs('tree-');
const bytes = (text: string) => new Uint8Array(Buffer.from(text));

function sampleDir(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'scripts', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'SKILL.md'), '# skill\n');
  writeFileSync(join(dir, 'scripts', 'run.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(join(dir, 'scripts', 'run.sh'), 0o755);
  writeFileSync(join(dir, 'scripts', 'deep', 'data.bin'), Buffer.from([0, 1, 2, 255]));
  symlinkSync('../SKILL.md', join(dir, 'scripts', 'skill-link'));
  // Editor and VCS leftovers are not content.
  writeFileSync(join(dir, '.SKILL.md.swp'), 'swap');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref');
  return dir;
}

describe('artifact trees', () => {
  it('hash exactly as computeDirHash hashes the same directory', async () => {
    const dir = sampleDir();
    const tree = readDirectoryTree(dir, DEFAULT_LIMITS, 'test') as ArtifactTree;
    expect([...tree.keys()].sort()).toEqual([
      'SKILL.md',
      'scripts/deep/data.bin',
      'scripts/run.sh',
      'scripts/skill-link',
    ]);
    expect(hashTree(tree)).toBe((await computeDirHash(dir)).hash);
    expect(tree.get('scripts/run.sh')?.mode).toBe('executable');
    expect(tree.get('scripts/skill-link')).toEqual({ bytes: bytes('../SKILL.md'), mode: 'symlink' });
  });

  it('hash a single-file artifact as a one-file tree, and give nothing for a missing path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fix.md'), 'fix it\n');
    const tree = readSingleFileTree(join(dir, 'fix.md'), 'fix.md', DEFAULT_LIMITS, 'test') as ArtifactTree;
    expect(hashTree(tree)).toBe((await computeDirHash(dir)).hash);
    expect(readSingleFileTree(join(dir, 'missing.md'), 'missing.md', DEFAULT_LIMITS, 'test')).toBeNull();
    expect(readDirectoryTree(join(dir, 'missing'), DEFAULT_LIMITS, 'test')).toBeNull();
  });

  it('write back what they read: modes, links and bytes', async () => {
    const source = readDirectoryTree(sampleDir(), DEFAULT_LIMITS, 'test') as ArtifactTree;
    const copy = join(tempDir(), 'copy');
    await writeTreeInto(copy, source);
    expect(readDirectoryTree(copy, DEFAULT_LIMITS, 'test')).toEqual(source);
    expect(statSync(join(copy, 'scripts', 'run.sh')).mode & 0o111).not.toBe(0);
    expect(readlinkSync(join(copy, 'scripts', 'skill-link'))).toBe('../SKILL.md');
  });

  it('reuse unchanged files of the version they replace instead of writing them again', async () => {
    const old = sampleDir();
    const current = readDirectoryTree(old, DEFAULT_LIMITS, 'test') as ArtifactTree;
    const next: ArtifactTree = new Map(current);
    next.set('SKILL.md', { bytes: bytes('# changed\n'), mode: 'file' });
    const staging = join(tempDir(), 'staging');
    await writeTreeInto(staging, next, { dir: old, tree: current });
    expect(readDirectoryTree(staging, DEFAULT_LIMITS, 'test')).toEqual(next);
    const inode = (path: string) => statSync(path).ino;
    expect(inode(join(staging, 'scripts', 'run.sh'))).toBe(inode(join(old, 'scripts', 'run.sh')));
    expect(inode(join(staging, 'SKILL.md'))).not.toBe(inode(join(old, 'SKILL.md')));
  });

  it('refuse paths that escape, links that point outside, and anything over the limits', () => {
    for (const path of ['../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a\\b', 'C:evil', 'a\nb']) {
      expect(() => checkEntryPath(path, 'upstream')).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
    }
    expect(checkEntryPath('a/b..c/.d', 'upstream')).toBe('a/b..c/.d');
    checkSymlink('scripts/link', '../SKILL.md', 'upstream');
    for (const target of ['../../etc/passwd', '/etc/passwd', '', '../..']) {
      expect(() => checkSymlink('scripts/link', target, 'upstream')).toThrow(
        expect.objectContaining({ code: 'UNSAFE_SYMLINK' }),
      );
    }
    const limits = { maxFileBytes: 10, maxArtifactBytes: 15, maxFiles: 2 };
    expect(() => new LimitCheck(limits, 'up').add('big', 11)).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_FILE_TOO_LARGE' }),
    );
    const total = new LimitCheck(limits, 'up');
    total.add('a', 10);
    expect(() => total.add('b', 10)).toThrow(expect.objectContaining({ code: 'ARTIFACT_TOO_LARGE' }));
    const count = new LimitCheck(limits, 'up');
    count.add('a', 1);
    count.add('b', 1);
    expect(() => count.add('c', 1)).toThrow(
      expect.objectContaining({
        code: 'ARTIFACT_TOO_MANY_FILES',
        message: expect.stringContaining('nothing was written'),
      }),
    );
  });

  it('refuse a link in a project that points outside the artifact', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'SKILL.md'), 'x');
    symlinkSync('/etc/passwd', join(dir, 'leak'));
    expect(() => readDirectoryTree(dir, DEFAULT_LIMITS, 'the project')).toThrow(
      expect.objectContaining({ code: 'UNSAFE_SYMLINK' }),
    );
  });
});
