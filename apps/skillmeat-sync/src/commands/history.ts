import { artifactArg, CollectionCommand, sharedFlags } from '../collection-command.js';
import { renderHistory } from '../render.js';

export default class History extends CollectionCommand {
  static override summary = 'Show the lineage of the collection’s version or of a deployment.';
  static override description =
    'Every move of the version, oldest first: date, action (add, deploy, sync, local-edit, resolve, rollback, abort), content hash, parent, origin (deployment, sync, local_modification) and the upstream commit and pin it came from. Problems in the lineage (cycles, orphans) are reported, never looped on.';
  static override examples = [
    '<%= config.bin %> history review',
    '<%= config.bin %> history review --project ../my-app',
    '<%= config.bin %> history review --json',
  ];
  static override args = {
    artifact: artifactArg(),
  };
  static override flags = {
    project: sharedFlags.tier(),
  };

  async run() {
    const { args, flags } = await this.parseInput(History);
    const result = await (await this.service()).history({
      ...this.tier(args.artifact, flags.project),
    });
    for (const line of renderHistory(result, this.style)) this.out(line);
    return result;
  }
}
