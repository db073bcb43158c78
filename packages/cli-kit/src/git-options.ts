import * as Flags from '@oclif/core/flags';
import type * as Interfaces from '@oclif/core/interfaces';

/**
 * One option of a git-compatible command, as git's parse-options declares it.
 * `long` options may be abbreviated to any unambiguous prefix and negated as `--no-<long>`
 * unless `negatable` is false; `exact` options (our own additions to git's set) are only
 * recognised written out in full, so they never make one of git's abbreviations ambiguous.
 */
export interface GitOption {
  long?: string;
  short?: string;
  /** The option takes a value: `--name=v`, `--name v`, `-Xv`, `-X v`. */
  value?: boolean;
  negatable?: boolean;
  exact?: boolean;
  /** Shown in the usage as `<argName>`. */
  argName?: string;
  help: string;
  /** The flag's name in `--help` for an option without a long name (`-L` → `label`). */
  helpName?: string;
}

/** One option as given on the command line, in order, so that the last one can win. */
export interface GitOptionUse {
  option: GitOption;
  /** `--no-<long>`. */
  negated: boolean;
  value: string | undefined;
  /** How git names it in messages: "switch `L'", "option `marker-size'", "option `no-quiet'". */
  name: string;
}

export type GitUsageOutput = 'none' | 'stdout' | 'stderr';

/**
 * A usage error as git reports it: `error: <message>` (none for -h), then the usage on
 * `usage` (stdout for -h and for an ambiguous abbreviation, stderr for an unknown option),
 * exit status 129.
 */
export class GitUsageError extends Error {
  constructor(
    message: string | undefined,
    readonly usage: GitUsageOutput = 'none',
  ) {
    super(message ?? 'usage');
    this.hasMessage = message !== undefined;
  }
  readonly hasMessage: boolean;
}

export const GIT_USAGE_STATUS = 129;

/**
 * Parses `args` the way git's parse-options does for a command with default flags:
 * options and operands may be mixed, `--` or `--end-of-options` ends the options, short
 * options cluster (`-pq`, `-Lname`), long ones take unique prefixes, `--no-` negates, `-h`
 * asks for the usage. Unknown or malformed options throw `GitUsageError`.
 */
export function parseGitOptions(
  args: readonly string[],
  options: readonly GitOption[],
): { uses: GitOptionUse[]; operands: string[] } {
  const uses: GitOptionUse[] = [];
  const operands: string[] = [];
  let i = 0;
  // The value of an option given in the next argument (git's get_arg).
  const nextArg = (name: string): string => {
    if (i + 1 >= args.length) throw new GitUsageError(`${name} requires a value`);
    i++;
    return args[i] as string;
  };
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
    } else if (arg === '-h' && args.length === 1) {
      throw new GitUsageError(undefined, 'stdout');
    } else if (!arg.startsWith('--')) {
      parseShortCluster(arg, options, uses, nextArg);
    } else if (arg === '--' || arg === '--end-of-options') {
      operands.push(...args.slice(i + 1));
      break;
    } else if (arg === '--help-all') {
      throw new GitUsageError(undefined, 'stdout');
    } else {
      uses.push(parseLong(arg.slice(2), options, nextArg));
    }
  }
  return { uses, operands };
}

function parseShortCluster(
  arg: string,
  options: readonly GitOption[],
  uses: GitOptionUse[],
  nextArg: (name: string) => string,
): void {
  for (let at = 1; at < arg.length; at++) {
    const char = arg[at] as string;
    const option = options.find((o) => o.short === char);
    // `-diff3` is most likely a mistyped --diff3 (git's check_typos); `-Lname` is a value.
    if (at === 1 && (!option || (!option.value && arg.length > 2))) checkTypos(arg.slice(1), options);
    if (!option) {
      if (char === 'h') throw new GitUsageError(undefined, 'stdout');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the range git tests
      const message = /[\x00-\x7f]/.test(char)
        ? `unknown switch \`${char}'`
        : `unknown non-ascii option in string: \`-${arg.slice(at)}'`;
      throw new GitUsageError(message, 'stderr');
    }
    const name = `switch \`${char}'`;
    if (!option.value) {
      uses.push({ option, negated: false, value: undefined, name });
      continue;
    }
    const value = at + 1 < arg.length ? arg.slice(at + 1) : nextArg(name);
    uses.push({ option, negated: false, value, name });
    return;
  }
}

