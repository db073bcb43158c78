import { ExitCode, isLineageError } from '@lineage/errors';

/** What a CLI prints and returns for an error: one line, an optional hint, an exit code. */
export interface ErrorReport {
  line: string;
  hint: string | undefined;
  exitCode: number;
  code: string;
  /** The error's stack, for `--debug` only. */
  stack: string | undefined;
  json: { code: string; message: string; hint?: string; details?: Record<string, unknown> };
}

interface OclifLike {
  message: string;
  oclif?: { exit?: number | false };
  code?: string;
}

/**
 * Turns anything thrown into the one-line form every Lineage CLI uses:
 * `error: <message> [<CODE>]`. Our own errors carry their code and hint; oclif's parse
 * errors (unknown flag, missing argument, unknown command) become usage errors (exit 2).
 */
export function describeError(error: unknown, bin: string, commandId?: string): ErrorReport {
  if (isLineageError(error)) {
    return report(error.code, error.message, error.hint, error.exitCode, error.stack, error.details);
  }
  const oclif = error as OclifLike;
  const exit = oclif?.oclif?.exit;
  const message = oneLine(oclif?.message ?? String(error));
  if (typeof exit === 'number' && exit === ExitCode.usage) {
    const flagProblems = flagValidation(oclif.message);
    if (flagProblems) {
      return report(
        'USAGE',
        flagProblems,
        `run \`${bin} ${commandId?.replaceAll(':', ' ') ?? '<command>'} --help\` for the expected form`,
        ExitCode.usage,
        (error as Error).stack,
      );
    }
    const unknownCommand = /^command (.+) not found$/.exec(message);
    if (unknownCommand) {
      return report(
        'UNKNOWN_COMMAND',
        `unknown command "${unknownCommand[1]?.replaceAll(':', ' ')}"`,
        `run \`${bin} --help\` to list the commands`,
        ExitCode.usage,
        undefined,
      );
    }
    return report(
      'USAGE',
      message,
      `run \`${bin} ${commandId?.replaceAll(':', ' ') ?? '<command>'} --help\` for the expected form`,
      ExitCode.usage,
      (error as Error).stack,
    );
  }
  const code = typeof oclif?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(oclif.code) ? oclif.code : 'UNEXPECTED';
  return report(
    code,
    message,
    'this looks like a bug: run again with --debug and report the output',
    typeof exit === 'number' ? exit : ExitCode.failure,
    (error as Error)?.stack,
  );
}

function report(
  code: string,
  message: string,
  hint: string | undefined,
  exitCode: number,
  stack: string | undefined,
  details: Record<string, unknown> = {},
): ErrorReport {
  return {
    line: `error: ${message} [${code}]`,
    hint,
    exitCode,
    code,
    stack,
    json: { code, message, ...(hint ? { hint } : {}), ...(Object.keys(details).length ? { details } : {}) },
  };
}

/**
 * oclif's flag validation says "The following error occurred:" and then each problem in its own
 * words ("Missing required flag to", "--theirs=true cannot also be provided when using --ours"):
 * the problems alone, in the words of our other errors, `; ` between them.
 */
function flagValidation(text: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: oclif dims the reasons with ANSI escapes on a terminal
  const lines = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  if (!/^The following errors? occurred:$/.test(lines[0]?.trim() ?? '')) return undefined;
  return lines
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('See more help'))
    .map((line) =>
      line
        .replace(/^Missing required flag (\S+)$/, 'missing required flag --$1')
        .replace(/^--([\w-]+)(=\S*)? cannot also be provided when using --([\w-]+)$/, '--$1 cannot be used with --$3'),
    )
    .join('; ');
}

// oclif's parse errors span lines ("Missing 1 required arg:\npath  Directory…\nSee more help
// with --help"); the convention is one line, and the hint already points at --help.
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/\s{2,}/g, ' — '))
    .filter((line) => line !== '' && !line.startsWith('See more help'))
    .join(' ');
}
