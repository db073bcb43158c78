import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../../shared.js';

export default class TagDelete extends LineageCommand {
  static override summary = 'Delete a tag that nothing depends on.';
  static override description =
    'Refused (TAG_HAS_DEPENDENTS) while a change depends on the tag or another tag extends, patches or consolidates from it: those changes apply elsewhere through the tag. Deleting a tag never touches a change.';
  static override examples = ['<%= config.bin %> tag delete v1.0-rc1'];
  static override args = { name: Args.string({ required: true, description: 'Tag name, or hash (prefix).' }) };

  async run() {
    const { args } = await this.parseInput(TagDelete);
    return inRepository('atomic tag delete', (repo, lib) => {
      const tag = lib.deleteTag(repo, args.name);
      this.out(`deleted tag ${tag.name}`);
      return tag;
    });
  }
}