function checkTypos(word: string, options: readonly GitOption[]): void {
  if (word.length < 3) return;
  if (word.startsWith('no-') || options.some((o) => o.long?.startsWith(word))) {
    throw new GitUsageError(`did you mean \`--${word}\` (with two dashes)?`);
  }
}

// git's parse_long_opt: an exact name wins at once; otherwise a unique prefix of a name (or
// of `no-<name>`) is taken, and two prefixes are ambiguous. `given` is the text after `--`.
function parseLong(given: string, options: readonly GitOption[], nextArg: (name: string) => string): GitOptionUse {
  const equals = given.indexOf('=');
  const word = equals === -1 ? given : given.slice(0, equals);
  const attached = equals === -1 ? undefined : given.slice(equals + 1);
  let abbreviated: { option: GitOption; negated: boolean } | undefined;
  let ambiguous: { option: GitOption; negated: boolean } | undefined;
  const abbreviation = (option: GitOption, negated: boolean) => {
    if (abbreviated) ambiguous = abbreviated;
    abbreviated = { option, negated };
  };
  for (const option of options) {
    const long = option.long;
    if (!long) continue;
    if (word === long) return take(option, false, attached, nextArg);
    if (option.exact) {
      if (word === `no-${long}` && option.negatable !== false) return take(option, true, attached, nextArg);
      continue;
    }
    if (long.startsWith(word)) {
      abbreviation(option, false);
      continue;
    }
    if (option.negatable === false) continue;
    if ('no-'.startsWith(given)) {
      abbreviation(option, true);
      continue;
    }
    if (!given.startsWith('no-')) continue;
    if (word === `no-${long}`) return take(option, true, attached, nextArg);
    if (long.startsWith(given.slice(3))) abbreviation(option, true);
  }
  if (ambiguous && abbreviated) {
    const named = (a: { option: GitOption; negated: boolean }) => `--${a.negated ? 'no-' : ''}${a.option.long}`;
    throw new GitUsageError(
      `ambiguous option: ${given} (could be ${named(ambiguous)} or ${named(abbreviated)})`,
      'stdout',
    );
  }
  if (abbreviated) {
    return take(abbreviated.option, abbreviated.negated, abbreviated.negated ? undefined : attached, nextArg);
  }
  throw new GitUsageError(`unknown option \`${given}'`, 'stderr');
}

// git's get_value for a long option.
function take(
  option: GitOption,
  negated: boolean,
  attached: string | undefined,
  nextArg: (name: string) => string,
): GitOptionUse {
  const name = `option \`${negated ? 'no-' : ''}${option.long}'`;
  if (attached !== undefined && (negated || !option.value)) throw new GitUsageError(`${name} takes no value`);
  if (negated || !option.value) return { option, negated, value: undefined, name };
  return { option, negated, value: attached ?? nextArg(name), name };
}

const USAGE_OPTS_WIDTH = 24;
const USAGE_GAP = 2;

/** The usage git prints for `-h`: the synopsis, then one line per option, help text in a column. */
export function formatGitUsage(synopsis: string, options: readonly GitOption[]): string {
  const lines = [`usage: ${synopsis}`, ''];
  for (const option of options) {
    let left = '    ';
    if (option.short) left += `-${option.short}${option.long ? ', ' : ''}`;
    if (option.long) left += `--${option.long}`;
    if (option.value) left += ` <${option.argName ?? '...'}>`;
    lines.push(
      left.length <= USAGE_OPTS_WIDTH
        ? `${left.padEnd(USAGE_OPTS_WIDTH + USAGE_GAP)}${option.help}`
        : `${left}\n${' '.repeat(USAGE_OPTS_WIDTH + USAGE_GAP)}${option.help}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/**
 * oclif flag definitions of git-style options, for `--help` and the manifest only: such a
 * command parses its arguments with `parseGitOptions`, never with oclif.
 */
export function gitOptionHelpFlags(options: readonly GitOption[]): Interfaces.FlagInput {
  const flags: Interfaces.FlagInput = {};
  for (const option of options) {
    const name = option.long ?? option.helpName ?? option.short;
    if (!name) continue;
    const char = option.short as Interfaces.AlphabetLowercase | Interfaces.AlphabetUppercase | undefined;
    const value = { char, description: option.help, helpValue: option.argName };
    flags[name] = option.value
      ? option.long
        ? Flags.string(value)
        : Flags.string({ ...value, multiple: true })
      : Flags.boolean({ char, description: option.help, allowNo: option.negatable !== false });
  }
  return flags;
}
