import { Args, LineageCommand } from '@lineage/cli-kit';
import { reportConflicts } from '../shared.js';

export default class Clone extends LineageCommand {
  static override summary = 'Copy a repository (every channel) to a new directory and check out its current channel.';
  static override description =
    'Every change is verified (its content hashes to its name, it parses, its file names stay inside the repository) before anything is applied. Conflicts in the channel checked out are a state, as after a pull: exit 0, reported on stderr. Local paths only for now.';
  static override examples = ['<%= config.bin %> clone ../project project-copy'];
  static override args = {
    source: Args.string({ required: true, description: 'Repository to copy.' }),
    target: Args.string({ required: true, description: 'New directory.' }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Clone);
    const lib = await import('@lineage/working-copy');
    const result = await lib.clone(args.source, args.target);
    this.out(`cloned ${result.changes} change(s) in ${result.channels.length} channel(s) into ${args.target}`);
    reportConflicts(result, flags.quiet);
    return result;
  }
}
