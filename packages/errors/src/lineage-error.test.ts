import { describe, expect, it } from 'vitest';
import {
  ConflictsLeftError,
  ExitCode,
  isLineageError,
  LineageError,
  NotFoundError,
  quoteInput,
  toLineageError,
  UsageError,
} from './index.js';

describe('LineageError', () => {
  it('carries a stable code, hint, cause and details', () => {
    const cause = new Error('disk full');
    const error = new LineageError('WRITE_FAILED', 'could not write x', {
      hint: 'free some space',
      cause,
      details: { path: 'x' },
    });
    expect(error.code).toBe('WRITE_FAILED');
    expect(error.hint).toBe('free some space');
    expect(error.cause).toBe(cause);
    expect(error.exitCode).toBe(ExitCode.failure);
    expect(error.toJSON()).toEqual({
      code: 'WRITE_FAILED',
      message: 'could not write x',
      hint: 'free some space',
      details: { path: 'x' },
    });
  });

  it('maps each kind to the shared exit codes', () => {
    expect(new UsageError('BAD_FLAG', 'x').exitCode).toBe(2);
    expect(new NotFoundError('NO_SUCH_CHANNEL', 'x').exitCode).toBe(3);
    expect(new ConflictsLeftError('CONFLICTS', 'x').exitCode).toBe(4);
    expect(new UsageError('BAD_FLAG', 'x')).toBeInstanceOf(LineageError);
  });

  it('rejects codes that are not UPPER_SNAKE_CASE', () => {
    expect(() => new LineageError('bad-code', 'x')).toThrow(/UPPER_SNAKE_CASE/);
  });

  it('wraps foreign errors without losing them', () => {
    const original = new RangeError('boom');
    const wrapped = toLineageError(original);
    expect(isLineageError(wrapped)).toBe(true);
    expect(wrapped.code).toBe('UNEXPECTED');
    expect(wrapped.message).toBe('boom');
    expect(wrapped.cause).toBe(original);
    const own = new NotFoundError('X', 'y');
    expect(toLineageError(own)).toBe(own);
  });

  it('quotes and cuts long input', () => {
    expect(quoteInput('abc')).toBe('"abc"');
    expect(quoteInput('a'.repeat(300))).toBe(`"${'a'.repeat(200)}…"`);
  });
});
