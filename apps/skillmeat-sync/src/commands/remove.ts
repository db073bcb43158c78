import { Flags } from '@lineage/cli-kit';
import { artifactArg, CollectionCommand, sharedFlags } from '../collection-command.js';

export default class Remove extends CollectionCommand {
  static override summary = 'Remove an artifact from the collection, with all its versions.';
  static override description =
    'Asks for confirmation unless --yes. An artifact still deployed is refused unless --force; its projects keep their files and records.';
  static override examples = ['<%= config.bin %> remove review', '<%= config.bin %> remove review --force --yes'];
  static override args = {
    artifact: artifactArg(),
  };
  static override flags = {
    force: Flags.boolean({ description: 'Remove it even while deployed in projects.' }),
    yes: sharedFlags.yes(),
  };

  async run() {
    const { args, flags } = await this.parseInput(Remove);
    const service = await this.service();
    const { artifact, deployments } = await service.show({ artifact: args.artifact });
    const where = deployments.length ? ` (deployed in ${deployments.length} project(s))` : '';
    // Still deployed without --force: the library refuses, with its hint; no question first.
    if (deployments.length === 0 || flags.force)
      await this.confirm(
        `remove ${artifact.id} and its ${artifact.version_lineage.length} version(s)${where}?`,
        flags.yes,
      );
    const result = await service.remove({ artifact: artifact.id, force: flags.force });
    this.out(`removed ${result.removed}`);
    for (const project of result.deployments) this.note(`note: ${project} still holds its files and record`);
    return result;
  }
}
