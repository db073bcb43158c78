import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../../shared.js';

export default class ChannelRename extends LineageCommand {
  static override summary = 'Rename a channel.';
  static override examples = ['<%= config.bin %> channel rename ai-docs docs'];
  static override args = {
    from: Args.string({ required: true, description: 'Current name.' }),
    to: Args.string({ required: true, description: 'New name.' }),
  };

  async run() {
    const { args } = await this.parseInput(ChannelRename);
    return inRepository('atomic channel rename', (repo, lib) => {
      lib.renameChannel(repo, args.from, args.to);
      this.out(`renamed channel ${args.from} to ${args.to}`);
      return { from: args.from, to: args.to };
    });
  }
}
