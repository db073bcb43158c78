import { Args, Flags, LineageCommand } from '@lineage/cli-kit';

export default class Clone extends LineageCommand {
  static override summary = 'Copy a repository (every channel) to a new directory and check out its current channel.';
  static override description =
    `The changes, channels, tags and graph are copied, then checked as a stranger's: every change's content hashes to its name, every file name of the tree is one its change wrote and stays inside the repository, every channel's log matches its set and states, every tag its changes. Nothing is kept if a check fails. Local paths only for now.

The graph (which lines each channel shows, in which order) is taken as the source derived it from those changes. --derive-graph derives it again, checking every change as apply does (as slow as applying the whole history): for a source whose database may have been tampered with.`;
  static override examples = [
    '<%= config.bin %> clone ../project project-copy',
    '<%= config.bin %> clone --derive-graph /mnt/untrusted/project project',
  ];
  static override args = {
    source: Args.string({ required: true, description: 'Repository to copy.' }),
    target: Args.string({ required: true, description: 'New directory.' }),
  };
  static override flags = {
    'derive-graph': Flags.boolean({
      description: "Derive the graph from the changes instead of taking the source's (slower; see the description).",
    }),
  };

  async run() {
    const { args, flags } = await this.parseInput(Clone);
    const lib = await import('@lineage/working-copy');
    const result = await lib.clone(args.source, args.target, { deriveGraph: flags['derive-graph'] });
    this.out(`cloned ${result.changes} change(s) in ${result.channels.length} channel(s) into ${args.target}`);
    return result;
  }
}
