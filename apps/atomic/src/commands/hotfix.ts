import { Flags, LineageCommand } from '@lineage/cli-kit';
import { attributionFlags, attributionOf, inRepository } from '../shared.js';

export default class Hotfix extends LineageCommand {
  static override summary = "Record the working copy's edits as a hotfix of a tag, on a new channel forked from it.";
  static override description =
    `Forks TAG as CHANNEL and records there, as one change, the working copy's unrecorded edits (relative to the current channel). A file that is the same in TAG as in the current channel takes the edit as it is; one that differs gets it by a three-way merge; if that conflicts, nothing is created (exit 4) — fork the tag, switch to it and fix it there instead. The working copy and the current channel are left as they are. Prints the hotfix change's hash; then make the patched tag and propagate it.`;
  static override examples = [
    '<%= config.bin %> hotfix --from-tag v1.0 --to-channel security-hotfix -m "SECURITY: Fix authentication bypass"',
    '<%= config.bin %> apply --to-tag v1.0 --create-tag v1.0.1 $(<%= config.bin %> log --channel security-hotfix --hash-only --limit 1)',
    '<%= config.bin %> propagate-hotfix v1.0.1 --to-descendants --verify-compatibility',
  ];
  static override flags = {
    'from-tag': Flags.string({ required: true, description: 'The tag to fix.', helpValue: 'TAG' }),
    'to-channel': Flags.string({
      required: true,
      description: 'The new channel: the tag plus the hotfix.',
      helpValue: 'CHANNEL',
    }),
    message: Flags.string({ char: 'm', required: true, description: 'The hotfix change message.' }),
    author: Flags.string({ description: 'Author (default: as for record).' }),
    ...attributionFlags,
  };

  async run() {
    const { flags } = await this.parseInput(Hotfix);
    return inRepository('atomic hotfix', (repo, lib) => {
      const change = lib.recordHotfix(repo, {
        fromTag: flags['from-tag'],
        toChannel: flags['to-channel'],
        message: flags.message,
        author: flags.author,
        attribution: attributionOf(lib, flags),
      });
      this.out(change.hash);
      this.note(
        `recorded on channel ${change.channel} (${flags['from-tag']} + this change); the working copy is unchanged`,
      );
      return change;
    });
  }
}
