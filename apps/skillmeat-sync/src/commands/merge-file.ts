import { readFileSync, writeFileSync } from 'node:fs';
import {
  Args,
  argBytes,
  formatGitUsage,
  GIT_USAGE_STATUS,
  GitUsageError,
  gitOptionHelpFlags,
  LineageCommand,
  rawArgs,
} from '@lineage/cli-kit';
import { LineageError, NotFoundError } from '@lineage/errors';
import type { MergeInput } from '@lineage/merge-engine';
import type { Interfaces } from '@oclif/core';
import {
  MERGE_FILE_OPTIONS,
  MERGE_FILE_SYNOPSIS,
  type MergeFileRequest,
  parseMergeFileArgs,
} from './merge-file-args.js';

// git merge-file's exit status: the number of conflicts, capped below the range shells use
// for signals; 255 for an error (git's error()), 128 where git dies (die(): an invalid
// configuration, an output too large to allocate), 129 for a usage error (parse-options).
const MAX_CONFLICT_STATUS = 127;
const ERROR_STATUS = 255;
const FATAL_STATUS = 128;
const FATAL_CODES = new Set(['MERGE_CONFIG_BAD_STYLE', 'GIT_CONFIG_UNREADABLE', 'MERGE_OUTPUT_TOO_LARGE']);
// xdiff-interface.h's MAX_XDIFF_SIZE: git refuses larger inputs as binary.
const MAX_XDIFF_SIZE = 1024 * 1024 * 1023;

export default class MergeFile extends LineageCommand {
  static override summary = 'Three-way merge of one file, with git merge-file’s interface and output.';
  static override description =
    `Merges the changes from <orig-file> to <file2> into <file1> and writes the result to <file1> (or, with -p, to stdout), byte for byte what \`git merge-file\` writes: same conflict markers, labels, diff3/zdiff3 styles, CRLF and missing-final-newline handling.

The command line is git's: options and files in any order, the last of conflicting options wins (--ours --theirs), --no-<option> undoes one, long options may be shortened to any unambiguous prefix (--uni), -h prints the usage. With no style option, git's merge.conflictStyle setting (repository, global, system) applies. --diff-algorithm takes myers (default), minimal, patience or histogram. Paths and labels are used byte for byte, including bytes that are not UTF-8 (on Linux). -q silences error messages.

Exit status, as git's (the documented exception to this CLI's exit codes, so scripts written for git keep working): the number of conflicts, at most 127; 0 for a clean merge; 255 on error (unreadable file, binary content); 128 for an invalid merge.conflictStyle or an output too large to write; 129 for a usage error.`;
  static override examples = [
    '<%= config.bin %> merge-file -p SKILL.md SKILL.base.md SKILL.upstream.md',
    '<%= config.bin %> merge-file --diff3 -L mine -L base -L upstream SKILL.md base.md upstream.md',
    '<%= config.bin %> merge-file --diff-algorithm=histogram --union notes.md base.md theirs.md',
  ];
  // For --help only: the arguments are parsed with git's rules (parseMergeFileArgs).
  static override args = {
    file1: Args.string({ description: 'Our version; overwritten with the result unless -p.' }),
    'orig-file': Args.string({ description: 'The common ancestor.' }),
    file2: Args.string({ description: 'Their version.' }),
  };
  // Replaces the shared flags of the same names: -q is git's (silence errors), --json ours.
  static override flags = gitOptionHelpFlags(MERGE_FILE_OPTIONS);
  static override enableJsonFlag = false;

  private request: MergeFileRequest | undefined;

  override jsonEnabled(): boolean {
    return this.request?.json ?? false;
  }

  async run() {
    this.parsed = true;
    let request: MergeFileRequest;
    try {
      request = parseMergeFileArgs(rawArgs(this.argv));
    } catch (error) {
      if (!(error instanceof GitUsageError)) throw error;
      reportUsage(error);
      return undefined;
    }
    this.request = request;
    this.applySharedFlags({ debug: request.debug, color: request.color });
    const { gitConflictStyle, isBinary, merge } = await import('@lineage/merge-engine');
    // git reads its configuration before it parses -q, so a bad setting is always reported.
    const style = request.style ?? gitConflictStyle();
    this.errorsSilenced = request.quiet;
    const [ours, base, theirs] = request.paths.map((path) => readInput(path, isBinary)) as [
      MergeInput,
      MergeInput,
      MergeInput,
    ];
    const label = (i: number) => bytesOf(request.labels[i] ?? (request.paths[i] as string));
    const result = merge(base, ours, theirs, {
      style,
      favor: request.favor,
      markerSize: request.markerSize > 0 ? request.markerSize : undefined,
      diffAlgorithm: request.diffAlgorithm,
      labels: { ours: label(0), base: label(1), theirs: label(2) },
    });
    const bytes = result.bytes ?? new Uint8Array(Buffer.from(result.text));
    const [current] = request.paths;
    if (!request.toStdout) writeOutput(current, bytes);
    else if (!request.json) process.stdout.write(bytes);
    process.exitCode = Math.min(result.conflicts.length, MAX_CONFLICT_STATUS);
    return { clean: result.clean, conflicts: result.conflicts, written: request.toStdout ? null : current };
  }

  protected override async catch(error: Interfaces.CommandError): Promise<never> {
    try {
      return await super.catch(error);
    } catch (reported) {
      const code = (error as { code?: unknown }).code;
      (reported as { oclif: { exit: number } }).oclif.exit =
        typeof code === 'string' && FATAL_CODES.has(code) ? FATAL_STATUS : ERROR_STATUS;
      throw reported;
    }
  }
}

// As git's parse-options: the message, then the usage where git prints it.
function reportUsage(error: GitUsageError): void {
  if (error.hasMessage) process.stderr.write(`error: ${error.message}\n`);
  const usage = formatGitUsage(MERGE_FILE_SYNOPSIS, MERGE_FILE_OPTIONS);
  if (error.usage === 'stdout') process.stdout.write(usage);
  else if (error.usage === 'stderr') process.stderr.write(usage);
  process.exitCode = GIT_USAGE_STATUS;
}

function bytesOf(arg: string): string | Uint8Array {
  const bytes = argBytes(arg);
  return typeof bytes === 'string' ? bytes : new Uint8Array(bytes);
}

// Each file is read and checked before the next, so the first problem is the one reported, as in git.
function readInput(path: string, isBinary: (input: MergeInput) => boolean): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(argBytes(path));
  } catch (cause) {
    throw new NotFoundError('MERGE_FILE_UNREADABLE', `Could not read ${path}.`, {
      cause,
      hint: 'Check the path: <file1>, <orig-file> and <file2> must be readable files.',
    });
  }
  if (bytes.length > MAX_XDIFF_SIZE || isBinary(bytes)) {
    throw new LineageError('MERGE_FILE_BINARY', `Cannot merge binary files: ${path}`, {
      hint: 'Binary content (or over 1023 MiB) has no lines to merge: pick one version by hand.',
    });
  }
  return bytes;
}

function writeOutput(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(argBytes(path), bytes);
  } catch (cause) {
    throw new LineageError('MERGE_FILE_UNWRITABLE', `Could not write ${path}.`, {
      cause,
      hint: 'Check that <file1> is writable, or write the result to stdout with -p.',
    });
  }
}
