import { Flags, LineageCommand } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import { channelFlag, forceFlag, inRepository, reportConflicts, requireArguments, short } from '../shared.js';

export default class Apply extends LineageCommand {
  static override summary =
    'Apply changes, and every missing dependency, to a channel — or to a tag, making a patched tag.';
  static override description =
    `Changes come from this repository's change store (any channel recorded or received them); hashes may be unique prefixes of 4+ characters. Dependencies are applied first, transitively; a dependency on a tag brings the tag's changes. When the channel is the current one the working copy is rewritten, refusing to overwrite unrecorded changes unless --force. Conflicts are a state, not a failure: exit 0, reported on stderr.

--to-tag T makes a new tag (--create-tag NEW, default: T's next patch number, v1.0 → v1.0.1) holding T's changes plus the given ones and what they need beyond T: a hotfix of a release. It touches no channel. --verify-compatibility refuses (exit 4), creating nothing, if the changes would conflict with T's; \`atomic propagate-hotfix NEW --to-descendants\` then carries the hotfix to the later releases and current development.`;
  static override examples = [
    '<%= config.bin %> apply 7QKX2M3R',
    '<%= config.bin %> apply --channel main $(<%= config.bin %> log --channel ai-agent-refactor --hash-only --limit 3)',
    '<%= config.bin %> apply --to-tag v1.0 --create-tag v1.0.1 $(<%= config.bin %> log --channel security-hotfix --hash-only --limit 1)',
    '<%= config.bin %> apply --to-tag v1.0 --verify-compatibility --dry-run 7QKX2M3R',
  ];
  static override strict = false;
  static override flags = {
    channel: channelFlag('Channel to apply to (default: the current one).'),
    force: forceFlag,
    'to-tag': Flags.string({
      description: 'Apply to this tag instead: make a patched tag.',
      helpValue: 'TAG',
      exclusive: ['channel'],
    }),
    'create-tag': Flags.string({
      description: "With --to-tag: the new tag's name (default: the next patch number).",
      helpValue: 'NEW',
    }),
    'verify-compatibility': Flags.boolean({
      description: "With --to-tag: refuse, creating nothing, if the changes conflict with the tag's.",
    }),
    'dry-run': Flags.boolean({ description: 'With --to-tag: only say what would be made.' }),
    message: Flags.string({ char: 'm', description: "With --to-tag: the new tag's message." }),
  };

  async run() {
    const { flags, argv } = await this.parseInput(Apply);
    const hashes = requireArguments(argv, 'change hash');
    const toTag = flags['to-tag'];
    if (!toTag && (flags['create-tag'] || flags['verify-compatibility'] || flags['dry-run'])) {
      throw new UsageError('TO_TAG_MISSING', '--create-tag, --verify-compatibility and --dry-run go with --to-tag', {
        hint: 'e.g. atomic apply --to-tag v1.0 --create-tag v1.0.1 HASH',
      });
    }
    if (toTag) {
      return inRepository('atomic apply', (repo, lib) => {
        const made = lib.applyToTag(repo, {
          tag: toTag,
          hashes,
          name: flags['create-tag'],
          verify: flags['verify-compatibility'],
          dryRun: flags['dry-run'],
          message: flags.message,
        });
        this.out(
          `${made.tag ? 'created' : 'would create'} tag ${made.name}: ${made.base.name} + ${made.changes.length} change(s); no channel touched`,
        );
        for (const hash of made.changes)
          this.out(`  ${short(hash)} ${repo.pristine.changes.read(hash).header.message}`);
        return made;
      });
    }
    return inRepository('atomic apply', (repo, lib) => {
      const update = lib.applyChanges(repo, hashes, { channel: flags.channel, force: flags.force });
      this.out(`applied ${update.changes.length} change(s) to ${update.channel}`);
      for (const hash of update.changes) this.out(`  ${short(hash)} ${repo.pristine.changeInfo(hash).message}`);
      reportConflicts(update, flags.quiet);
      return update;
    });
  }
}
