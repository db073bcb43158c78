import { Args, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository, repositoryPaths, short } from '../shared.js';

export default class Credit extends LineageCommand {
  static override summary =
    'For each line of a file: the change that wrote it, its author, and the AI model if one helped.';
  static override examples = ['<%= config.bin %> credit src/main.ts', '<%= config.bin %> credit src/main.ts --json'];
  static override args = { file: Args.string({ required: true, description: 'Tracked file.' }) };
  static override flags = { channel: channelFlag('Channel (default: the current one).') };

  async run() {
    const { args, flags } = await this.parseInput(Credit);
    return inRepository(undefined, (repo, lib) => {
      const [path] = repositoryPaths(lib, repo, [args.file]) as [string];
      const lines = lib.credit(repo, path, flags.channel);
      const who = lines.map((line) => {
        const ai = line.attribution;
        const model = ai ? [ai.provider, ai.model].filter(Boolean).join('/') : '';
        return `${line.authors.join(', ')}${ai ? ` [AI ${model}${ai.confidence === null ? '' : ` ${ai.confidence}`}]` : ''}`;
      });
      const width = Math.max(0, ...who.map((text) => text.length));
      lines.forEach((line, i) => {
        this.out(
          `${short(line.change)} ${(who[i] as string).padEnd(width)} ${String(line.line).padStart(4)}| ${line.text}`,
        );
      });
      return lines;
    });
  }
}
