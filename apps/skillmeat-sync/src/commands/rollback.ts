import { Flags } from '@lineage/cli-kit';
import { artifactArg, CollectionCommand, sharedFlags } from '../collection-command.js';
import { renderSync, short } from '../render.js';

export default class Rollback extends CollectionCommand {
  static override summary = 'Put the collection’s version, or a deployment, back to an earlier version of its lineage.';
  static override description =
    'HASH is a hash from `history` or a unique prefix of one (h1: may be left out). The rollback is itself recorded in the lineage as a new entry, so it can be undone the same way; edits it replaces are kept as a version first. Shows what changes and asks for confirmation unless --yes.';
  static override examples = [
    '<%= config.bin %> history review',
    '<%= config.bin %> rollback review --to h1:Vx3k9aB2',
    '<%= config.bin %> rollback review --to Vx3k9aB2 --project ../my-app --yes',
  ];
  static override args = {
    artifact: artifactArg(),
  };
  static override flags = {
    to: Flags.string({ required: true, description: 'The version to go back to (a lineage hash or prefix).' }),
    project: sharedFlags.tier(),
    yes: sharedFlags.yes(),
  };

  async run() {
    const { args, flags } = await this.parseInput(Rollback);
    const service = await this.service();
    const input = { ...this.tier(args.artifact, flags.project), to: flags.to };
    const plan = await service.rollback({ ...input, apply: false });
    if (!flags.yes) for (const line of renderSync(plan, this.style, this.config.bin).slice(0, -2)) this.note(line);
    const where = flags.project
      ? `${flags.project}'s deployment of ${plan.artifact_id}`
      : `the collection's ${plan.artifact_id}`;
    await this.confirm(`roll ${where} back to ${short(plan.plan.result_hash)}?`, flags.yes);
    const result = await service.rollback(input);
    for (const line of renderSync(result, this.style, this.config.bin)) this.out(line);
    return result;
  }
}
