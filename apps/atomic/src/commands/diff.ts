import { LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository, repositoryPaths } from '../shared.js';

export default class Diff extends LineageCommand {
  static override summary = 'Show unrecorded changes as a unified diff, or preview what applying a channel would do.';
  static override description =
    "Without --channel: the working copy against the current channel (3 lines of context). With --channel C: what applying C's changes that the current channel lacks would do to the current output — how a reviewer reads an agent's work before `atomic apply`. Binary files are reported, not shown.";
  static override examples = [
    '<%= config.bin %> diff',
    '<%= config.bin %> diff src/main.ts',
    '<%= config.bin %> diff --channel ai-agent-docs',
    '<%= config.bin %> diff --json',
  ];
  static override strict = false;
  static override flags = { channel: channelFlag('Preview the changes of this channel that the current one lacks.') };

  async run() {
    const { flags, argv } = await this.parseInput(Diff);
    return inRepository(flags.channel ? 'atomic diff --channel' : undefined, (repo, lib) => {
      const paths = argv.length > 0 ? repositoryPaths(lib, repo, argv as string[]) : undefined;
      const diff = flags.channel ? lib.diffChannel(repo, flags.channel, paths) : lib.diffWorkingCopy(repo, paths);
      if (diff.text && !this.jsonEnabled()) process.stdout.write(diff.text);
      const files = diff.files.map((file) => ({
        path: file.path,
        diff: lib.unifiedDiff(file.path, file.before, file.after),
      }));
      return { ...('changes' in diff ? { changes: diff.changes } : {}), files };
    });
  }
}
