import { Flags } from '@lineage/cli-kit';
import { artifactArg, CollectionCommand, sharedFlags } from '../collection-command.js';
import { renderSync } from '../render.js';

export default class Sync extends CollectionCommand {
  static override summary = 'Bring upstream or project changes into the collection (a dry run unless --apply).';
  static override description =
    `upstream: the upstream's ref merged into the collection, keeping the collection's own edits.
project: a project's local edits (and deletions) brought back into the collection.
both: upstream → collection, then the project and the collection merged so both end with the same content.

Every merge is three-way against the lineage's merge base. Without --apply it prints the plan — each file's change and outcome — and the diffs, and writes nothing. Conflicts exit 4: with --strategy prompt they are written with git's markers for \`resolve\`; with auto nothing is written.`;
  static override examples = [
    '<%= config.bin %> sync review',
    '<%= config.bin %> sync review --apply',
    '<%= config.bin %> sync review --direction project --project ../my-app --apply',
    '<%= config.bin %> sync review --direction both --strategy prompt --apply',
    '<%= config.bin %> sync review --ref v2.0.0 --apply   # move the pin',
  ];
  static override args = {
    artifact: artifactArg(),
  };
  static override flags = {
    direction: Flags.string({
      char: 'd',
      options: ['upstream', 'project', 'both'],
      default: 'upstream',
      description: 'Where the changes come from.',
    }),
    project: sharedFlags.project('Project directory for --direction project or both (default: the current directory).'),
    strategy: sharedFlags.strategy(),
    apply: sharedFlags.apply(),
    'dry-run': sharedFlags.dryRun(),
    ref: Flags.string({ description: 'Move the pin to this tag, commit or branch (upstream and both).' }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Sync);
    const service = await this.service();
    const direction = flags.direction as 'upstream' | 'project' | 'both';
    const result = await this.withProgress(async (onProgress) =>
      service.sync({
        artifact: args.artifact,
        direction,
        project: direction === 'upstream' ? undefined : this.project(flags.project),
        ...(await this.mergeOptions(flags)),
        ref: flags.ref,
        onProgress,
      }),
    );
    for (const line of renderSync(result, this.style, this.config.bin)) this.out(line);
    this.conflictsLeft(result.status === 'conflicts-pending' || result.status === 'conflicts-stopped');
    return result;
  }
}
