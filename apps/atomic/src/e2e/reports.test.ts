import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { atomicEnv, bin, conflict, initRepository, read } from './harness.js';

// Issue 9, "Reports" (cases 10-12), end to end from the built bin.
const tempDir = useTempDirs('atomic-reports-');
const atomicCli = (configHome: string) => binRunner(bin, atomicEnv(configHome));

/** Runs the bin with its stdout read by a reader that stops after the first chunk, as `| head -1` does. */
function runIntoClosedPipe(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('atomic reports (issue 9)', () => {
  it('10: clone of a channel with conflicts says so on stderr, and exits 0', () => {
    const cli = atomicCli(tempDir());
    const dir = tempDir();
    conflict(cli, dir);
    const copy = join(tempDir(), 'copy');
    const cloned = cli.ok(dir, ['clone', dir, copy]);
    expect(cloned.stderr).toBe(
      'conflicts in f (channel main); see `atomic conflicts`, edit the files and record to resolve\n',
    );
    expect(read(copy, 'f')).toBe(read(dir, 'f'));
    expect(cli.ok(dir, ['clone', dir, join(tempDir(), 'quiet'), '--quiet']).stderr).toBe('');
    // A clone of a conflict-free repository says nothing on stderr.
    const clean = tempDir();
    initRepository(cli, clean, { f: 'a\n' });
    expect(cli.ok(clean, ['clone', clean, join(tempDir(), 'clean')]).stderr).toBe('');
  });

  it('11: output to a closed pipe ends quietly with exit 0 (`log | head -1`, `change H | head`)', async () => {
    const configHome = tempDir();
    const cli = atomicCli(configHome);
    const dir = tempDir();
    // A change of 20,000 lines: its display is far more than a pipe buffer, so writes outlive the reader.
    const big = initRepository(cli, dir, { big: Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join('') });
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(dir, 'big'), `${readFileSync(join(dir, 'big'), 'latin1')}more ${i}\n`);
      cli.ok(dir, ['record', '-m', `more ${i}`]);
    }
    const env = atomicEnv(configHome);
    for (const args of [['change', big], ['log'], ['log', '--json'], ['credit', 'big']]) {
      expect(await runIntoClosedPipe(dir, args, env), args.join(' ')).toEqual({ code: 0, stderr: '' });
    }
  });

  it('12: unrecording a change others depend on is refused with exit 1, as the README says', () => {
    const cli = atomicCli(tempDir());
    const dir = tempDir();
    const first = initRepository(cli, dir, { f: 'a\n' });
    writeFileSync(join(dir, 'f'), 'a\nb\n');
    const second = cli.ok(dir, ['record', '-m', 'b']).stdout.trim();
    const refused = cli.run(dir, ['unrecord', first]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`[CHANGE_HAS_DEPENDENTS]`);
    expect(refused.stderr).toContain(second);
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const exitCodes = /Exit codes: (.*?) Writers take/.exec(readme)?.[1];
    expect(exitCodes).toMatch(
      /^0 ok, 1 failure \(among them refusals such as unrecording a change that others depend on/,
    );
    expect(exitCodes).not.toMatch(/4[^.]*unrecord/);
  });
});
