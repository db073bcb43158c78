import { LineageCommand } from '@lineage/cli-kit';
import { inRepository, repositoryPaths, requireArguments } from '../shared.js';

export default class Add extends LineageCommand {
  static override summary = 'Track files: the next record adds them.';
  static override description =
    'Directories are added recursively; inside them, paths matching `.atomicignore` (gitignore syntax) are left out. A path named explicitly is added even if ignored.';
  static override examples = ['<%= config.bin %> add README.md src', '<%= config.bin %> add . --json'];
  static override strict = false;

  async run() {
    const { argv } = await this.parseInput(Add);
    return inRepository('atomic add', (repo, lib) => {
      const added = lib.addPaths(repo, repositoryPaths(lib, repo, requireArguments(argv, 'path')));
      for (const path of added) this.out(`add ${path}`);
      return { added };
    });
  }
}
