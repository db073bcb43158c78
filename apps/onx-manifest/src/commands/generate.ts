import { relative } from 'node:path';
import { Flags, LineageCommand } from '@lineage/cli-kit';
import { stepProgress } from '../progress.js';
import { confidenceFlag, ExitCode, operationLine, plural, symbolDiff } from '../shared.js';

export default class Generate extends LineageCommand {
  static override summary = 'Diff a core library between two git refs and write its change manifest.';
  static override description =
    `Runs the eight steps: checkout both refs (git objects only: the working tree is never touched), build the .tree snapshots, stamp metadata, build the symbol graphs, infer operations, score and synthesize the manifest, verify the codemods on dependents, emit.

Writes into --out: change_manifest.yaml, manifest_report.json, from.tree and to.tree, stamps_from.yaml and stamps_to.yaml, graph_from.json and graph_to.json, and with --dependents a preview patch per dependent under patches/. Nothing is written unless every step succeeds.

With --dependents, each dependent is copied to a temporary directory with the core's --from version installed, the manifest applied, the --to version installed, and the copy type-checked (then --verify-command run in it): results in manifest_report.json. The dependents themselves are never written. A failed verification exits 1.

Progress goes to stderr when it is a terminal; --progress shows it anywhere (in a CI log, beside --json), --no-progress never. Exit 4 with --fail-on-breaking when the release breaks dependents: an operation they must migrate, or an unresolved change (a removal, an incompatible signature).`;
  static override examples = [
    '<%= config.bin %> generate --core-path ./core --from v0.9.0 --to v1.0.0 --out artifacts/core_diff/v0.9.0_v1.0.0',
    '<%= config.bin %> generate --core-path ./core --from v0.9.0 --to v1.0.0 --out out --confidence-threshold 0.8 --parallel 2',
    '<%= config.bin %> generate --core-path ./core --from v0.9.0 --to v1.0.0 --out out --dependents ../app ../admin --verify-command "npm test"',
    '<%= config.bin %> generate --core-path ./core --from "$PREVIOUS_TAG" --to "$TAG" --out out --fail-on-breaking --json',
    '<%= config.bin %> generate --core-path monorepo.git --subdir packages/core --from v4.0.0 --to v5.0.0 --out out',
  ];
  static override flags = {
    'core-path': Flags.string({
      required: true,
      helpValue: 'PATH',
      description: "The core library's git repository (a clone or a bare one), or its package directory inside one.",
    }),
    subdir: Flags.string({
      helpValue: 'DIR',
      description:
        "The core's directory inside the repository (a monorepo's package): needed with a bare repository, where --core-path cannot name it.",
    }),
    from: Flags.string({ required: true, helpValue: 'REF', description: 'The old version: a tag, branch or commit.' }),
    to: Flags.string({ required: true, helpValue: 'REF', description: 'The new version: a tag, branch or commit.' }),
    out: Flags.string({
      required: true,
      helpValue: 'DIR',
      description: 'Where to write the manifest, report and snapshots.',
    }),
    'confidence-threshold': confidenceFlag({
      default: 0.7,
      description: 'Operations below this confidence are review only (≥ 0.9 is always auto-apply).',
    }),
    parallel: Flags.integer({ min: 1, default: 1, helpValue: 'N', description: 'Worker threads analysing files.' }),
    'cache-dir': Flags.string({
      helpValue: 'DIR',
      description: "Cache of each file's analysis by content hash: a later run re-analyses only changed files.",
    }),
    dependents: Flags.string({
      multiple: true,
      helpValue: 'DIR',
      description: 'Dependent packages to verify the manifest on (copies; never written).',
    }),
    'verify-command': Flags.string({
      dependsOn: ['dependents'],
      helpValue: 'CMD',
      description: 'Run in each migrated copy after its type-check, e.g. its tests; non-zero fails it.',
    }),
    'fail-on-breaking': Flags.boolean({ description: 'Exit 4 when the release breaks dependents.' }),
    progress: Flags.boolean({
      allowNo: true,
      description: 'Show the steps on stderr (default: when stderr is a terminal).',
    }),
  };

