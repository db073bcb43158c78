import { CollectionCommand } from '../collection-command.js';

export default class Init extends CollectionCommand {
  static override summary = 'Create the collection, its config file and an API token.';
  static override description =
    'The collection lives at $SKILLMEAT_HOME (default ~/.skillmeat): a SQLite database, a content-addressed store of every version, and config.toml (private to you) with the settings and the bearer token of `serve`. Running init again changes nothing but a missing token.';
  static override examples = ['<%= config.bin %> init', 'SKILLMEAT_HOME=./collection <%= config.bin %> init --json'];

  async run() {
    await this.parseInput(Init);
    const service = await this.service();
    const { initSettings } = await import('@lineage/artifact-sync');
    const result = initSettings(service.home);
    this.out(`${result.created ? 'created' : 'found'} the collection at ${result.home}`);
    this.out(`config: ${result.config_path}${result.token_generated ? ' (API token generated)' : ''}`);
    if (!result.created && !result.token_generated) this.note('nothing to do: the collection was set up already');
    return result;
  }
}
