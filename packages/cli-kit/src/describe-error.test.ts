import { LineageError, NotFoundError, UsageError } from '@lineage/errors';
import { Errors } from '@oclif/core';
import { describe, expect, it } from 'vitest';
import { describeError } from './index.js';

describe('describeError', () => {
  it('renders our errors as one line with code, hint and exit code by kind', () => {
    const report = describeError(
      new NotFoundError('UNKNOWN_CHANNEL', 'no channel "dev"', { hint: 'list channels with `atomic channel`' }),
      'atomic',
    );
    expect(report).toMatchObject({
      line: 'error: no channel "dev" [UNKNOWN_CHANNEL]',
      hint: 'list channels with `atomic channel`',
      exitCode: 3,
      json: { code: 'UNKNOWN_CHANNEL', message: 'no channel "dev"', hint: 'list channels with `atomic channel`' },
    });
    expect(describeError(new UsageError('BAD_CONFIDENCE', 'x'), 'atomic').exitCode).toBe(2);
    expect(describeError(new LineageError('LOCKED', 'x', { details: { pid: 1 } }), 'atomic').json.details).toEqual({
      pid: 1,
    });
  });

  it('turns oclif parse errors into one-line usage errors pointing at the command help', () => {
    const parseError = new Errors.CLIError(
      'Missing 1 required arg:\npath  Directory of the artifact.\nSee more help with --help',
      { exit: 2 },
    );
    expect(describeError(parseError, 'skillmeat-sync', 'hash')).toMatchObject({
      line: 'error: Missing 1 required arg: path — Directory of the artifact. [USAGE]',
      hint: 'run `skillmeat-sync hash --help` for the expected form',
      exitCode: 2,
    });
  });

  it('says which flags are missing or clash, without oclif’s preamble', () => {
    const validation = (reasons: string[]) =>
      new Errors.CLIError(`The following error${reasons.length > 1 ? 's' : ''} occurred:\n  ${reasons.join('\n  ')}`, {
        exit: 2,
      });
    expect(describeError(validation(['Missing required flag to']), 'skillmeat-sync', 'rollback')).toMatchObject({
      line: 'error: missing required flag --to [USAGE]',
      hint: 'run `skillmeat-sync rollback --help` for the expected form',
      exitCode: 2,
    });
    const clash = validation(['--theirs=true cannot also be provided when using --ours', 'Missing required flag file']);
    expect(describeError(clash, 'skillmeat-sync', 'resolve').line).toBe(
      'error: --theirs cannot be used with --ours; missing required flag --file [USAGE]',
    );
  });

  it('names an unknown command, with spaces for topic separators', () => {
    const notFound = new Errors.CLIError('command channel:frob not found', { exit: 2 });
    expect(describeError(notFound, 'atomic')).toMatchObject({
      line: 'error: unknown command "channel frob" [UNKNOWN_COMMAND]',
      hint: 'run `atomic --help` to list the commands',
      exitCode: 2,
    });
  });

  it('reports anything else as an unexpected failure (exit 1) that asks for --debug', () => {
    const report = describeError(new TypeError('x is undefined'), 'onx-manifest');
    expect(report).toMatchObject({ line: 'error: x is undefined [UNEXPECTED]', exitCode: 1 });
    expect(report.hint).toContain('--debug');
    expect(report.stack).toContain('TypeError');
  });
});
