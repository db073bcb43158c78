import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { atomicEnv, bin, expectRecordedAsWritten, initRepository, tree } from './harness.js';

// Issue 9, cases 7-9: moves, adds and removes compose as in Darcs (its tests/*.sh regressions:
// issue183_mv_order, show_files, issue2066_add_and_remove, mv_and_remove_tests), from the built bin.
vi.setConfig({ testTimeout: 180_000 });
const tempDir = useTempDirs('atomic-tree-edits-');
const atomicCli = () => binRunner(bin, atomicEnv(tempDir()));
const hunks = (cli: ReturnType<typeof atomicCli>, dir: string, hash: string) =>
  cli
    .ok(dir, ['change', hash])
    .stdout.split('\n')
    .filter((line) => /^(add|delete|move|mode) /.test(line));

/**
 * After a record that left paths out (`rm` of a pending add or of a tracked file): `reset` keeps
 * the recorded tree and the untracked files as they were, and a fresh clone has the recorded tree alone.
 */
function expectResetAndCloneHold(
  cli: ReturnType<typeof atomicCli>,
  dir: string,
  recorded: Record<string, string>,
  untracked: Record<string, string>,
): void {
  expect(tree(dir), 'after record').toEqual({ ...recorded, ...untracked });
  cli.ok(dir, ['reset']);
  expect(tree(dir), 'after record and reset').toEqual({ ...recorded, ...untracked });
  const copy = join(tempDir(), 'copy');
  cli.ok(dir, ['clone', dir, copy]);
  expect(tree(copy), 'in a fresh clone').toEqual(recorded);
}

