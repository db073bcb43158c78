import { artifactArg, CollectionCommand, sharedFlags } from '../collection-command.js';
import { short } from '../render.js';

export default class Abort extends CollectionCommand {
  static override summary = 'Drop a pending merge and restore the version from before it.';
  static override description =
    'The conflicted files, as you may have edited them, are kept as a version first (see `history`), then the pre-merge version is restored and the pending conflicts cleared.';
  static override examples = [
    '<%= config.bin %> abort review',
    '<%= config.bin %> abort review --project ../my-app --json',
  ];
  static override args = {
    artifact: artifactArg(),
  };
  static override flags = {
    project: sharedFlags.tier(),
  };

  async run() {
    const { args, flags } = await this.parseInput(Abort);
    const result = await (await this.service()).abort({
      ...this.tier(args.artifact, flags.project),
    });
    this.out(`aborted the merge of ${result.artifact_id}: back to ${short(result.restored_hash)}`);
    if (result.saved_hash) this.out(`your edits of the conflicted files are kept as ${short(result.saved_hash)}`);
    return result;
  }
}
