import { Args, LineageCommand } from '@lineage/cli-kit';

export default class Init extends LineageCommand {
  static override summary = 'Create a repository (channel main, nothing recorded).';
  static override description =
    'Creates `.atomic/` in PATH (default: the current directory): the pristine, the change store and the configuration. Refuses a directory that is already a repository.';
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init my-project --json'];
  static override args = { path: Args.string({ description: 'Directory to make a repository.', default: '.' }) };

  async run() {
    const { args } = await this.parseInput(Init);
    const { AtomicRepository } = await import('@lineage/working-copy');
    const repo = await AtomicRepository.init(args.path);
    await repo.close();
    this.out(`initialized an atomic repository in ${repo.root} (channel main)`);
    return { root: repo.root, channel: 'main' };
  }
}
