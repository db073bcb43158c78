import { Flags, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository, short } from '../../shared.js';

export default class TagList extends LineageCommand {
  static override summary = 'List tags, oldest first.';
  static override description =
    "--latest prints only the newest tag the channel holds (with --consolidating: the channel's latest consolidating tag, what new changes depend on), by name — for scripts.";
  static override examples = [
    '<%= config.bin %> tag list',
    '<%= config.bin %> tag list --consolidating',
    'BASELINE=$(<%= config.bin %> tag list --consolidating --latest) && <%= config.bin %> fork --state $BASELINE ai-agent-docs',
    '<%= config.bin %> tag list --json',
  ];
  static override flags = {
    consolidating: Flags.boolean({ description: 'Only consolidating tags.' }),
    latest: Flags.boolean({ description: 'Only the newest tag the channel holds; its name alone.' }),
    channel: channelFlag('With --latest: the channel (default: the current one).'),
  };

  async run() {
    const { flags } = await this.parseInput(TagList);
    return inRepository(undefined, (repo, lib) => {
      const tags = lib.listTags(repo, {
        consolidating: flags.consolidating,
        latest: flags.latest,
        channel: flags.channel,
      });
      if (flags.latest) {
        this.out(tags[0]?.name ?? '');
        return tags[0];
      }
      if (tags.length === 0) this.note('no tags yet; create one with `atomic tag create [--consolidate] NAME`');
      for (const tag of tags) {
        const kind = tag.consolidating ? 'consolidating' : 'tag';
        this.out(
          `${tag.name}\t${short(tag.hash)}\t${kind}\t${tag.consolidatedChangeCount} changes\t${tag.channel}\t${tag.timestamp}${tag.message ? `\t${tag.message}` : ''}`,
        );
      }
      return tags;
    });
  }
}
