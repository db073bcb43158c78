import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binRunner, git, runBin, useTempDirs } from './index.js';

const tempDir = useTempDirs();
let kept = '';

describe('test utilities', () => {
  it('runs a script as a process and reports its exit code and streams', () => {
    const dir = tempDir();
    kept = dir;
    writeFileSync(join(dir, 'bin.js'), 'console.log(process.argv[2]); console.error("err"); process.exit(3);');
    expect(runBin(join(dir, 'bin.js'), ['hello'])).toEqual({ code: 3, stdout: 'hello\n', stderr: 'err\n' });
  });

  it('removed the previous test temporary directory', () => {
    expect(existsSync(kept)).toBe(false);
  });

  it('drives git with a fixed identity', () => {
    const dir = tempDir();
    git(dir, ['init', '-q']);
    writeFileSync(join(dir, 'a'), 'a');
    git(dir, ['add', 'a']);
    git(dir, ['commit', '-qm', 'first']);
    expect(git(dir, ['log', '--format=%an <%ae> %s'])).toBe('Test <test@example.com> first\n');
    expect(() => git(dir, ['no-such-subcommand'])).toThrow(/failed/);
  });
});

describe('binRunner', () => {
  it('binds an environment and fails loudly on a non-zero exit', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bin.js'),
      'console.log(process.env.WHO); process.exit(process.argv[2] === "fail" ? 5 : 0);',
    );
    const bin = binRunner(join(dir, 'bin.js'), { WHO: 'ada' });
    expect(bin.ok(dir, ['x']).stdout).toBe('ada\n');
    expect(bin.run(dir, ['fail'], { WHO: 'bob' })).toMatchObject({ code: 5, stdout: 'bob\n' });
    expect(() => bin.ok(dir, ['fail'])).toThrow(/exited 5/);
  });
});
