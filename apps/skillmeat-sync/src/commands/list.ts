import { CollectionCommand } from '../collection-command.js';
import { renderArtifacts } from '../render.js';

export default class List extends CollectionCommand {
  static override summary = 'List the artifacts in the collection, with their versions and upstream pins.';
  static override examples = ['<%= config.bin %> list', '<%= config.bin %> list --json'];

  async run() {
    await this.parseInput(List);
    const result = await (await this.service()).list();
    for (const line of renderArtifacts(result.artifacts, this.style)) this.out(line);
    return result;
  }
}
