import { Flags, LineageCommand } from '@lineage/cli-kit';
import { NotFoundError } from '@lineage/errors';
import { operationLine, plural, requiredRegistryFlag, sitesText, symbolDiff } from '../shared.js';

export default class Compat extends LineageCommand {
  static override summary =
    'Which core APIs a dependent uses, and what each published migration in a version range changes in it.';
  static override description =
    `Reads the registry's manifests whose two versions fall in --core-versions (npm's range syntax; commas allowed, tags read as versions) and lists, for the dependent: each core API it uses — an imported public name or a member reached through a core type — with file:line of each use; then, per version pair, the operations that would change it, with file:line of each affected use, review-only operations included. Writes nothing.

Like apply, it reads the dependent against the core version it has installed.`;
  static override examples = [
    '<%= config.bin %> compat --package ./my-app --core-versions ">=0.9.0,<2.0.0" --registry ./registry',
    'ONX_MANIFEST_REGISTRY=./registry <%= config.bin %> compat --package ./my-app --core-versions "^1" --json',
  ];
  static override flags = {
    package: Flags.string({ required: true, helpValue: 'DIR', description: "The dependent package's directory." }),
    'core-versions': Flags.string({
      required: true,
      helpValue: 'RANGE',
      description: 'Core versions to consider, e.g. ">=0.9.0,<2.0.0".',
    }),
    registry: requiredRegistryFlag,
  };

  async run() {
    const { flags } = await this.parseInput(Compat);
    const lib = await symbolDiff();
    const entries = lib.manifestsInRange(flags.registry, flags['core-versions']);
    if (entries.length === 0) {
      const published = lib.listRegistry(flags.registry).map((e) => `${e.manifest.from} → ${e.manifest.to}`);
      throw new NotFoundError(
        'NO_MANIFESTS_IN_RANGE',
        `no manifest in ${flags.registry} migrates between versions in ${flags['core-versions']}`,
        {
          hint:
            published.length > 0
              ? `published: ${published.join(', ')}`
              : 'the registry is empty: publish a manifest first',
        },
      );
    }
    const manifests = entries.map((e) => e.manifest);
    const result = await lib.compat({ packageDir: flags.package, manifests });
    this.out(`${result.package} uses ${plural(result.uses.length, 'core API')}:`);
    for (const use of result.uses) this.out(`  ${use.api}  ${sitesText(use.sites)}`);
    result.pairs.forEach((pair, i) => {
      const manifest = manifests[i];
      this.out(
        pair.operations.length === 0
          ? `${pair.from} → ${pair.to} (${pair.uri}): nothing affects ${result.package}`
          : `${pair.from} → ${pair.to} (${pair.uri}): ${plural(pair.operations.length, 'operation')} affect ${result.package}`,
      );
      for (const op of pair.operations) {
        const full = manifest?.operations.find((o) => o.id === op.id);
        this.out(`  ${full ? operationLine(lib, full) : `${op.id} ${op.description}`}`);
        this.out(`      ${sitesText(op.sites, Number.POSITIVE_INFINITY)}`);
      }
    });
    return result;
  }
}
