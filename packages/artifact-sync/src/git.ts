import { spawn } from 'node:child_process';
import { LineageError, NotFoundError } from '@lineage/errors';

export interface GitOptions {
  cwd?: string;
  input?: string | Uint8Array;
  signal?: AbortSignal;
}

export interface GitOutput {
  stdout: Buffer;
  stderr: string;
}

/**
 * Why a git command failed, read from its message: `not-found` (no such repository or ref),
 * `auth` (credentials refused or needed), `transient` (network, timeouts, rate limits, server
 * errors — worth retrying), or `failure`.
 */
export type GitFailureKind = 'not-found' | 'auth' | 'transient' | 'failure';

export class GitCommandError extends LineageError {
  constructor(
    readonly failure: GitFailureKind,
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super('GIT_FAILED', `git ${args[0] ?? ''} failed: ${gitMessage(stderr)}`, { details: { failure, stderr } });
  }
}

const NOT_FOUND =
  /repository .*not found|does not appear to be a git repository|couldn't find remote ref|returned error: 404|no such ref|not our ref|not a valid object name|invalid object name/i;
const AUTH =
  /authentication failed|could not read (username|password)|returned error: 40[13]|permission denied \(publickey\)|terminal prompts disabled/i;
const TRANSIENT =
  /could not resolve host|failed to connect|couldn't connect|connection (refused|reset|timed out)|operation timed out|timed out|early eof|remote end hung up|returned error: (429|5\d\d)|rate limit|temporary failure|rpc failed|unable to connect|network is unreachable|tls|ssl|gnutls|broken pipe/i;

export function classifyGitFailure(stderr: string): GitFailureKind {
  if (NOT_FOUND.test(stderr)) return 'not-found';
  if (AUTH.test(stderr)) return 'auth';
  if (TRANSIENT.test(stderr)) return 'transient';
  return 'failure';
}

export function isTransientGitError(error: unknown): boolean {
  return error instanceof GitCommandError && error.failure === 'transient';
}

/**
 * Runs git without a terminal: it must never stop to ask for a password (an unattended sync
 * would hang), messages are in English so they can be classified, and output is bytes.
 */
export function runGit(args: readonly string[], options: GitOptions = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANGUAGE: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new NotFoundError('GIT_NOT_FOUND', 'git is not installed or not on PATH', {
            hint: 'install git; upstreams are read with it',
          }),
        );
      } else reject(error);
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else reject(new GitCommandError(options.signal?.aborted ? 'failure' : classifyGitFailure(stderr), args, stderr));
    });
    child.stdin.on('error', () => {
      // git may exit before reading all its input (a failed command): its exit code says why.
    });
    child.stdin.end(options.input);
  });
}

/** What git said went wrong: its first fatal or error line (the lines after it are advice), else its last line. */
function gitMessage(text: string): string {
  const lines = text.trim().split('\n');
  const line = lines.find((candidate) => /^(fatal|error): /.test(candidate)) ?? lines[lines.length - 1] ?? '';
  return line.replace(/^(fatal|error): /, '') || 'no message';
}
