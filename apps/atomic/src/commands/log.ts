import { Flags, LineageCommand } from '@lineage/cli-kit';
import { channelFlag, inRepository } from '../shared.js';

export default class Log extends LineageCommand {
  static override summary = "List a channel's changes, newest first.";
  static override examples = [
    '<%= config.bin %> log',
    '<%= config.bin %> log --channel ai-agent-refactor --hash-only --limit 3',
    '<%= config.bin %> apply $(<%= config.bin %> log --channel ai-agent-testing --hash-only --limit 1)',
    '<%= config.bin %> log --states --json',
  ];
  static override flags = {
    channel: channelFlag('Channel to list (default: the current one).'),
    'hash-only': Flags.boolean({ description: 'Print one full hash per line and nothing else.' }),
    limit: Flags.integer({ char: 'n', min: 0, description: 'Show at most N changes.' }),
    states: Flags.boolean({ description: 'Also print the state reached after each change (for fork --state).' }),
  };

  async run() {
    const { flags } = await this.parseInput(Log);
    return inRepository(undefined, (repo, lib) => {
      const entries = lib.channelLog(repo, { channel: flags.channel, limit: flags.limit });
      for (const entry of entries) {
        if (flags['hash-only']) {
          this.out(entry.hash);
          continue;
        }
        this.out(this.style.yellow(`change ${entry.hash}`));
        this.out(`Author: ${entry.authors.join(', ')}`);
        this.out(`Date:   ${entry.timestamp}`);
        const ai = entry.attribution;
        if (ai)
          this.out(
            `AI:     ${[ai.provider, ai.model].filter(Boolean).join('/') || 'assisted'}${ai.confidence === null ? '' : ` (confidence ${ai.confidence})`}`,
          );
        if (flags.states) this.out(`State:  ${entry.state}`);
        this.out(`\n    ${entry.message}\n`);
      }
      return entries;
    });
  }
}
