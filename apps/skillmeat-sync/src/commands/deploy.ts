import { artifactArg, CollectionCommand, sharedFlags } from '../collection-command.js';
import { renderSync } from '../render.js';

export default class Deploy extends CollectionCommand {
  static override summary = 'Deploy an artifact from the collection into a project’s .claude/ directory.';
  static override description =
    'Writes .claude/skills/<name>/ (or commands/<name>.md, agents/<name>.md, ...) and records the deployment in .claude/.skillmeat-deployed.toml. Different content already at that place is refused unless --strategy overwrite; it is kept as a version first, so it can be restored.';
  static override examples = [
    '<%= config.bin %> deploy review',
    '<%= config.bin %> deploy review --project ../my-app',
    '<%= config.bin %> deploy review --strategy overwrite --json',
  ];
  static override args = {
    artifact: artifactArg(),
  };
  static override flags = { project: sharedFlags.project(), strategy: sharedFlags.strategy() };

  async run() {
    const { args, flags } = await this.parseInput(Deploy);
    const service = await this.service();
    const result = await service.deploy({
      artifact: args.artifact,
      project: this.project(flags.project),
      strategy: flags.strategy === 'overwrite' ? 'overwrite' : 'auto',
    });
    for (const line of renderSync(result, this.style, this.config.bin)) this.out(line);
    return result;
  }
}