describe('moves, adds and removes (issue 9)', () => {
  it('7: a move into a new directory records both in one change (Darcs issue183_mv_order)', () => {
    const cli = atomicCli();
    const dir = tempDir();
    initRepository(cli, dir, { file: 'content\n', other: 'other\n' });
    mkdirSync(join(dir, 'dir'));
    cli.ok(dir, ['add', 'dir']);
    cli.ok(dir, ['mv', 'file', 'dir/file']);
    const change = expectRecordedAsWritten(cli, dir, tempDir()).trim();
    expect(hunks(cli, dir, change)).toEqual(['add dir', 'move file → dir/file']);
    // Without creating the directory first: mv creates it, and the record tracks it.
    cli.ok(dir, ['mv', 'other', 'newdir/sub/other']);
    const second = expectRecordedAsWritten(cli, dir, tempDir()).trim();
    expect(hunks(cli, dir, second)).toEqual(['add newdir', 'add newdir/sub', 'move other → newdir/sub/other']);
    expect(tree(dir)).toEqual({
      'dir/': '',
      'dir/file': 'content\n',
      'newdir/': '',
      'newdir/sub/': '',
      'newdir/sub/other': 'other\n',
    });
  });

  it('8: rm then mv onto the removed name records "delete foo, move other → foo" (Darcs show_files)', () => {
    const cli = atomicCli();
    const dir = tempDir();
    initRepository(cli, dir, { foo: 'foo\n', other: 'other\n' });
    cli.ok(dir, ['rm', 'foo']);
    cli.ok(dir, ['mv', 'other', 'foo']);
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\nD foo\nR other -> foo\n');
    const change = expectRecordedAsWritten(cli, dir, tempDir()).trim();
    expect(hunks(cli, dir, change)).toEqual(['delete foo', 'move other → foo']);
    expect(tree(dir)).toEqual({ foo: 'other\n' });
  });

  it('8: the same with foo deleted from disk first: nothing is lost, in the repository or a clone', () => {
    const cli = atomicCli();
    const dir = tempDir();
    initRepository(cli, dir, { foo: 'foo\n', other: 'other\n' });
    rmSync(join(dir, 'foo'));
    cli.ok(dir, ['mv', 'other', 'foo']);
    const change = expectRecordedAsWritten(cli, dir, tempDir()).trim();
    expect(hunks(cli, dir, change)).toEqual(['delete foo', 'move other → foo']);
    expect(tree(dir)).toEqual({ foo: 'other\n' });
    // And with `atomic rm foo` as well: the same change.
    const again = tempDir();
    initRepository(cli, again, { foo: 'foo\n', other: 'other\n' });
    rmSync(join(again, 'foo'));
    cli.ok(again, ['rm', 'foo']);
    cli.ok(again, ['mv', 'other', 'foo']);
    expectRecordedAsWritten(cli, again, tempDir());
    expect(tree(again)).toEqual({ foo: 'other\n' });
  });

  it('8: mv onto a removed file that holds unrecorded changes is refused, changing nothing', () => {
    const cli = atomicCli();
    const dir = tempDir();
    initRepository(cli, dir, { foo: 'foo\n', other: 'other\n' });
    cli.ok(dir, ['rm', 'foo']);
    writeFileSync(join(dir, 'foo'), 'edited since\n');
    const refused = cli.run(dir, ['mv', 'other', 'foo']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[PATH_EXISTS]');
    expect(tree(dir)).toEqual({ foo: 'edited since\n', other: 'other\n' });
  });

  it('9: rm of a path inside a pending add leaves it out; the root and paths outside are refused', () => {
    const cli = atomicCli();
    const dir = tempDir();
    cli.ok(dir, ['init']);
    mkdirSync(join(dir, 'd'));
    mkdirSync(join(dir, 'e'));
    writeFileSync(join(dir, 'd', 'x'), 'x\n');
    writeFileSync(join(dir, 'e', 'y'), 'y\n');
    writeFileSync(join(dir, 'top'), 'top\n');
    cli.ok(dir, ['add', '.']);
    expect(cli.ok(dir, ['rm', 'd']).stdout).toBe('rm d\n');
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\nA e/y\nA top\n? d/x\n');
    const refusals = [
      [join(dir, 'e'), ['rm', '..'], 'PATH_IS_ROOT'],
      [join(dir, 'e'), ['rm', '../..'], 'PATH_OUTSIDE_REPOSITORY'],
      [dir, ['rm', '.'], 'PATH_IS_ROOT'],
      [dir, ['mv', '.', 'elsewhere'], 'PATH_IS_ROOT'],
    ] as const;
    for (const [cwd, args, code] of refusals) {
      const refused = cli.run(cwd, args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain(`[${code}]`);
    }
    const change = cli.ok(dir, ['record', '-m', 'add']).stdout.trim();
    expect(hunks(cli, dir, change)).toEqual(['add e', 'add e/y', 'add top']);
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\n? d/x\n');
    expectResetAndCloneHold(cli, dir, { 'e/': '', 'e/y': 'y\n', top: 'top\n' }, { 'd/': '', 'd/x': 'x\n' });
    // Taking the removal back: adding the path again.
    cli.ok(dir, ['add', 'd']);
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\nA d/x\n');
  });

  it('9: rm of a moved file and of a pending add, in a directory being moved into (Darcs mv_and_remove_tests)', () => {
    const cli = atomicCli();
    const dir = tempDir();
    initRepository(cli, dir, { fee: '1\n', fi: '2\n', fo: '3\n' });
    mkdirSync(join(dir, 'd'));
    cli.ok(dir, ['add', 'd']);
    for (const name of ['fee', 'fi', 'fo']) cli.ok(dir, ['mv', name, `d/${name}`]);
    cli.ok(join(dir, 'd'), ['rm', 'fi']);
    writeFileSync(join(dir, 'fun'), 'fun\n');
    cli.ok(dir, ['add', 'fun']);
    cli.ok(dir, ['rm', 'fun']);
    const change = cli.ok(dir, ['record', '-m', 'mv']).stdout.trim();
    expect(hunks(cli, dir, change)).toEqual(['delete fi', 'add d', 'move fee → d/fee', 'move fo → d/fo']);
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\n? d/fi\n? fun\n');
    expectResetAndCloneHold(cli, dir, { 'd/': '', 'd/fee': '1\n', 'd/fo': '3\n' }, { 'd/fi': '2\n', fun: 'fun\n' });
  });
});
