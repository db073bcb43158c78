import { Flags } from '@lineage/cli-kit';
import { CollectionCommand, sharedFlags } from '../collection-command.js';
import { renderDrift } from '../render.js';

export default class Drift extends CollectionCommand {
  static override summary = 'Show how each deployment differs from the collection and its upstream (writes nothing).';
  static override description =
    'One row per deployed artifact: status (synced, modified, outdated, diverged, conflict), the tiers that changed, the files, the upstream pin, and the command to run next. --check-all also asks every upstream where its ref points (git ls-remote; where a ref moved, its commit is fetched to tell whether this artifact changed); an upstream that cannot be reached falls back to its last check, with a warning.';
  static override examples = [
    '<%= config.bin %> drift',
    '<%= config.bin %> drift --project ../my-app --check-all',
    '<%= config.bin %> drift --json',
  ];
  static override flags = {
    'check-all': Flags.boolean({ description: 'Also ask the upstreams (unless enable_upstream_check is false).' }),
    project: sharedFlags.project('Only this project (default: every project the collection deploys to).'),
  };

  async run() {
    const { flags } = await this.parseInput(Drift);
    const service = await this.service();
    const allowed = (await this.settings()).enable_upstream_check;
    if (flags['check-all'] && !allowed) this.note('enable_upstream_check is false: showing the cached upstream checks');
    const result = await this.withProgress((onProgress) =>
      service.drift({ project: flags.project, check_upstream: flags['check-all'] && allowed, onProgress }),
    );
    for (const line of renderDrift(result, this.style, this.config.bin)) this.out(line);
    return result;
  }
}
