import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository, repositoryPaths } from '../shared.js';

export default class Mv extends LineageCommand {
  static override summary = 'Move or rename a tracked file or directory; the next record records the move.';
  static override description =
    'The destination must be free, or a path being removed (`rm foo; mv other foo` records "delete foo, move other → foo"). A missing directory on the way is created and tracked by the same record. A path moved onto itself keeps the name shown when that name is in conflict.';
  static override examples = ['<%= config.bin %> mv notes.txt docs/notes.txt', '<%= config.bin %> mv alice alice'];
  static override args = {
    from: Args.string({ required: true, description: 'Tracked path.' }),
    to: Args.string({ required: true, description: 'New path (must be free).' }),
  };

  async run() {
    const { args } = await this.parseInput(Mv);
    return inRepository('atomic mv', (repo, lib) => {
      const [from, to] = repositoryPaths(lib, repo, [args.from, args.to]) as [string, string];
      const moved = lib.movePath(repo, from, to);
      if (moved.from === moved.to) this.note(`keeping ${moved.to}: the next record resolves its name conflict`);
      else this.out(`mv ${moved.from} -> ${moved.to}`);
      return moved;
    });
  }
}
