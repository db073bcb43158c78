import { Args, Flags, LineageCommand } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import { forceFlag, inRepository } from '../shared.js';

export default class PropagateHotfix extends LineageCommand {
  static override summary = 'Carry a hotfix tag to every later consolidating tag and to current development.';
  static override description =
    `NEW is a tag made by \`apply --to-tag T --create-tag NEW\`. Every consolidating tag that descends from T (holds all of T's changes) and lacks the hotfix gets a patched tag — v2.0 → v2.0.1, or the next free patch number — and the hotfix is applied to the channels those tags were made on (current development). All or nothing: one transaction.

--verify-compatibility first checks every target on a scratch copy; if the hotfix would conflict anywhere, nothing is created or applied, and the conflicts are listed per target (exit 4). Without it, conflicts are states, as for apply. --dry-run prints the plan.`;
  static override examples = [
    '<%= config.bin %> propagate-hotfix v1.0.1 --to-descendants',
    '<%= config.bin %> propagate-hotfix v1.0.1 --to-descendants --verify-compatibility --dry-run',
    '<%= config.bin %> propagate-hotfix v1.0.1 --to-descendants --json',
  ];
  static override args = { tag: Args.string({ required: true, description: 'The tag made by apply --to-tag.' }) };
  static override flags = {
    'to-descendants': Flags.boolean({
      description: 'Patch every consolidating tag descending from the patched one (required).',
    }),
    'verify-compatibility': Flags.boolean({
      description: 'Refuse, doing nothing, if the hotfix would conflict anywhere.',
    }),
    'dry-run': Flags.boolean({ description: 'Print the plan; change nothing.' }),
    force: forceFlag,
  };

  async run() {
    const { args, flags } = await this.parseInput(PropagateHotfix);
    if (!flags['to-descendants']) {
      throw new UsageError('TO_DESCENDANTS_MISSING', 'say where to propagate: --to-descendants', {
        hint: `atomic propagate-hotfix ${args.tag} --to-descendants`,
      });
    }
    // Even a dry run takes the lock: --verify-compatibility tries the hotfix on scratch channels.
    return inRepository('atomic propagate-hotfix', (repo, lib) => {
      const result = lib.propagateHotfix(repo, {
        tag: args.tag,
        verify: flags['verify-compatibility'],
        dryRun: flags['dry-run'],
        force: flags.force,
      });
      const will = result.applied ? '' : 'would ';
      this.out(`hotfix ${result.hotfix} (${result.changes.length} change(s) on ${result.base}):`);
      if (result.targets.length === 0 && result.channels.length === 0)
        this.out('  nothing to do: every descendant has it');
      for (const target of result.targets) this.out(`  ${will}create ${target.patched} from ${target.tag}`);
      for (const { channel, conflicts } of result.channels) {
        const paths = [...new Set(conflicts.map((conflict) => conflict.path))].join(', ');
        this.out(`  ${will}apply to channel ${channel}${paths ? ` (conflicts in ${paths})` : ''}`);
        if (result.applied && paths && !flags.quiet) {
          process.stderr.write(`conflicts in ${paths} (channel ${channel}); see \`atomic conflicts\`\n`);
        }
      }
      return result;
    });
  }
}
