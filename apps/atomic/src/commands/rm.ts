import { LineageCommand } from '@lineage/cli-kit';
import { inRepository, repositoryPaths, requireArguments } from '../shared.js';

export default class Rm extends LineageCommand {
  static override summary = 'Stop tracking files: the next record removes them.';
  static override description =
    'The files stay on disk, untracked. Deleting a tracked file from disk is recorded as a removal too. A path inside a pending `add` is left out of it; the repository root cannot be removed.';
  static override examples = ['<%= config.bin %> rm notes.txt', '<%= config.bin %> rm build/ --json'];
  static override strict = false;

  async run() {
    const { argv } = await this.parseInput(Rm);
    return inRepository('atomic rm', (repo, lib) => {
      const removed = lib.removePaths(repo, repositoryPaths(lib, repo, requireArguments(argv, 'path')));
      for (const path of removed) this.out(`rm ${path}`);
      return { removed };
    });
  }
}
