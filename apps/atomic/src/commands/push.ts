import { Args, Flags, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, forceFlag, inRepository, reportConflicts, short } from '../shared.js';

export default class Push extends LineageCommand {
  static override summary = "Send the changes of a local channel that another repository's channel lacks.";
  static override description =
    "Exactly the missing changes are transferred and verified by the receiver before anything is applied; the target channel simply gets them applied. When it is the target's current channel, the target's working copy is rewritten too — refused if it has unrecorded changes in the files concerned (--force overrides), so its next record can never silently revert what was pushed.";
  static override examples = [
    '<%= config.bin %> push ../shared',
    '<%= config.bin %> push ../shared --channel ai-docs --to-channel review',
  ];
  static override args = {
    target: Args.string({ required: true, description: 'Repository to push to (a local path).' }),
  };
  static override flags = {
    channel: channelFlag('Local channel to push (default: the current one).'),
    'to-channel': Flags.string({
      description: "Target channel (default: the target's current channel).",
      helpValue: 'CHANNEL',
    }),
    force: forceFlag,
  };

  async run() {
    const { args, flags } = await this.parseInput(Push);
    return inRepository(undefined, async (repo, lib) => {
      const update = await lib.push(repo, args.target, {
        channel: flags.channel,
        toChannel: flags['to-channel'],
        force: flags.force,
      });
      this.out(`pushed ${update.changes.length} change(s) to ${update.channel} of ${args.target}`);
      for (const hash of update.changes) this.out(`  ${short(hash)}`);
      reportConflicts(update, flags.quiet);
      return update;
    });
  }
}
