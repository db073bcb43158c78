import { setTimeout as sleep } from 'node:timers/promises';

/** How network operations are retried: attempts in all, and the exponential backoff's bounds. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({ attempts: 4, baseDelayMs: 250, maxDelayMs: 8_000 });

/**
 * The wait before retry number `retry` (0 for the first retry): exponential, capped, with
 * "equal jitter" — half the step fixed, half random — so clients that failed together do
 * not come back together, yet each still backs off (full jitter can retry at once, which a
 * rate limiter answers with another 429).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return step / 2 + random() * (step / 2);
}

export interface RetryHooks {
  /** Whether a failure may pass if tried again (a network error, a rate limit), as opposed to a wrong URL. */
  isTransient(error: unknown): boolean;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  signal?: AbortSignal;
  random?: () => number;
}

/** Runs `work` until it succeeds, fails permanently, or has used all attempts; the last error is thrown. */
export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !hooks.isTransient(error) || hooks.signal?.aborted) throw error;
      const delayMs = backoffDelay(attempt - 1, policy, hooks.random);
      hooks.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, undefined, hooks.signal ? { signal: hooks.signal } : undefined).catch(() => {
        throw error;
      });
    }
  }
}
