import { LineageCommand } from '@lineage/cli-kit';
import { channelFlag, forceFlag, inRepository, reportConflicts, requireArguments, short } from '../shared.js';

export default class Apply extends LineageCommand {
  static override summary = 'Apply changes, and every missing dependency, to a channel.';
  static override description =
    "Changes come from this repository's change store (any channel recorded or received them); hashes may be unique prefixes of 4+ characters. Dependencies are applied first, transitively. When the channel is the current one the working copy is rewritten, refusing to overwrite unrecorded changes unless --force. Conflicts are a state, not a failure: exit 0, reported on stderr.";
  static override examples = [
    '<%= config.bin %> apply 7QKX2M3R',
    '<%= config.bin %> apply --channel main $(<%= config.bin %> log --channel ai-agent-refactor --hash-only --limit 3)',
  ];
  static override strict = false;
  static override flags = { channel: channelFlag('Channel to apply to (default: the current one).'), force: forceFlag };

  async run() {
    const { flags, argv } = await this.parseInput(Apply);
    const hashes = requireArguments(argv, 'change hash');
    return inRepository('atomic apply', (repo, lib) => {
      const update = lib.applyChanges(repo, hashes, { channel: flags.channel, force: flags.force });
      this.out(`applied ${update.changes.length} change(s) to ${update.channel}`);
      for (const hash of update.changes) this.out(`  ${short(hash)} ${repo.pristine.changeInfo(hash).message}`);
      reportConflicts(update, flags.quiet);
      return update;
    });
  }
}
