import { Args, Flags, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, forceFlag, inRepository, reportConflicts, short } from '../shared.js';

export default class Pull extends LineageCommand {
  static override summary = "Fetch the changes another repository's channel has and ours lacks, and apply them.";
  static override description =
    'Exactly the missing changes are transferred (with HASH...: only those and their dependencies), each verified — hash, format, file names — before anything is applied. The local channel simply gets them applied: changes commute, so no merge commit is needed. The working copy follows when the channel is the current one (unrecorded changes are protected unless --force). Conflicts: exit 0, reported on stderr.';
  static override examples = [
    '<%= config.bin %> pull ../upstream',
    '<%= config.bin %> pull ../upstream --from-channel ai-docs --channel main',
    '<%= config.bin %> pull ../upstream 7QKX2M3R',
  ];
  static override strict = false;
  static override args = {
    source: Args.string({ required: true, description: 'Repository to pull from (a local path).' }),
  };
  static override flags = {
    channel: channelFlag('Local channel to pull into (default: the current one).'),
    'from-channel': Flags.string({
      description: "Source channel (default: the source's current channel).",
      helpValue: 'CHANNEL',
    }),
    force: forceFlag,
  };

  async run() {
    const { args, flags, argv } = await this.parseInput(Pull);
    const hashes = (argv as string[]).slice(1);
    return inRepository('atomic pull', async (repo, lib) => {
      const update = await lib.pull(repo, args.source, {
        channel: flags.channel,
        fromChannel: flags['from-channel'],
        hashes: hashes.length > 0 ? hashes : undefined,
        force: flags.force,
      });
      this.out(`pulled ${update.changes.length} change(s) into ${update.channel}`);
      for (const hash of update.changes) this.out(`  ${short(hash)}`);
      reportConflicts(update, flags.quiet);
      return update;
    });
  }
}
