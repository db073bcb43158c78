import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../../shared.js';

export default class ChannelNew extends LineageCommand {
  static override summary = 'Create an empty channel (use `fork` to start from an existing one).';
  static override examples = ['<%= config.bin %> channel new experiments'];
  static override args = { name: Args.string({ required: true, description: 'Channel name.' }) };

  async run() {
    const { args } = await this.parseInput(ChannelNew);
    return inRepository('atomic channel new', (repo, lib) => {
      lib.newChannel(repo, args.name);
      this.out(`created channel ${args.name}`);
      return { name: args.name };
    });
  }
}
