import { Flags, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository, short } from '../shared.js';

export default class Migrate extends LineageCommand {
  static override summary = "Add consolidating tags every N changes of an existing channel's history.";
  static override description =
    "Tags are made at the channel's Nth change, its 2Nth, … (log order), each extending the one before; a position where a consolidating tag of that state exists already is skipped, so running it again is harmless. Nothing is rewritten: changes recorded afterwards depend on the last tag. All tags are made in one transaction, or none.";
  static override examples = [
    '<%= config.bin %> migrate --consolidation-interval 25',
    '<%= config.bin %> migrate --consolidation-interval 100 --channel main --dry-run',
  ];
  static override flags = {
    'consolidation-interval': Flags.integer({ required: true, min: 1, description: 'Changes per consolidating tag.' }),
    channel: channelFlag('The channel whose history to tag (default: the current one).'),
    'dry-run': Flags.boolean({ description: 'Print the tags it would make; change nothing.' }),
  };

  async run() {
    const { flags } = await this.parseInput(Migrate);
    return inRepository(flags['dry-run'] ? undefined : 'atomic migrate', (repo, lib) => {
      const result = lib.migrateHistory(repo, {
        interval: flags['consolidation-interval'],
        channel: flags.channel,
        dryRun: flags['dry-run'],
      });
      const made = new Map(result.created.map((tag) => [tag.name, tag]));
      for (const step of result.steps) {
        const tag = made.get(step.name);
        const what = step.existing ? 'exists' : tag ? `created ${short(tag.hash)}` : 'would create';
        this.out(`${step.name}\t${step.count} changes\t${what}`);
      }
      if (result.steps.length === 0)
        this.note(
          `channel ${result.channel} has fewer than ${flags['consolidation-interval']} changes: no tag to make`,
        );
      return result;
    });
  }
}
