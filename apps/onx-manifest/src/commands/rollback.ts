import { statSync } from 'node:fs';
import { Flags, LineageCommand } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import { plural, symbolDiff } from '../shared.js';

export default class Rollback extends LineageCommand {
  static override summary = 'Put a migrated dependent back as it was, byte for byte, from its checkpoint.';
  static override description =
    `Restores every file apply changed from the checkpoint apply wrote before changing anything (apply prints its directory; by default <package>/.lineage/checkpoints/<from>_<to>). Every saved copy is checked against its recorded hash first.

--to-version must be the version the migration started from (a "v" prefix is optional): a guard against restoring the wrong checkpoint. Files edited since the migration are not overwritten unless --force: nothing is restored and the command exits 4. Rolling back twice changes nothing.`;
  static override examples = [
    '<%= config.bin %> rollback --package ./my-app --to-version 0.9.0 --checkpoint ./my-app/.lineage/checkpoints/v0.9.0_v1.0.0',
    '<%= config.bin %> rollback --package ./my-app --to-version v0.9.0 --checkpoint artifacts/rollback/checkpoint_pre_1.0.0 --json',
  ];
  static override flags = {
    package: Flags.string({ required: true, helpValue: 'DIR', description: "The dependent package's directory." }),
    'to-version': Flags.string({
      required: true,
      helpValue: 'V',
      description: 'The core version to return to: the one the migration started from.',
    }),
    checkpoint: Flags.string({ required: true, helpValue: 'DIR', description: 'The checkpoint apply wrote.' }),
    force: Flags.boolean({ description: 'Restore even files edited since the migration (their edits are lost).' }),
  };

  async run() {
    const { flags } = await this.parseInput(Rollback);
    const lib = await symbolDiff();
    if (!statSync(flags.package, { throwIfNoEntry: false })?.isDirectory()) throw lib.targetNotFound(flags.package);
    const checkpoint = lib.readCheckpoint(flags.checkpoint);
    const bare = (version: string) => version.replace(/^v(?=\d)/, '');
    if (bare(checkpoint.from) !== bare(flags['to-version']))
      throw new UsageError(
        'CHECKPOINT_VERSION_MISMATCH',
        `the checkpoint in ${flags.checkpoint} returns to ${checkpoint.from} (it was written migrating ${checkpoint.from} → ${checkpoint.to}), not to ${flags['to-version']}`,
        {
          hint: `pass --to-version ${checkpoint.from}, or the checkpoint of the migration from ${flags['to-version']}`,
        },
      );
    // In turn with any apply or rollback of the same package.
    const result = await lib.withTargetLock(flags.package, () =>
      lib.restoreCheckpoint(flags.checkpoint, { target: flags.package, force: flags.force }),
    );
    this.out(
      result.restored.length > 0
        ? `${flags.package}: restored ${plural(result.restored.length, 'file')} to ${checkpoint.from}: ${result.restored.join(', ')}`
        : `${flags.package}: already as at ${checkpoint.from}, nothing to restore`,
    );
    return { package: flags.package, checkpoint: flags.checkpoint, ...result };
  }
}
