import { Args, Flags, LineageCommand } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import { channelFlag, inRepository } from '../shared.js';

export default class Fork extends LineageCommand {
  static override summary = 'Create a channel from the current channel, another channel, a past state, or a tag.';
  static override description =
    `The new channel holds the same changes as its source; the current channel does not change.

A tag's fork holds exactly the tag's changes: \`fork TAG NAME\`, \`fork --from-consolidation TAG NAME\` and \`fork --state TAG NAME\` are the same. With a flag naming a tag, NAME may be left out: the channel is named after the tag (v1.0, or v1.0-2 if taken) and the name is printed. --state also takes a state hash printed by \`atomic state\` or \`atomic log --states\`, from any channel's history.`;
  static override examples = [
    '<%= config.bin %> fork ai-agent-refactor',
    '<%= config.bin %> fork --channel main hotfix',
    '<%= config.bin %> fork v1.0 security-hotfix',
    '<%= config.bin %> fork --state $(<%= config.bin %> tag list --consolidating --latest) ai-agent-docs',
    '<%= config.bin %> fork --from-consolidation v2.0 ai-agent-testing',
    '<%= config.bin %> fork --from-consolidation v2.0',
    '<%= config.bin %> fork --state $(<%= config.bin %> state) experiment',
  ];
  static override args = {
    first: Args.string({
      description: 'NAME of the new channel (default with a tag flag: the tag’s name), or TAG when NAME follows.',
    }),
    second: Args.string({ description: 'NAME, when the first argument is a TAG.' }),
  };
  static override flags = {
    channel: channelFlag('Fork this channel (default: the current one).'),
    state: Flags.string({
      description: 'Fork this tag or state hash.',
      exclusive: ['channel'],
      helpValue: 'TAG|STATE',
    }),
    'from-consolidation': Flags.string({
      description: 'Fork this consolidating tag.',
      exclusive: ['channel', 'state'],
      helpValue: 'TAG',
    }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Fork);
    const name = args.second ?? args.first;
    const tag = flags['from-consolidation'] ?? (args.second === undefined ? undefined : args.first);
    if (args.second !== undefined && (flags.state || flags['from-consolidation'] || flags.channel)) {
      throw new UsageError('ARGUMENT_UNEXPECTED', `give either TAG NAME or a flag and NAME, not both`, {
        hint: 'e.g. atomic fork v1.0 hotfix, or atomic fork --state v1.0 hotfix',
      });
    }
    return inRepository('atomic fork', (repo, lib) => {
      const forked = lib.forkChannel(repo, name, { channel: flags.channel, state: flags.state, tag });
      const from =
        forked.tag !== undefined
          ? `tag ${forked.tag}`
          : flags.state
            ? `state ${flags.state}`
            : `channel ${flags.channel ?? repo.currentChannel()}`;
      this.out(`forked ${from} as ${forked.name}`);
      return forked;
    });
  }
}
