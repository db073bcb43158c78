import { Flags, LineageCommand } from '@lineage/cli-kit';
import { requiredRegistryFlag, symbolDiff } from '../shared.js';

export default class Publish extends LineageCommand {
  static override summary = 'Publish a generated manifest directory into a registry, and announce it.';
  static override description =
    `Copies the directory generate wrote into <registry>/core_migrations/<from>_<to>/ (replacing an earlier publication of the same pair in one directory swap: readers see the old or the new one, never a mix), addressed from then on as registry://core_migrations/<from>_<to>.

Prints the core.migration.ready event on stdout as one JSON line — event, uri, from, to, core, manifest_sha256, operations — for a pipeline to forward to the dependents' CI.`;
  static override examples = [
    '<%= config.bin %> publish --manifest-dir artifacts/core_diff/v0.9.0_v1.0.0 --registry ./registry',
    '<%= config.bin %> publish --manifest-dir out --registry /srv/registry | tee migration-event.json',
  ];
  static override flags = {
    'manifest-dir': Flags.string({ required: true, helpValue: 'DIR', description: 'The --out directory of generate.' }),
    registry: requiredRegistryFlag,
  };

  async run() {
    const { flags } = await this.parseInput(Publish);
    const lib = await symbolDiff();
    const result = await lib.publishManifest(flags['manifest-dir'], flags.registry);
    this.out(JSON.stringify(result.event));
    this.note(`published ${result.uri} in ${result.dir}`);
    return result;
  }
}
