import { Args, Flags, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository, short } from '../../shared.js';

export default class TagCreate extends LineageCommand {
  static override summary =
    "Name the channel's current set of changes; --consolidate makes it the dependency of later changes.";
  static override description =
    `A tag never changes or deletes a change: it is a content-addressed reference to an exact set of changes (the channel's, now). A consolidating tag also becomes a dependency shortcut: a change recorded later that depends on changes the tag covers depends on the tag instead — one dependency instead of many — and its AI attribution summary is computed and stored (see \`atomic attribution\`).

Without NAME, a name is generated (<channel>-<number of changes>) and printed. Names are unique: an existing name is refused.

--since TAG consolidates from TAG instead of the channel's previous consolidating tag: the new tag still covers every change of the channel (hotfixes applied since TAG included), and reports how many changes it folds since TAG.`;
  static override examples = [
    '<%= config.bin %> tag create --consolidate v1.0 -m "Sprint 1 complete"',
    '<%= config.bin %> tag create v1.0.1 -m "Critical security fix"',
    '<%= config.bin %> tag create --consolidate v1.10.0 --since v1.0 -m "Major release with all development and hotfixes"',
    '<%= config.bin %> tag create --consolidate --json',
  ];
  static override args = { name: Args.string({ description: 'Tag name (default: generated).' }) };
  static override flags = {
    consolidate: Flags.boolean({ description: 'Make it a consolidating tag (a dependency baseline).' }),
    since: Flags.string({
      description: 'Consolidate from this tag (default: the previous consolidating tag).',
      helpValue: 'TAG',
    }),
    message: Flags.string({ char: 'm', description: 'Tag message.' }),
    channel: channelFlag('Tag this channel (default: the current one).'),
    author: Flags.string({ description: 'Author (default: as for record).' }),
    'attribution-summary': Flags.boolean({
      description: "Compute the attribution summary (always done for every tag; accepted for the seed's scripts).",
    }),
  };

  async run() {
    const { args, flags } = await this.parseInput(TagCreate);
    return inRepository('atomic tag create', (repo, lib) => {
      const tag = lib.createTag(repo, {
        name: args.name,
        consolidate: flags.consolidate,
        since: flags.since,
        message: flags.message,
        channel: flags.channel,
        author: flags.author,
      });
      const kind = tag.consolidating ? 'consolidating tag' : 'tag';
      const from = tag.sinceTag ? `since ${tag.sinceTag}` : 'from the start';
      this.out(
        `created ${kind} ${tag.name} (${short(tag.hash)}): ${tag.consolidatedChangeCount} change(s) of ${tag.channel}, ${tag.folded} folded ${from}`,
      );
      return tag;
    });
  }
}
