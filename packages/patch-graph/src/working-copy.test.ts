import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRepositories, tempRepository } from './test-helpers.js';
import { outputWorkingCopy, workingCopyEdits } from './working-copy.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wc-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await closeRepositories();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('working copy', () => {
  it('records a tree with an executable and a symbolic link, and writes it back elsewhere', async () => {
    const repo = await tempRepository();
    const source = tempDir();
    mkdirSync(join(source, 'bin'));
    writeFileSync(join(source, 'bin', 'run'), '#!/bin/sh\necho hi\n');
    chmodSync(join(source, 'bin', 'run'), 0o755);
    writeFileSync(join(source, 'crlf.txt'), 'one\r\ntwo');
    writeFileSync(join(source, 'empty'), '');
    // A link out of the repository is stored as a link: its target is never read.
    symlinkSync('/etc/passwd', join(source, 'outside'));
    const edits = workingCopyEdits(repo, 'main', source, { add: ['.'] });
    repo.record('main', { message: 'import', authors: ['me'], edits });
    expect(repo.files('main')).toEqual([
      { path: 'bin', kind: 'dir', executable: false },
      { path: 'bin/run', kind: 'file', executable: true },
      { path: 'crlf.txt', kind: 'file', executable: false },
      { path: 'empty', kind: 'file', executable: false },
      { path: 'outside', kind: 'symlink', executable: false },
    ]);
    const target = tempDir();
    outputWorkingCopy(repo, 'main', target);
    expect(readFileSync(join(target, 'crlf.txt'), 'latin1')).toBe('one\r\ntwo');
    expect(readFileSync(join(target, 'empty'), 'latin1')).toBe('');
    expect(lstatSync(join(target, 'bin', 'run')).mode & 0o111).not.toBe(0);
    expect(readlinkSync(join(target, 'outside'))).toBe('/etc/passwd');
    // Nothing changed: nothing to record.
    expect(workingCopyEdits(repo, 'main', target)).toEqual([]);
  });

  it('records edits, deletions and mode changes found on disk', async () => {
    const repo = await tempRepository();
    const root = tempDir();
    writeFileSync(join(root, 'a'), 'a\n');
    writeFileSync(join(root, 'b'), 'b\n');
    repo.record('main', {
      message: 'add',
      authors: [],
      edits: workingCopyEdits(repo, 'main', root, { add: ['a', 'b'] }),
    });
    const before = repo.files('main');
    writeFileSync(join(root, 'a'), 'a\nmore\n');
    chmodSync(join(root, 'a'), 0o755);
    rmSync(join(root, 'b'));
    const edits = workingCopyEdits(repo, 'main', root);
    expect(edits.map((e) => e.type).sort()).toEqual(['chmod', 'remove', 'write']);
    repo.record('main', { message: 'edit', authors: [], edits });
    expect(repo.files('main')).toEqual([{ path: 'a', kind: 'file', executable: true }]);
    const out = tempDir();
    writeFileSync(join(out, 'b'), 'b\n');
    expect(outputWorkingCopy(repo, 'main', out, before).removed).toEqual(['b']);
  });

  it('never writes through a symbolic link standing where a directory should be', async () => {
    const repo = await tempRepository();
    const root = tempDir();
    mkdirSync(join(root, 'd'));
    writeFileSync(join(root, 'd', 'f'), 'x\n');
    repo.record('main', { message: 'add', authors: [], edits: workingCopyEdits(repo, 'main', root, { add: ['d'] }) });
    const out = tempDir();
    const elsewhere = tempDir();
    symlinkSync(elsewhere, join(out, 'd'));
    outputWorkingCopy(repo, 'main', out);
    // The link was replaced by a directory; nothing was written where it pointed.
    expect(lstatSync(join(out, 'd')).isDirectory()).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readFileSync(join(out, 'd', 'f'), 'latin1')).toBe('x\n');
  });
});
