import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository, short } from '../../shared.js';

export default class TagShow extends LineageCommand {
  static override summary = 'Show a tag: its set of changes, what it extends, and its attribution summary.';
  static override examples = ['<%= config.bin %> tag show v1.0', '<%= config.bin %> tag show v1.0 --json'];
  static override args = { name: Args.string({ required: true, description: 'Tag name, or hash (prefix).' }) };

  async run() {
    const { args } = await this.parseInput(TagShow);
    return inRepository(undefined, (repo, lib) => {
      const tag = lib.showTag(repo, args.name);
      const name = (ref: { name: string | null; hash: string } | null) => (ref ? (ref.name ?? ref.hash) : '-');
      this.out(this.style.yellow(`tag ${tag.name} ${tag.hash}`));
      this.out(`Kind:        ${tag.consolidating ? 'consolidating' : 'plain'}`);
      this.out(`Channel:     ${tag.channel}`);
      this.out(`State:       ${tag.state}`);
      this.out(`Author:      ${tag.author}`);
      this.out(`Date:        ${tag.timestamp}`);
      this.out(
        `Changes:     ${tag.consolidatedChangeCount}${tag.base ? ` (${tag.added.length} beyond ${name(tag.base)}, the tag it extends)` : ''}`,
      );
      this.out(`Previous:    ${name(tag.previousConsolidation)}   Since: ${name(tag.since)}`);
      if (tag.hotfixOf) this.out(`Hotfix of:   ${name(tag.hotfixOf)}`);
      this.out(
        `Dependencies a change needing all of it would have: ${tag.dependencyCountBefore} without the tag, ${tag.dependencyCountAfter} with it`,
      );
      const s = tag.summary;
      this.out(
        `AI:          ${s.aiAssistedChanges} of ${s.totalChanges} changes AI-assisted, average confidence ${s.averageConfidence.toFixed(2)}`,
      );
      if (tag.message) this.out(`\n    ${tag.message}\n`);
      for (const change of tag.added) this.out(`  ${short(change.hash)} ${change.message}`);
      return tag;
    });
  }
}
