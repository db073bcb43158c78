import { Args, LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../shared.js';

export default class Change extends LineageCommand {
  static override summary = 'Show a change: header, dependencies, AI attribution and hunks.';
  static override examples = ['<%= config.bin %> change 7QKX', '<%= config.bin %> change 7QKX2M3RTA --json'];
  static override args = {
    hash: Args.string({ required: true, description: 'Hash or unique prefix (4+ characters).' }),
  };

  async run() {
    const { args } = await this.parseInput(Change);
    return inRepository(undefined, (repo, lib) => {
      const { hunks, ...summary } = lib.changeDetails(repo, args.hash);
      this.out(this.style.yellow(`change ${summary.hash}`));
      this.out(`Author: ${summary.authors.join(', ')}`);
      this.out(`Date:   ${summary.timestamp}`);
      for (const dep of summary.dependencies) {
        const tagName = dep.type === 'tag' && dep.name ? `${dep.name} ` : '';
        this.out(`Depends on ${dep.type} ${tagName}${dep.hash}`);
      }
      const ai = summary.attribution;
      if (ai) this.out(`AI:     ${JSON.stringify(ai)}`);
      this.out(`\n    ${summary.message}\n`);
      for (const line of hunks)
        this.out(line.startsWith('+') ? this.style.green(line) : line.startsWith('-') ? this.style.red(line) : line);
      return summary;
    });
  }
}
