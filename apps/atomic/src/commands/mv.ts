import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository, repositoryPaths } from '../shared.js';

export default class Mv extends LineageCommand {
  static override summary = 'Move or rename a tracked file or directory; the next record records the move.';
  static override examples = ['<%= config.bin %> mv notes.txt docs/notes.txt'];
  static override args = {
    from: Args.string({ required: true, description: 'Tracked path.' }),
    to: Args.string({ required: true, description: 'New path (must be free).' }),
  };

  async run() {
    const { args } = await this.parseInput(Mv);
    return inRepository('atomic mv', (repo, lib) => {
      const [from, to] = repositoryPaths(lib, repo, [args.from, args.to]) as [string, string];
      const moved = lib.movePath(repo, from, to);
      this.out(`mv ${moved.from} -> ${moved.to}`);
      return moved;
    });
  }
}
