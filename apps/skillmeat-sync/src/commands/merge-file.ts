import { readFileSync, writeFileSync } from 'node:fs';
import { Args, Flags, LineageCommand } from '@lineage/cli-kit';
import { LineageError, NotFoundError, UsageError } from '@lineage/errors';
import type { Interfaces } from '@oclif/core';

// git merge-file's exit status: the number of conflicts, capped so it stays a valid status
// below the range shells use for signals; 255 for any error.
const MAX_CONFLICT_STATUS = 127;
const ERROR_STATUS = 255;

export default class MergeFile extends LineageCommand {
  static override summary = 'Three-way merge of one file, with git merge-file’s interface and output.';
  static override description =
    `Merges the changes from BASE to OTHER into CURRENT and writes the result to CURRENT (or, with -p, to stdout), byte for byte what \`git merge-file\` writes: same conflict markers, labels, diff3/zdiff3 styles, CRLF and missing-final-newline handling.

Exit status, as git's (the documented exception to this CLI's exit codes, so scripts written for git keep working): the number of conflicts, at most 127; 0 for a clean merge; 255 on error (unreadable file, binary content, bad options).`;
  static override examples = [
    '<%= config.bin %> merge-file -p SKILL.md SKILL.base.md SKILL.upstream.md',
    '<%= config.bin %> merge-file --diff3 -L mine -L base -L upstream SKILL.md base.md upstream.md',
  ];
  static override args = {
    current: Args.string({ required: true, description: 'Our version; overwritten with the result unless -p.' }),
    base: Args.string({ required: true, description: 'The common ancestor.' }),
    other: Args.string({ required: true, description: 'Their version.' }),
  };
  static override flags = {
    stdout: Flags.boolean({ char: 'p', description: 'Write the result to stdout instead of overwriting CURRENT.' }),
    diff3: Flags.boolean({ description: 'Show the base version inside conflicts.', exclusive: ['zdiff3'] }),
    zdiff3: Flags.boolean({ description: 'Like --diff3, with lines common to both sides moved out of conflicts.' }),
    ours: Flags.boolean({ description: 'Resolve conflicts by taking our side.', exclusive: ['theirs', 'union'] }),
    theirs: Flags.boolean({ description: 'Resolve conflicts by taking their side.', exclusive: ['union'] }),
    union: Flags.boolean({ description: 'Resolve conflicts by taking both sides, ours first.' }),
    'marker-size': Flags.integer({ description: 'Length of the conflict markers (default 7).', min: 1 }),
    label: Flags.string({
      char: 'L',
      multiple: true,
      multipleNonGreedy: true,
      description: 'Labels for CURRENT, BASE and OTHER, in this order (default: the file names).',
    }),
  };

  async run() {
    const { args, flags } = await this.parseInput(MergeFile);
    const labels = flags.label ?? [];
    if (labels.length > 3) {
      throw new UsageError('MERGE_FILE_TOO_MANY_LABELS', `Got ${labels.length} labels; at most 3 are used.`, {
        hint: 'Give -L for CURRENT, then BASE, then OTHER.',
      });
    }
    const paths = [args.current, args.base, args.other];
    const [ours, base, theirs] = paths.map(readInput) as [Uint8Array, Uint8Array, Uint8Array];
    const { isBinary, merge } = await import('@lineage/merge-engine');
    paths.forEach((path, i) => {
      if (isBinary([ours, base, theirs][i] as Uint8Array)) {
        throw new LineageError('MERGE_FILE_BINARY', `Cannot merge binary files: ${path}`, {
          hint: 'Binary content has no lines to merge: pick one version by hand.',
        });
      }
    });
    const result = merge(base, ours, theirs, {
      style: flags.zdiff3 ? 'zdiff3' : flags.diff3 ? 'diff3' : 'merge',
      favor: flags.ours ? 'ours' : flags.theirs ? 'theirs' : flags.union ? 'union' : undefined,
      markerSize: flags['marker-size'],
      labels: { ours: labels[0] ?? args.current, base: labels[1] ?? args.base, theirs: labels[2] ?? args.other },
    });
    const bytes = result.bytes ?? new Uint8Array(Buffer.from(result.text));
    if (!flags.stdout) writeFileSync(args.current, bytes);
    else if (!this.jsonEnabled()) process.stdout.write(bytes);
    process.exitCode = Math.min(result.conflicts.length, MAX_CONFLICT_STATUS);
    return { clean: result.clean, conflicts: result.conflicts, written: flags.stdout ? null : args.current };
  }

  protected override async catch(error: Interfaces.CommandError): Promise<never> {
    try {
      return await super.catch(error);
    } catch (reported) {
      (reported as { oclif: { exit: number } }).oclif.exit = ERROR_STATUS;
      throw reported;
    }
  }
}

function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new NotFoundError('MERGE_FILE_UNREADABLE', `Could not read ${path}.`, {
      cause,
      hint: 'Check the path: CURRENT, BASE and OTHER must be readable files.',
    });
  }
}
