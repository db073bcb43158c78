import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { interruptedSwap, recoverDirectorySwap, replaceDirectory, writeFileAtomic, writeFilesAtomic } from './index.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);
const tempDir = useTempDirs('safe-fs-');

describe('writeFileAtomic', () => {
  it('creates and replaces files, leaving no temporary siblings', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    writeFileAtomic(path, '{"v":1}');
    writeFileAtomic(path, new TextEncoder().encode('{"v":2}'));
    expect(readFileSync(path, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('keeps the old file intact when the process is killed between temp write and rename', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old content\n');
    const child = spawnSync(process.execPath, [fixture('crash-before-rename.mjs'), path]);
    expect(child.signal).toBe('SIGKILL');
    expect(readFileSync(path, 'utf8')).toBe('old content\n');
  });

  it('reports a coded error and keeps the old content when the write fails', () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old');
    expect(() =>
      writeFileAtomic(
        path,
        'new',
        {},
        {
          beforeRename: () => {
            throw new Error('simulated fault');
          },
        },
      ),
    ).toThrow(expect.objectContaining({ code: 'WRITE_FAILED' }));
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(() => writeFileAtomic(join(dir, 'missing', 'x'), 'y')).toThrow(
      expect.objectContaining({ code: 'WRITE_FAILED' }),
    );
  });
});

describe('writeFilesAtomic', () => {
  it('writes many files in several directories, with modes, leaving no temporary siblings', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'a'), 'old');
    await writeFilesAtomic([
      { path: join(dir, 'a'), data: 'new a' },
      { path: join(dir, 'sub', 'b'), data: new TextEncoder().encode('b'), mode: 0o755 },
    ]);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('new a');
    expect(statSync(join(dir, 'sub', 'b')).mode & 0o111).not.toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['a', 'sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['b']);
  });

  it('names the file that failed, keeps it as it was and leaves no temporary file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'old');
    await expect(
      writeFilesAtomic([
        { path: join(dir, 'a'), data: 'new' },
        { path: join(dir, 'missing', 'b'), data: 'b' },
      ]),
    ).rejects.toMatchObject({ code: 'WRITE_FAILED', details: { path: join(dir, 'missing', 'b') } });
    expect(readdirSync(dir)).toEqual(['a']);
  });
});

describe('replaceDirectory', () => {
  it('swaps in a fully built tree', async () => {
    const target = join(tempDir(), 'tree');
    await replaceDirectory(target, (staging) => writeFileSync(join(staging, 'a'), '1'));
    await replaceDirectory(target, (staging) => writeFileSync(join(staging, 'b'), '2'));
    expect(readdirSync(target)).toEqual(['b']);
    expect(readdirSync(join(target, '..'))).toEqual(['tree']);
  });

  it('leaves the target untouched when building fails', async () => {
    const target = join(tempDir(), 'tree');
    await replaceDirectory(target, (staging) => writeFileSync(join(staging, 'a'), '1'));
    await expect(
      replaceDirectory(target, (staging) => {
        writeFileSync(join(staging, 'half'), 'x');
        throw new Error('build failed');
      }),
    ).rejects.toThrow('build failed');
    expect(readdirSync(target)).toEqual(['a']);
    expect(readdirSync(join(target, '..'))).toEqual(['tree']);
  });

  it('stops at its hooks: before the swap the target is untouched, between the renames it is aside', async () => {
    const target = join(tempDir(), 'tree');
    await replaceDirectory(target, (staging) => writeFileSync(join(staging, 'a'), '1'));
    const seen: string[] = [];
    await replaceDirectory(target, (staging) => writeFileSync(join(staging, 'b'), '2'), {
      beforeSwap: (staging) => {
        seen.push(`before: target ${readdirSync(target)}, staged ${readdirSync(staging)}`);
      },
      betweenRenames: (aside) => {
        seen.push(
          `between: target ${existsSync(target)}, aside ${readdirSync(aside)} = ${interruptedSwap(target) === aside}`,
        );
      },
    });
    expect(seen).toEqual(['before: target a, staged b', 'between: target false, aside a = true']);
    expect(interruptedSwap(target)).toBeUndefined();
  });

  it('removes staging directories of processes that died, never a live one', async () => {
    const parent = tempDir();
    const target = join(parent, 'tree');
    const dead = join(parent, '.tree.999999999.0a1b2c.staging');
    const live = join(parent, `.tree.${process.pid}.3d4e5f.staging`);
    mkdirSync(dead);
    mkdirSync(live);
    await replaceDirectory(target, (staging) => writeFileSync(join(staging, 'a'), '1'));
    expect(readdirSync(parent).sort()).toEqual([`.tree.${process.pid}.3d4e5f.staging`, 'tree']);
  });

  it('restores a tree moved aside by an interrupted swap', () => {
    const parent = tempDir();
    const aside = join(parent, '.tree.123.abc.old');
    mkdirSync(aside);
    writeFileSync(join(aside, 'kept'), 'yes');
    expect(interruptedSwap(join(parent, 'tree'))).toBe(aside);
    expect(recoverDirectorySwap(join(parent, 'tree'))).toBe(true);
    expect(readFileSync(join(parent, 'tree', 'kept'), 'utf8')).toBe('yes');
    expect(existsSync(aside)).toBe(false);
  });
});
