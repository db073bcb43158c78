import { Flags, LineageCommand } from '@lineage/cli-kit';
import { writeFileAtomic } from '@lineage/safe-fs';
import {
  confidenceFlag,
  ExitCode,
  loadManifest,
  operationLine,
  plural,
  registryFlag,
  sitesText,
  symbolDiff,
} from '../shared.js';

export default class Apply extends LineageCommand {
  static override summary =
    'Migrate a dependent package with a change manifest: its codemods, with a rollback checkpoint.';
  static override description =
    `Applies the operations at or above --min-confidence (default: the manifest's 0.7): 0.9 and up silently, 0.7–0.9 with a warning naming each place changed. Operations below are review only: listed with the places they would change, never applied.

Run it before upgrading the core: the dependent is type-checked against the core version it has installed (the manifest's "from"), which is how a method call is told from another of the same name. Then upgrade the core.

Before the first write, a checkpoint of every file about to change goes to --checkpoint (default <target>/.lineage/checkpoints/<from>_<to>); \`rollback\` restores it byte for byte. A second run changes nothing.

--dry-run writes nothing and prints the unified diff (\`git apply\` reads it) on stdout, or into --diff-output. Exit 5 with --strict when something is left for a person: a review-only operation that would change the target, or a use left alone as ambiguous.`;
  static override examples = [
    '<%= config.bin %> apply --manifest artifacts/core_diff/v0.9.0_v1.0.0 --target ./my-app --dry-run',
    '<%= config.bin %> apply --manifest registry://core_migrations/v0.9.0_v1.0.0 --registry ./registry --target ./my-app --dry-run --diff-output migration_preview.patch',
    '<%= config.bin %> apply --manifest registry://core_migrations/v0.9.0_v1.0.0 --registry ./registry --target ./my-app',
    '<%= config.bin %> apply --manifest out/change_manifest.yaml --target ./my-app --min-confidence 0.9 --strict --json',
  ];
  static override flags = {
    manifest: Flags.string({
      required: true,
      helpValue: 'PATH|URI',
      description: 'change_manifest.yaml, its directory, or registry://core_migrations/<from>_<to>.',
    }),
    target: Flags.string({ required: true, helpValue: 'DIR', description: "The dependent package's directory." }),
    registry: registryFlag,
    'dry-run': Flags.boolean({ description: 'Write nothing; print the diff.' }),
    'diff-output': Flags.string({ helpValue: 'FILE', description: 'Write the diff into FILE instead of stdout.' }),
    'min-confidence': confidenceFlag({ description: 'Apply operations at or above this confidence (default 0.7).' }),
    checkpoint: Flags.string({ helpValue: 'DIR', description: 'Where the rollback checkpoint goes.' }),
    strict: Flags.boolean({ description: 'Exit 5 when something is left for a person to review.' }),
  };

  async run() {
    const { flags } = await this.parseInput(Apply);
    const lib = await symbolDiff();
    const manifest = loadManifest(lib, flags.manifest, flags.registry);
    const result = await lib.apply({
      manifest,
      target: flags.target,
      dryRun: flags['dry-run'],
      ...(flags['min-confidence'] !== undefined ? { minConfidence: flags['min-confidence'] } : {}),
      ...(flags.checkpoint ? { checkpointDir: flags.checkpoint } : {}),
    });
    const edits = result.changes.reduce((sum, file) => sum + file.edits.length, 0);
    const heading = `${flags.target}: ${manifest.core.packages.map((p) => p.name).join(', ')} ${manifest.from} → ${manifest.to}`;
    // A dry run's output is its diff; the account of it goes to stderr.
    const say = (text: string) => (flags['dry-run'] && !flags['diff-output'] ? this.note(text) : this.out(text));
    if (result.alreadyApplied) say(`${heading}: already applied (checkpoint ${result.checkpoint}), nothing to do`);
    else if (!result.changed) say(`${heading}: nothing to change`);
    else
      say(
        `${heading}: ${flags['dry-run'] ? 'would change' : 'changed'} ${plural(result.changes.length, 'file')} (${plural(edits, 'edit')})${flags['dry-run'] ? ' — dry run, nothing written' : ''}`,
      );
    const byId = new Map(manifest.operations.map((op) => [op.id, op]));
    const edited = new Map(result.applied.map((a) => [a.id, a.edits]));
    for (const op of manifest.operations) {
      const count = edited.get(op.id);
      if (count) say(`  ${operationLine(lib, op)}  ${plural(count, 'edit')}`);
    }
    const placesOf = (id: string) =>
      result.changes.flatMap((file) =>
        file.edits.filter((e) => e.operation === id).map((e) => ({ file: file.path, line: e.line })),
      );
    for (const warning of result.warnings) {
      const op = byId.get(warning.id);
      this.note(
        `warning: ${warning.id} ${op ? lib.describeOperation(op) : warning.kind} has confidence ${warning.confidence.toFixed(2)}: check ${sitesText(placesOf(warning.id))}`,
      );
    }
    for (const review of result.reviewSites) {
      const op = byId.get(review.id);
      this.note(
        `review: ${review.id} ${op ? lib.describeOperation(op) : ''} (confidence ${op?.confidence.toFixed(2)}, below ${flags['min-confidence'] ?? manifest.thresholds.apply_with_warning}) not applied; it would change ${sitesText(review.sites)}`,
      );
    }
    for (const skipped of result.skipped)
      this.note(`review: ${skipped.file}:${skipped.line} left alone: ${skipped.reason}`);
    for (const core of result.coreMismatches) {
      const expected = core.expected ? ` ${core.expected}` : '';
      this.note(
        `warning: ${core.installed === null ? `${core.name} is not installed in ${flags.target}` : `${flags.target} has ${core.name} ${core.installed} installed`}, not the manifest's from version${expected}: members, option keys and named arguments reached through its types may have been missed; install ${core.name}${expected} and apply again`,
      );
    }

    if (flags['diff-output']) writeFileAtomic(flags['diff-output'], result.diff);
    else if (flags['dry-run'] && !this.jsonEnabled()) process.stdout.write(result.diff);
    if (result.checkpoint && !result.alreadyApplied && !flags['dry-run']) {
      this.out(`checkpoint: ${result.checkpoint}`);
      this.note(
        `undo with: ${this.config.bin} rollback --package ${flags.target} --to-version ${manifest.from} --checkpoint ${result.checkpoint}`,
      );
    }
    const leftForReview = result.reviewSites.length + result.skipped.length + result.coreMismatches.length;
    if (flags.strict && leftForReview > 0) {
      process.exitCode = ExitCode.reviewLeft;
      this.note(`${plural(leftForReview, 'item')} left for review (--strict: exit 5)`);
    }
    return {
      // `source` as given (a path or a registry:// URI); `uri` is where the manifest lives in a registry once published.
      manifest: { from: manifest.from, to: manifest.to, source: flags.manifest, uri: lib.manifestUri(manifest) },
      ...result,
      ...(flags['diff-output'] ? { diffOutput: flags['diff-output'] } : {}),
    };
  }
}
