import { Args, LineageCommand } from '@lineage/cli-kit';
import { forceFlag, inRepository } from '../../shared.js';

export default class ChannelSwitch extends LineageCommand {
  static override summary = 'Make another channel current, rewriting the working copy to its output.';
  static override description =
    'Refuses when that would overwrite unrecorded changes in the files it rewrites, unless --force.';
  static override examples = [
    '<%= config.bin %> channel switch ai-agent-docs',
    '<%= config.bin %> channel switch main --force',
  ];
  static override args = { name: Args.string({ required: true, description: 'Channel to switch to.' }) };
  static override flags = { force: forceFlag };

  async run() {
    const { args, flags } = await this.parseInput(ChannelSwitch);
    return inRepository('atomic channel switch', (repo, lib) => {
      const rewritten = lib.switchChannel(repo, args.name, flags.force);
      this.out(`switched to channel ${args.name} (${rewritten.length} path(s) rewritten)`);
      return { channel: args.name, rewritten };
    });
  }
}
