import { Args, Flags, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository } from '../shared.js';

export default class Fork extends LineageCommand {
  static override summary = 'Create a channel from the current channel, another channel, a past state, or a tag.';
  static override description =
    'The new channel holds the same changes as its source; the current channel does not change. STATE is a state hash printed by `atomic state` or `atomic log --states`, from any channel\'s history. `fork TAG NAME` needs tags, which arrive in a later version: until then it answers "unknown tag".';
  static override examples = [
    '<%= config.bin %> fork ai-agent-refactor',
    '<%= config.bin %> fork --channel main hotfix',
    '<%= config.bin %> fork --state $(<%= config.bin %> state) ai-agent-docs',
    '<%= config.bin %> fork v1.0 security-hotfix',
  ];
  static override args = {
    first: Args.string({ required: true, description: 'NAME of the new channel, or TAG when NAME follows.' }),
    second: Args.string({ description: 'NAME, when the first argument is a TAG.' }),
  };
  static override flags = {
    channel: channelFlag('Fork this channel (default: the current one).'),
    state: Flags.string({ description: 'Fork this state hash.', exclusive: ['channel'] }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Fork);
    const name = args.second ?? args.first;
    const tag = args.second === undefined ? undefined : args.first;
    return inRepository('atomic fork', (repo, lib) => {
      const forked = lib.forkChannel(repo, name, { channel: flags.channel, state: flags.state, tag });
      const from = flags.state ? `state ${flags.state}` : `channel ${flags.channel ?? repo.currentChannel()}`;
      this.out(`forked ${from} as ${name}`);
      return forked;
    });
  }
}
