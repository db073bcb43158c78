import { LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../shared.js';

export default class Status extends LineageCommand {
  static override summary = 'Show unrecorded changes: modified, added, removed, moved, untracked, conflicted.';
  static override description =
    'One line per path: M modified, A added, D removed, R moved, C in conflict, ? untracked. Untracked files matching `.atomicignore` are not shown.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json'];

  async run() {
    await this.parseInput(Status);
    return inRepository(undefined, (repo, lib) => {
      const status = lib.status(repo);
      this.out(`on channel ${status.channel}`);
      for (const path of status.modified) this.out(`M ${path}`);
      for (const path of status.added) this.out(`A ${path}`);
      for (const path of status.removed) this.out(`D ${path}`);
      for (const move of status.moved) this.out(`R ${move.from} -> ${move.to}`);
      for (const path of status.conflicted) this.out(`C ${path}`);
      for (const path of status.untracked) this.out(`? ${path}`);
      return status;
    });
  }
}
