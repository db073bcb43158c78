import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { acquireLock, currentProcess, readLockOwner, withLock } from './index.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);
const tempDir = useTempDirs('lock-');

function runNode(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('file locks', () => {
  it('never lets two processes hold the same lock', async () => {
    const dir = tempDir();
    const paths = ['lock', 'counter', 'inside', 'violations'].map((name) => join(dir, name));
    writeFileSync(paths[1] as string, '0');
    writeFileSync(paths[3] as string, '');
    const processes = 4;
    const rounds = 15;
    const results = await Promise.all(
      Array.from({ length: processes }, () => runNode([fixture('contend.mjs'), ...paths, String(rounds)])),
    );
    expect(results.map((result) => result.stderr)).toEqual(Array(processes).fill(''));
    expect(results.map((result) => result.code)).toEqual(Array(processes).fill(0));
    expect(readFileSync(paths[3] as string, 'utf8')).toBe('');
    expect(Number(readFileSync(paths[1] as string, 'utf8'))).toBe(processes * rounds);
    expect(existsSync(paths[0] as string)).toBe(false);
  });

  it('records its owner and removes the file on release', async () => {
    const path = join(tempDir(), 'lock');
    const lock = await acquireLock(path, { purpose: 'unit test' });
    expect(readLockOwner(path)).toMatchObject({ pid: process.pid, purpose: 'unit test', token: lock.owner.token });
    lock.release();
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('gives up after the timeout with an error naming the owner', async () => {
    const path = join(tempDir(), 'lock');
    const lock = await acquireLock(path, { purpose: 'long job' });
    let waitedFor: unknown;
    await expect(acquireLock(path, { timeoutMs: 50, onWait: (owner) => (waitedFor = owner) })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
      message: expect.stringMatching(/long job \(pid \d+/),
    });
    expect(waitedFor).toMatchObject({ token: lock.owner.token });
    lock.release();
  });

  it('takes over a lock whose owner process died', async () => {
    const path = join(tempDir(), 'lock');
    const child = spawn(process.execPath, [fixture('hold-then-die.mjs'), path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const deadPid = readLockOwner(path)?.pid;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    const result = await withLock(path, () => readLockOwner(path)?.pid, { timeoutMs: 2_000 });
    expect(deadPid).toBe(child.pid);
    expect(result).toBe(process.pid);
  });

  it('does not rob a live owner on this host, however old its heartbeat', async () => {
    const path = join(tempDir(), 'lock');
    const lock = await acquireLock(path, { heartbeatMs: 60_000 });
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path, longAgo, longAgo);
    await expect(acquireLock(path, { timeoutMs: 100, staleAfterMs: 1_000 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
    lock.release();
  });

  it('judges an owner on another host by its heartbeat alone', async () => {
    const path = join(tempDir(), 'lock');
    const remote = {
      ...currentProcess(),
      host: 'elsewhere.invalid',
      token: 'remote',
      acquiredAt: '',
      purpose: 'remote job',
    };
    writeFileSync(path, JSON.stringify(remote));
    await expect(acquireLock(path, { timeoutMs: 100, staleAfterMs: 60_000 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
    });
    const longAgo = new Date(Date.now() - 120_000);
    utimesSync(path, longAgo, longAgo);
    const lock = await acquireLock(path, { timeoutMs: 1_000, staleAfterMs: 60_000 });
    expect(readLockOwner(path)?.token).toBe(lock.owner.token);
    lock.release();
  });
});
