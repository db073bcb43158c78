import { Flags, LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../shared.js';

export default class Gc extends LineageCommand {
  static override summary = 'Remove the stored changes no channel holds and no tag covers, and say what it reclaimed.';
  static override description =
    `Deleting a channel gives back the space of its log and caches at once, but keeps its changes (as git keeps unreachable objects): a change recorded only on a deleted channel, or unrecorded everywhere, stays in the store until gc removes it. Pulling such a change again later brings it back.

A repository that gc removed changes from is cloned by deriving its graph again (slower than a plain clone).`;
  static override examples = [
    '<%= config.bin %> gc --dry-run',
    '<%= config.bin %> channel delete ai-agent-1 && <%= config.bin %> gc',
  ];
  static override flags = {
    'dry-run': Flags.boolean({ description: 'List what would be removed; remove nothing.' }),
  };

  async run() {
    const { flags } = await this.parseInput(Gc);
    const dryRun = flags['dry-run'];
    return inRepository(dryRun ? undefined : 'atomic gc', (repo, lib) => {
      const result = lib.collectGarbage(repo, { dryRun });
      const size = `${(result.bytes / 1e6).toFixed(2)} MB stored`;
      if (result.changes.length === 0)
        this.note('nothing to remove: every stored change is held by a channel or a tag');
      else if (dryRun) this.out(`would remove ${result.changes.length} change(s) (${size})`);
      else {
        this.out(
          `removed ${result.changes.length} change(s) (${size}); pristine.db gave back ${(result.reclaimed / 1e6).toFixed(2)} MB`,
        );
      }
      for (const hash of result.changes) this.note(`  ${hash.slice(0, 10)}`);
      return result;
    });
  }
}
