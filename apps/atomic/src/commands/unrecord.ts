import { LineageCommand } from '@lineage/cli-kit';
import { channelFlag, forceFlag, inRepository, requireArguments, short } from '../shared.js';

export default class Unrecord extends LineageCommand {
  static override summary = 'Remove changes from a channel (they stay in the change store).';
  static override description =
    'Several changes are removed dependents first. A change that another change of the channel depends on is refused, with the dependents listed. The working copy follows when the channel is the current one (unrecorded changes are protected unless --force).';
  static override examples = [
    '<%= config.bin %> unrecord 7QKX2M3R',
    '<%= config.bin %> unrecord --channel ai-docs ABCD EFGH',
  ];
  static override strict = false;
  static override flags = {
    channel: channelFlag('Channel to remove from (default: the current one).'),
    force: forceFlag,
  };

  async run() {
    const { flags, argv } = await this.parseInput(Unrecord);
    const hashes = requireArguments(argv, 'change hash');
    return inRepository('atomic unrecord', (repo, lib) => {
      const update = lib.unrecordChanges(repo, hashes, { channel: flags.channel, force: flags.force });
      this.out(`unrecorded ${update.changes.length} change(s) from ${update.channel}`);
      for (const hash of update.changes) this.out(`  ${short(hash)}`);
      return update;
    });
  }
}
