import { LineageError, UsageError } from '@lineage/errors';
import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import type * as Interfaces from '@oclif/core/interfaces';
import { describeError } from './describe-error.js';
import { colorWanted, createStyle, type Style } from './style.js';
import { type Choice, choose, createProgress, type Progress } from './terminal.js';

export type CommandFlags<T extends typeof LineageCommand> = Interfaces.InferredFlags<T['baseFlags'] & T['flags']>;
export type CommandArgs<T extends typeof LineageCommand> = Interfaces.InferredArgs<T['args']>;

/**
 * The base of every Lineage command. It owns the conventions shared by all three CLIs so
 * that a command class only parses its own flags, calls a library and renders the result:
 *
 * - `--json`: the value `run()` returns is printed as JSON on stdout, and nothing else is;
 * - `--quiet`: no progress or notes on stderr;
 * - `--no-color` / `NO_COLOR`: plain text;
 * - `--debug`: stack traces on errors (never otherwise);
 * - errors: one line `error: <message> [<CODE>]` and a hint on stderr, exit code by kind.
 */
export abstract class LineageCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    quiet: Flags.boolean({ char: 'q', description: 'Print nothing but results and errors.', helpGroup: 'GLOBAL' }),
    color: Flags.boolean({
      description: 'Colour the output (default: when writing to a terminal and NO_COLOR is unset).',
      allowNo: true,
      helpGroup: 'GLOBAL',
    }),
    debug: Flags.boolean({ description: 'Show stack traces and internal details on errors.', helpGroup: 'GLOBAL' }),
  };

  protected style: Style = createStyle(false);
  /** Error messages are not printed (git's `merge-file -q`); the exit code still tells. */
  protected errorsSilenced = false;
  private quiet = false;
  private debugging = Boolean(process.env.LINEAGE_DEBUG);

  /** Parses the command's flags and arguments, then applies the shared ones. */
  protected async parseInput<T extends typeof LineageCommand>(
    command: T,
  ): Promise<{ flags: CommandFlags<T>; args: CommandArgs<T>; argv: string[] }> {
    const parsed = (await this.parse(command as never)) as unknown as {
      flags: CommandFlags<T>;
      args: CommandArgs<T>;
      argv: string[];
    };
    this.applySharedFlags(parsed.flags as { quiet?: boolean; debug?: boolean; color?: boolean });
    return parsed;
  }

  /** Applies the shared flags; for a command that parses its own arguments (git's syntax). */
  protected applySharedFlags(shared: { quiet?: boolean; debug?: boolean; color?: boolean }): void {
    this.quiet = Boolean(shared.quiet) || this.jsonEnabled();
    this.debugging ||= Boolean(shared.debug);
    this.style = createStyle(colorWanted(process.stdout, shared.color));
  }

  /** Primary output (stdout). Suppressed under --json, where the returned value is the output. */
  protected out(text: string): void {
    if (!this.jsonEnabled()) this.log(text);
  }

  /** Progress and notes (stderr), silenced by --quiet and --json. */
  protected note(text: string): void {
    if (!this.quiet) this.logToStderr(text);
  }

  /** Whether a person is at a terminal to answer questions (never under --json). */
  protected interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !this.jsonEnabled();
  }

  /** A spinner on stderr for long work: only on a terminal, never under --quiet or --json. */
  protected progress(): Progress {
    return createProgress(process.stderr, { enabled: !this.quiet && Boolean(process.stderr.isTTY) });
  }

  /** Asks a person to pick one of `choices`; without a terminal, fails with `hint` saying which flag to pass. */
  protected async ask<T extends string>(question: string, choices: readonly Choice<T>[], hint: string): Promise<T> {
    if (!this.interactive())
      throw new UsageError('ANSWER_REQUIRED', `${question.replace(/\?$/, '')}: no terminal to ask on`, { hint });
    return choose(question, choices);
  }

  /** Confirms a destructive action: `yes` (the --yes flag) skips the question; refusing stops the command. */
  protected async confirm(question: string, yes: boolean): Promise<void> {
    if (yes) return;
    const answer = await this.ask(
      question,
      [
        { key: 'y', value: 'yes', label: 'yes' },
        { key: 'n', value: 'no', label: 'no' },
      ],
      'pass --yes to confirm without a terminal',
    );
    if (answer !== 'yes') throw new LineageError('CANCELLED', 'cancelled: nothing was changed');
  }

  protected override async catch(error: Interfaces.CommandError): Promise<never> {
    const report = describeError(error, this.config.bin, this.id);
    if (this.jsonEnabled()) this.logJson({ error: report.json });
    if (!this.errorsSilenced) {
      process.stderr.write(`${report.line}\n`);
      if (report.hint) process.stderr.write(`hint: ${report.hint}\n`);
      if (this.debugging && report.stack) process.stderr.write(`${report.stack}\n`);
    }
    // Rendering is done: what reaches runCli is only the exit code.
    throw Object.assign(new Error(report.line), { oclif: { exit: report.exitCode }, lineageReported: true });
  }
}
