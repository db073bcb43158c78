import { describe, expect, it } from 'vitest';
import { classifyGitFailure, GitCommandError, isTransientGitError } from './git.js';
import { backoffDelay, withRetry } from './retry.js';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 350 };

describe('retries', () => {
  it('backs off exponentially up to a cap, with jitter over the upper half of each step', () => {
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([50, 100, 175, 175]);
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([100, 200, 350, 350]);
    const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(1, policy)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('retries transient failures until one succeeds, waiting between attempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3)
          throw new GitCommandError(
            'transient',
            ['ls-remote'],
            'fatal: unable to access: The requested URL returned error: 429',
          );
        return 'ok';
      },
      { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 },
      { isTransient: isTransientGitError, onRetry: ({ delayMs }) => waits.push(delayMs) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('gives up after the last attempt, and never retries a permanent failure', async () => {
    let calls = 0;
    const transient = new GitCommandError('transient', ['fetch'], 'fatal: Could not resolve host: example.invalid');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw transient;
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
        { isTransient: isTransientGitError },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new GitCommandError('not-found', ['fetch'], "fatal: '/x' does not appear to be a git repository");
        },
        policy,
        { isTransient: isTransientGitError },
      ),
    ).rejects.toMatchObject({ failure: 'not-found' });
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        if (calls === 1) setTimeout(() => controller.abort(), 5);
        throw new GitCommandError('transient', ['fetch'], 'Connection timed out');
      },
      { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      { isTransient: isTransientGitError, signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ failure: 'transient' });
    expect(calls).toBe(1);
  });

  it('classifies git messages: missing, refused, or worth retrying', () => {
    expect(classifyGitFailure("fatal: '/nope' does not appear to be a git repository")).toBe('not-found');
    expect(classifyGitFailure("fatal: unable to access 'https://h/r/': The requested URL returned error: 404")).toBe(
      'not-found',
    );
    expect(classifyGitFailure('fatal: Authentication failed for https://h/r')).toBe('auth');
    expect(classifyGitFailure("fatal: unable to access 'https://h/r/': The requested URL returned error: 429")).toBe(
      'transient',
    );
    expect(classifyGitFailure("fatal: unable to access 'https://h/r/': The requested URL returned error: 503")).toBe(
      'transient',
    );
    expect(
      classifyGitFailure('fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused'),
    ).toBe('transient');
    expect(
      classifyGitFailure(
        "fatal: unable to access 'http://127.0.0.1:9/r/': Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
      ),
    ).toBe('transient');
    expect(classifyGitFailure('fatal: bad object HEAD')).toBe('failure');
  });
});
