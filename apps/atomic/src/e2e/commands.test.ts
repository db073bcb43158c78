import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, git, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// The commands the full cycle does not reach, end to end from the built bin.
const tempDir = useTempDirs('atomic-commands-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const noAi = { ATOMIC_AI_ENABLED: '', ATOMIC_AI_PROVIDER: '', ATOMIC_AI_MODEL: '', ATOMIC_AI_CONFIDENCE: '' };
const json = <T = Record<string, unknown>>(text: string) => JSON.parse(text) as T;

describe('atomic commands', () => {
  it('tracks with add (respecting .atomicignore), rm and mv, and shows them in status', () => {
    const { ok } = binRunner(bin, { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
    const dir = tempDir();
    ok(dir, ['init']);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'main.ts'), 'main\n');
    writeFileSync(join(dir, 'src', 'debug.log'), 'noise\n');
    writeFileSync(join(dir, '.atomicignore'), '*.log\n');
    writeFileSync(join(dir, 'old.txt'), 'old\n');
    expect(json(ok(dir, ['add', '.', '--json']).stdout).added).toEqual(['.atomicignore', 'old.txt', 'src/main.ts']);
    ok(dir, ['record', '-m', 'start']);
    ok(dir, ['mv', 'old.txt', 'new.txt']);
    ok(dir, ['rm', 'src/main.ts']);
    writeFileSync(join(dir, 'extra.txt'), 'x\n');
    const status = json(ok(dir, ['status', '--json']).stdout);
    expect(status).toMatchObject({
      moved: [{ from: 'old.txt', to: 'new.txt' }],
      removed: ['src/main.ts'],
      untracked: ['extra.txt', 'src/main.ts'],
    });
    const moved = json<{ files: Array<{ path: string }> }>(ok(dir, ['record', '-m', 'move', '--json']).stdout);
    // A move lists its source and its destination.
    expect(moved.files.map((file) => file.path).sort()).toEqual(['new.txt', 'old.txt', 'src/main.ts']);
    expect(readFileSync(join(dir, 'src', 'main.ts'), 'utf8')).toBe('main\n'); // rm keeps the file
    expect(ok(dir, ['status']).stdout).toBe('on channel main\n? extra.txt\n? src/main.ts\n');
    // Same size, new content, after status cached the file's fingerprint: still seen.
    writeFileSync(join(dir, 'new.txt'), 'OLD\n');
    expect(ok(dir, ['status']).stdout).toContain('M new.txt');
  });

  it('shows a moved directory as the move alone, not its files as untracked (issue 10)', () => {
    const { ok } = binRunner(bin, { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
    const dir = tempDir();
    ok(dir, ['init']);
    mkdirSync(join(dir, 'lib', 'inner'), { recursive: true });
    writeFileSync(join(dir, 'lib', 'a.js'), 'a\n');
    writeFileSync(join(dir, 'lib', 'inner', 'b.js'), 'b\n');
    ok(dir, ['add', 'lib']);
    ok(dir, ['record', '-m', 'lib']);
    ok(dir, ['mv', 'lib', 'src']);
    expect(ok(dir, ['status']).stdout).toBe('on channel main\nR lib -> src\n');
    ok(dir, ['record', '-m', 'move']);
    expect(ok(dir, ['status']).stdout).toBe('on channel main\n');
    expect(readFileSync(join(dir, 'src', 'inner', 'b.js'), 'utf8')).toBe('b\n');
  });

  it('manages channels: new, switch (refusing to lose edits unless --force), rename, delete', () => {
    const { ok, run } = binRunner(bin, { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
    const dir = tempDir();
    ok(dir, ['init']);
    writeFileSync(join(dir, 'f'), 'main\n');
    ok(dir, ['add', 'f']);
    ok(dir, ['record', '-m', 'f']);
    ok(dir, ['channel', 'new', 'empty']);
    writeFileSync(join(dir, 'f'), 'edited\n');
    expect(run(dir, ['channel', 'switch', 'empty']).stderr).toContain('[UNRECORDED_CHANGES]');
    ok(dir, ['channel', 'switch', 'empty', '--force']);
    expect(() => readFileSync(join(dir, 'f'))).toThrow();
    ok(dir, ['channel', 'rename', 'empty', 'blank']);
    expect(json<Array<{ name: string; current: boolean }>>(ok(dir, ['channel', '--json']).stdout)).toMatchObject([
      { name: 'blank', current: true },
      { name: 'main', current: false },
    ]);
    expect(run(dir, ['channel', 'delete', 'blank']).stderr).toContain('[CHANNEL_IS_CURRENT]');
    ok(dir, ['channel', 'switch', 'main']);
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('main\n');
    ok(dir, ['channel', 'delete', 'blank']);
    expect(ok(dir, ['channel']).stdout).toBe('* main\n');
  });

  it('resolves the author: flag, ATOMIC_AUTHOR, repository config, user config, git', () => {
    const home = tempDir();
    const { ok } = binRunner(bin, { ATOMIC_AUTHOR: '', ATOMIC_CONFIG_HOME: home, ...noAi });
    const dir = tempDir();
    git(dir, ['init', '-q']);
    git(dir, ['config', 'user.name', 'Git Person']);
    git(dir, ['config', 'user.email', 'git@example.com']);
    ok(dir, ['init']);
    const author = (args: string[], env = {}) => {
      writeFileSync(join(dir, 'f'), `${Math.random()}\n`);
      ok(dir, ['add', 'f']);
      return json<{ authors: string[] }>(ok(dir, ['record', '-m', 'x', '--json', ...args], env).stdout).authors[0];
    };
    expect(author([])).toBe('Git Person <git@example.com>');
    ok(dir, ['config', 'set', '--user', 'user.name', 'User Person']);
    expect(author([])).toBe('User Person');
    ok(dir, ['config', 'set', 'user.name', 'Repo Person']);
    ok(dir, ['config', 'set', 'user.email', 'repo@example.com']);
    expect(ok(dir, ['config', 'get', 'user.name']).stdout).toBe('Repo Person\n');
    expect(author([])).toBe('Repo Person <repo@example.com>');
    expect(author([], { ATOMIC_AUTHOR: 'Env Person' })).toBe('Env Person');
    expect(author(['--author', 'Flag Person'], { ATOMIC_AUTHOR: 'Env Person' })).toBe('Flag Person');
  });

  it('logs with limits and states, forks a past state, pulls chosen changes, and push respects the target working copy', () => {
    const { ok, run } = binRunner(bin, { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
    const dir = tempDir();
    ok(dir, ['init']);
    const hashes: string[] = [];
    for (const line of ['one', 'two', 'three']) {
      writeFileSync(join(dir, `${line}.txt`), `${line}\n`);
      ok(dir, ['add', `${line}.txt`]);
      hashes.push(ok(dir, ['record', '-m', line], { ATOMIC_AI_ENABLED: '1', ATOMIC_AI_MODEL: 'm1' }).stdout.trim());
    }
    const log = json<Array<{ hash: string; state: string; attribution: { model: string } }>>(
      ok(dir, ['log', '--json', '--limit', '2']).stdout,
    );
    expect(log.map((entry) => entry.hash)).toEqual([hashes[2], hashes[1]]);
    expect(log[0]?.attribution.model).toBe('m1');
    expect(ok(dir, ['log', '--states']).stdout).toContain(`State:  ${log[1]?.state}`);
    ok(dir, ['fork', '--state', log[1]?.state as string, 'two-ago']);
    expect(ok(dir, ['log', '--channel', 'two-ago', '--hash-only']).stdout).toBe(`${hashes[1]}\n${hashes[0]}\n`);

    const other = tempDir();
    ok(other, ['init']);
    // Only `two` and what it depends on (nothing: files are independent).
    expect(json<{ changes: string[] }>(ok(other, ['pull', dir, hashes[1] as string, '--json']).stdout).changes).toEqual(
      [hashes[1]],
    );
    expect(readFileSync(join(other, 'two.txt'), 'utf8')).toBe('two\n');
    writeFileSync(join(other, 'two.txt'), 'unrecorded\n');
    writeFileSync(join(dir, 'two.txt'), 'two, edited\n');
    ok(dir, ['record', '-m', 'edit two']);
    const refused = run(dir, ['push', other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[UNRECORDED_CHANGES]');
    expect(readFileSync(join(other, 'two.txt'), 'utf8')).toBe('unrecorded\n');
    ok(dir, ['push', other, '--force']);
    expect(readFileSync(join(other, 'two.txt'), 'utf8')).toBe('two, edited\n');
    expect(ok(other, ['status', '--json']).stdout).toContain('"modified": []');
  });

  it('gc removes the changes only deleted channels held, says so, and a clone of the result holds what it shows', () => {
    const { ok } = binRunner(bin, { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
    const dir = tempDir();
    ok(dir, ['init']);
    writeFileSync(join(dir, 'a.txt'), 'a\n');
    ok(dir, ['add', 'a.txt']);
    ok(dir, ['record', '-m', 'a']);
    ok(dir, ['fork', 'agent']);
    writeFileSync(join(dir, 'b.txt'), 'agent work\n');
    ok(dir, ['add', 'b.txt']);
    const agentOnly = ok(dir, ['record', '--channel', 'agent', '-m', 'agent work']).stdout.trim();
    expect(ok(dir, ['gc']).stderr).toContain('nothing to remove');
    ok(dir, ['channel', 'delete', 'agent']);
    expect(json<{ changes: string[] }>(ok(dir, ['gc', '--dry-run', '--json']).stdout).changes).toEqual([agentOnly]);
    expect(ok(dir, ['change', agentOnly]).code).toBe(0);
    const removed = ok(dir, ['gc']);
    expect(removed.stdout).toMatch(/^removed 1 change\(s\) \([0-9.]+ MB stored\); pristine.db gave back [0-9.]+ MB\n$/);
    expect(json<{ changes: string[] }>(ok(dir, ['gc', '--json']).stdout).changes).toEqual([]);
    expect(ok(dir, ['log', '--hash-only']).stdout.trim().split('\n')).toHaveLength(1);
    const copy = join(tempDir(), 'copy');
    ok(dir, ['clone', dir, copy]);
    expect(readFileSync(join(copy, 'a.txt'), 'utf8')).toBe('a\n');
  });

  it('documents every command with examples, and record --channel plainly', () => {
    const { ok } = binRunner(bin);
    const help = ok(tempDir(), ['record', '--help']).stdout;
    expect(help).toContain('EXAMPLES');
    expect(help.replace(/\s+/g, ' ')).toContain(
      "records the difference between the working copy and C's output into C",
    );
    for (const command of ['apply', 'fork', 'pull', 'channel switch', 'config set', 'diff', 'credit', 'gc', 'clone']) {
      expect(ok(tempDir(), [...command.split(' '), '--help']).stdout).toContain('EXAMPLES');
    }
  });
});
