import { LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository } from '../shared.js';

export default class State extends LineageCommand {
  static override summary = "Print a channel's state hash: the same set of changes gives the same state, in any order.";
  static override examples = [
    '<%= config.bin %> state',
    '<%= config.bin %> fork --state $(<%= config.bin %> state) ai-agent',
  ];
  static override flags = { channel: channelFlag('Channel (default: the current one).') };

  async run() {
    const { flags } = await this.parseInput(State);
    return inRepository(undefined, (repo) => {
      const channel = repo.channel(flags.channel);
      const state = repo.pristine.state(channel);
      this.out(state);
      return { channel, state, changes: repo.pristine.log(channel).length };
    });
  }
}
