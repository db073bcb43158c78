/**
 * How an error ends a command. Every CLI maps these to the same exit codes, so scripts can
 * tell "you typed it wrong" from "it does not exist" from "a person must resolve conflicts".
 */
export type ErrorKind = 'failure' | 'usage' | 'not-found' | 'conflict';

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  conflicts: 4,
} as const;

const exitCodeOfKind: Record<ErrorKind, number> = {
  failure: ExitCode.failure,
  usage: ExitCode.usage,
  'not-found': ExitCode.notFound,
  conflict: ExitCode.conflicts,
};

export interface LineageErrorOptions {
  /** One sentence telling the user what to do next. */
  hint?: string;
  cause?: unknown;
  kind?: ErrorKind;
  /** Structured context for `--json` output and for programs catching the error. */
  details?: Record<string, unknown>;
}

/**
 * The one base error of the project. `code` is stable (programs and docs key on it);
 * `message` says what went wrong; `hint` says what to do about it.
 */
export class LineageError extends Error {
  override readonly name: string = 'LineageError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: LineageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) {
      throw new TypeError(`error codes are UPPER_SNAKE_CASE, got ${JSON.stringify(code)}`);
    }
    this.code = code;
    this.hint = options.hint;
    this.kind = options.kind ?? 'failure';
    this.details = options.details ?? {};
  }

  get exitCode(): number {
    return exitCodeOfKind[this.kind];
  }

  toJSON(): { code: string; message: string; hint?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: this.details }),
    };
  }
}

/** The input was malformed: the message shows the expected form. */
export class UsageError extends LineageError {
  override readonly name = 'UsageError';
  constructor(code: string, message: string, options: Omit<LineageErrorOptions, 'kind'> = {}) {
    super(code, message, { ...options, kind: 'usage' });
  }
}

/** A named thing (hash, channel, artifact, ref, file) does not exist. */
export class NotFoundError extends LineageError {
  override readonly name = 'NotFoundError';
  constructor(code: string, message: string, options: Omit<LineageErrorOptions, 'kind'> = {}) {
    super(code, message, { ...options, kind: 'not-found' });
  }
}

/** Work completed, but left conflicts that a person has to resolve. */
export class ConflictsLeftError extends LineageError {
  override readonly name = 'ConflictsLeftError';
  constructor(code: string, message: string, options: Omit<LineageErrorOptions, 'kind'> = {}) {
    super(code, message, { ...options, kind: 'conflict' });
  }
}

export function isLineageError(value: unknown): value is LineageError {
  return value instanceof LineageError;
}

/** Wraps anything thrown into a LineageError, keeping the original as `cause`. */
export function toLineageError(value: unknown, code = 'UNEXPECTED'): LineageError {
  if (isLineageError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new LineageError(code, message, { cause: value });
}

/**
 * Quotes user input inside an error message, cut so a huge input cannot flood a terminal
 * (changesets shows the offending input the same way).
 */
export function quoteInput(input: string, max = 200): string {
  const cut = input.length > max ? `${input.slice(0, max)}…` : input;
  return JSON.stringify(cut);
}
