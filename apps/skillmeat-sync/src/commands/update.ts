import { Args, Flags } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import { CollectionCommand, sharedFlags } from '../collection-command.js';
import { renderBulk, renderSync } from '../render.js';

export default class Update extends CollectionCommand {
  static override summary =
    'Bring the collection’s version into a project, merged with its local edits (a dry run unless --apply).';
  static override description =
    'A three-way merge of the collection’s current version into the deployment, against the version both last shared: the project’s own edits are kept. --all updates every deployment of the project and ends with a summary: auto-merged, fast-forwarded, conflicts, errors, unchanged. Conflicts exit 4.';
  static override examples = [
    '<%= config.bin %> update review',
    '<%= config.bin %> update review --project ../my-app --apply',
    '<%= config.bin %> update --all --apply',
    '<%= config.bin %> update --all --strategy auto --apply --json',
  ];
  static override args = {
    artifact: Args.string({ description: 'kind:name, or a name only one kind has (or --all).' }),
  };
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Every artifact deployed in the project.' }),
    project: sharedFlags.project(),
    strategy: sharedFlags.strategy(),
    apply: sharedFlags.apply(),
    'dry-run': sharedFlags.dryRun(),
  };

  async run() {
    const { args, flags } = await this.parseInput(Update);
    if (Boolean(args.artifact) === Boolean(flags.all))
      throw new UsageError('ARTIFACT_OR_ALL', 'name one artifact, or pass --all', {
        hint: 'run `skillmeat-sync update --help` for the forms',
      });
    const service = await this.service();
    const input = { project: this.project(flags.project), ...(await this.mergeOptions(flags)) };
    if (flags.all) {
      const result = await this.withProgress((onProgress) => service.updateAll({ ...input, onProgress }));
      for (const line of renderBulk(result, this.style)) this.out(line);
      if (result.summary.errors > 0) process.exitCode = 1;
      else this.conflictsLeft(result.summary.conflicts > 0);
      return result;
    }
    const result = await this.withProgress((onProgress) =>
      service.update({ ...input, artifact: args.artifact as string, onProgress }),
    );
    for (const line of renderSync(result, this.style, this.config.bin)) this.out(line);
    this.conflictsLeft(result.status === 'conflicts-pending' || result.status === 'conflicts-stopped');
    return result;
  }
}
