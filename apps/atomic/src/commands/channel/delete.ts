import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../../shared.js';

export default class ChannelDelete extends LineageCommand {
  static override summary = 'Delete a channel (not the current one). Its changes stay in the change store.';
  static override examples = ['<%= config.bin %> channel delete ai-agent-security'];
  static override args = { name: Args.string({ required: true, description: 'Channel to delete.' }) };

  async run() {
    const { args } = await this.parseInput(ChannelDelete);
    return inRepository('atomic channel delete', (repo, lib) => {
      lib.deleteChannel(repo, args.name);
      this.out(`deleted channel ${args.name}`);
      return { deleted: args.name };
    });
  }
}
