import { Flags } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import type { AtomicRepository, ChannelUpdate } from '@lineage/working-copy';

export type WorkingCopyLib = typeof import('@lineage/working-copy');

/**
 * Opens the repository around the current directory (taking the lock when `lock` names the
 * command), runs `work`, closes. The library is imported here, inside `run()`: start-up
 * should not pay for SQLite when a command does not open a repository.
 */
export async function inRepository<T>(
  lock: string | undefined,
  work: (repo: AtomicRepository, lib: WorkingCopyLib) => T | Promise<T>,
): Promise<T> {
  const lib = await import('@lineage/working-copy');
  return lib.withRepository(process.cwd(), lock ? { lock } : {}, (repo) => work(repo, lib));
}

/** Path arguments (relative to the current directory) as repository paths. */
export function repositoryPaths(lib: WorkingCopyLib, repo: AtomicRepository, paths: string[]): string[] {
  return paths.map((path) => lib.toRepositoryPath(repo.root, process.cwd(), path));
}

export const channelFlag = (description: string) => Flags.string({ char: 'c', description, helpValue: 'CHANNEL' });

export const forceFlag = Flags.boolean({
  char: 'f',
  description: 'Overwrite unrecorded changes in the files this rewrites, instead of refusing.',
});

/**
 * A conflict is a state of the channel, not a failure: exit 0, and say so on stderr (also
 * under --json, whose stdout carries the same list; only --quiet silences it).
 */
export function reportConflicts(update: ChannelUpdate, quiet: boolean | undefined): void {
  if (update.conflicts.length === 0 || quiet) return;
  process.stderr.write(
    `conflicts in ${update.conflicts.join(', ')} (channel ${update.channel}); see \`atomic conflicts\`, edit the files and record to resolve\n`,
  );
}

export const short = (hash: string | null) => (hash ? hash.slice(0, 10) : '-'.repeat(10));

/** Variadic arguments (oclif has none: commands take `argv`), at least one required. */
export function requireArguments(argv: unknown[], what: string): string[] {
  if (argv.length === 0)
    throw new UsageError('ARGUMENT_MISSING', `give at least one ${what}`, { hint: 'see --help for examples' });
  return argv as string[];
}

/** The AI attribution flags of the commands that record a change (record, hotfix). */
export const attributionFlags = {
  'ai-assisted': Flags.boolean({ allowNo: true, description: 'The change was written with AI assistance (or not).' }),
  'ai-provider': Flags.string({ description: 'AI provider, e.g. anthropic.' }),
  'ai-model': Flags.string({ description: 'AI model.' }),
  'ai-confidence': Flags.string({ description: 'Confidence from 0 to 1.' }),
  'ai-suggestion-type': Flags.string({ description: 'Kind of suggestion, e.g. completion, refactor.' }),
};

/** The attribution those flags (and the ATOMIC_AI_* environment) give. */
export function attributionOf(
  lib: WorkingCopyLib,
  flags: {
    'ai-assisted'?: boolean;
    'ai-provider'?: string;
    'ai-model'?: string;
    'ai-confidence'?: string;
    'ai-suggestion-type'?: string;
  },
) {
  return lib.resolveAttribution({
    aiAssisted: flags['ai-assisted'],
    provider: flags['ai-provider'],
    model: flags['ai-model'],
    confidence: flags['ai-confidence'],
    suggestionType: flags['ai-suggestion-type'],
  });
}
