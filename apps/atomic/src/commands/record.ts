import { Flags, LineageCommand } from '@lineage/cli-kit';
import { attributionFlags, attributionOf, channelFlag, inRepository, repositoryPaths } from '../shared.js';

export default class Record extends LineageCommand {
  static override summary = 'Record the unrecorded changes (all, or those under PATH...) as one change.';
  static override description = `Prints the new change's hash (--json: its summary). Nothing to record: says so, exit 0.

--channel C, when C is not the current channel, records the difference between the working copy and C's output into C, and leaves the current channel alone (as Pijul does): how an agent records into its own channel from a shared working copy.

AI attribution is stored in the change's hashed metadata. It may also come from ATOMIC_AI_ENABLED, ATOMIC_AI_PROVIDER, ATOMIC_AI_MODEL, ATOMIC_AI_CONFIDENCE and ATOMIC_AI_SUGGESTION_TYPE; flags win. Naming a provider or model implies --ai-assisted.

Dependencies: the changes whose lines the change touches, minimized; those covered by the channel's latest consolidating tag are replaced by the tag (one dependency). --minimal-deps makes the tag a dependency even when the change touches nothing older.

Author: --author, else ATOMIC_AUTHOR, else user.name/user.email from the repository's then the user's config (atomic config set), else git's, else the OS user.`;
  static override examples = [
    '<%= config.bin %> record -m "Fix the parser"',
    '<%= config.bin %> record -m "Docs only" docs/',
    '<%= config.bin %> record --channel ai-docs -m "AI: API docs" --ai-assisted --ai-provider anthropic --ai-model claude --ai-confidence 0.8',
    'ATOMIC_AI_ENABLED=1 ATOMIC_AI_MODEL=gpt-5 <%= config.bin %> record -m "Refactor" --json',
    '<%= config.bin %> record --channel ai-agent-refactor --minimal-deps -m "AI: Performance optimization"',
  ];
  static override strict = false;
  static override flags = {
    message: Flags.string({ char: 'm', required: true, description: 'The change message.' }),
    author: Flags.string({ description: 'Author (default: see the description).' }),
    channel: channelFlag('Record into this channel (default: the current one).'),
    ...attributionFlags,
    'minimal-deps': Flags.boolean({
      description: "Depend on the channel's latest consolidating tag even if the change touches nothing it covers.",
    }),
  };

  async run() {
    const { flags, argv } = await this.parseInput(Record);
    return inRepository('atomic record', async (repo, lib) => {
      await lib.prepareRecord(repo, flags.channel);
      const attribution = attributionOf(lib, flags);
      const summary = lib.recordWorkingCopy(repo, {
        message: flags.message,
        author: flags.author,
        channel: flags.channel,
        paths: argv.length > 0 ? repositoryPaths(lib, repo, argv as string[]) : undefined,
        attribution,
        minimalDeps: flags['minimal-deps'],
      });
      if (!summary) this.note('nothing to record');
      else this.out(summary.hash);
      return summary;
    });
  }
}
