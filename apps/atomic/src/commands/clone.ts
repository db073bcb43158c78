import { Args, LineageCommand } from '@lineage/cli-kit';

export default class Clone extends LineageCommand {
  static override summary = 'Copy a repository (every channel) to a new directory and check out its current channel.';
  static override description =
    'Every change is verified (its content hashes to its name, it parses, its file names stay inside the repository) before anything is applied. Local paths only for now.';
  static override examples = ['<%= config.bin %> clone ../project project-copy'];
  static override args = {
    source: Args.string({ required: true, description: 'Repository to copy.' }),
    target: Args.string({ required: true, description: 'New directory.' }),
  };

  async run() {
    const { args } = await this.parseInput(Clone);
    const lib = await import('@lineage/working-copy');
    const result = await lib.clone(args.source, args.target);
    this.out(`cloned ${result.changes} change(s) in ${result.channels.length} channel(s) into ${args.target}`);
    return result;
  }
}
