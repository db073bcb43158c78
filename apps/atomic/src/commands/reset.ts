import { LineageCommand } from '@lineage/cli-kit';
import { inRepository, repositoryPaths } from '../shared.js';

export default class Reset extends LineageCommand {
  static override summary = 'Restore files from the current channel, discarding unrecorded changes.';
  static override description =
    'Without paths, restores the whole working copy (untracked files are left alone) and drops pending add/rm/mv requests. It also finishes a working-copy rewrite that an interrupted command left half-done.';
  static override examples = [
    '<%= config.bin %> reset',
    '<%= config.bin %> reset notes.txt',
    '<%= config.bin %> reset --json',
  ];
  static override strict = false;

  async run() {
    const { argv } = await this.parseInput(Reset);
    return inRepository('atomic reset', (repo, lib) => {
      const paths = argv.length > 0 ? repositoryPaths(lib, repo, argv as string[]) : undefined;
      const result = lib.resetWorkingCopy(repo, paths);
      if (result.repaired) this.note('finished rewriting the working copy left half-written by an interrupted command');
      for (const path of result.restored) this.out(`restored ${path}`);
      return result;
    });
  }
}
