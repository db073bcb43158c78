import { LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository, short } from '../shared.js';

export default class Conflicts extends LineageCommand {
  static override summary = 'List conflicted files with the changes on each side.';
  static override description =
    'A conflict is a state of the channel: the file is written with markers. Edit it as it should be (markers gone) and record to resolve.';
  static override examples = ['<%= config.bin %> conflicts', '<%= config.bin %> conflicts --json'];
  static override flags = { channel: channelFlag('Channel (default: the current one).') };

  async run() {
    const { flags } = await this.parseInput(Conflicts);
    return inRepository(undefined, (repo) => {
      const conflicts = repo.pristine.conflicts(repo.channel(flags.channel));
      for (const conflict of conflicts) {
        this.out(`${conflict.path}: ${conflict.kind} conflict between ${conflict.changes.map(short).join(', ')}`);
      }
      if (conflicts.length === 0) this.note('no conflicts');
      return conflicts;
    });
  }
}