  async run() {
    const { flags } = await this.parseInput(Generate);
    const lib = await symbolDiff();
    // Asked for, progress shows whatever else is set (stderr: --json's stdout stays clean); by default only on a terminal.
    const showProgress = flags.progress ?? (Boolean(process.stderr.isTTY) && !flags.quiet && !this.jsonEnabled());
    const dependents = flags.dependents ?? [];
    const result = await lib.generate({
      corePath: flags['core-path'],
      ...(flags.subdir ? { subdir: flags.subdir } : {}),
      from: flags.from,
      to: flags.to,
      outDir: flags.out,
      confidenceThreshold: flags['confidence-threshold'],
      parallel: flags.parallel,
      ...(flags['cache-dir'] ? { cacheDir: flags['cache-dir'] } : {}),
      ...(dependents.length > 0
        ? {
            verify: lib.dependentVerifier({
              corePath: flags['core-path'],
              ...(flags.subdir ? { subdir: flags.subdir } : {}),
              dependents,
              ...(flags['verify-command'] ? { verifyCommand: flags['verify-command'] } : {}),
            }),
          }
        : {}),
      ...(showProgress ? { onProgress: stepProgress(process.stderr, Boolean(process.stderr.isTTY)) } : {}),
    });
    const { manifest, report } = result;
    const breaking = lib.breakingChanges(manifest, report.unresolved);
    const actions = report.statistics.operations.by_action;
    this.out(
      `${manifest.core.packages.map((p) => p.name).join(', ')} ${manifest.from} → ${manifest.to}: ${plural(manifest.operations.length, 'operation')} (${actions.auto} auto, ${actions.warn} with warning, ${actions.review} review only), ${plural(report.unresolved.length, 'unresolved change')}`,
    );
    for (const op of manifest.operations) this.out(`  ${operationLine(lib, op)}`);
    if (report.unresolved.length > 0) this.out('unresolved — never rewritten, for a person to review:');
    for (const change of report.unresolved) this.out(`  ${change.kind.padEnd(20)} ${change.fq}: ${change.detail}`);
    const failed = (report.verification ?? []).filter((v) => !v.typecheck.ok || v.command?.ok === false);
    for (const v of report.verification ?? []) {
      const checks = [`type-check ${v.typecheck.ok ? 'ok' : `failed (${plural(v.typecheck.errors.length, 'error')})`}`];
      if (v.command)
        checks.push(`\`${v.command.command}\` ${v.command.ok ? 'ok' : `failed (exit ${v.command.exitCode})`}`);
      this.out(`verified ${v.dependent}: ${plural(v.changed, 'file')} migrated, ${checks.join(', ')}`);
      for (const error of v.typecheck.errors) this.out(`  ${error}`);
    }
    this.out(`wrote ${flags.out}: ${result.written.map((path) => relative(flags.out, path)).join(', ')}`);

    if (failed.length > 0) {
      process.exitCode = 1;
      process.stderr.write(
        `error: ${failed.length} of ${plural(dependents.length, 'dependent')} failed verification: ${failed.map((v) => v.dependent).join(', ')} [VERIFICATION_FAILED]\nhint: see "verification" in ${relative(process.cwd(), `${flags.out}/${lib.REPORT_FILE}`)}; the migrated code is in ${flags.out}/patches/\n`,
      );
    } else if (flags['fail-on-breaking'] && (breaking.operations.length > 0 || breaking.unresolved.length > 0)) {
      process.exitCode = ExitCode.breaking;
      this.note(
        `breaking: ${plural(breaking.operations.length, 'operation')} to migrate and ${plural(breaking.unresolved.length, 'unresolved change')} (--fail-on-breaking: exit 4)`,
      );
    }
    return {
      from: { ref: manifest.from, commit: manifest.commits.from },
      to: { ref: manifest.to, commit: manifest.commits.to },
      core: manifest.core.packages.map((p) => p.name),
      summary: manifest.summary,
      operations: manifest.operations.map((op) => ({
        id: op.id,
        kind: op.kind,
        confidence: op.confidence,
        action: op.action,
        description: lib.describeOperation(op),
        breaking: breaking.operations.includes(op),
      })),
      unresolved: report.unresolved,
      breaking: breaking.operations.length > 0 || breaking.unresolved.length > 0,
      statistics: report.statistics,
      ...(report.verification ? { verification: report.verification } : {}),
      out: flags.out,
      written: result.written,
      timings: result.timings,
      analysis: result.analysis,
    };
  }
}
