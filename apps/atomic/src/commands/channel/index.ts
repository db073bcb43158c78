import { LineageCommand } from '@lineage/cli-kit';
import { inRepository } from '../../shared.js';

export default class Channel extends LineageCommand {
  static override summary = 'List channels; the current one is marked with *.';
  static override examples = ['<%= config.bin %> channel', '<%= config.bin %> channel --json'];

  async run() {
    await this.parseInput(Channel);
    return inRepository(undefined, (repo, lib) => {
      const channels = lib.listChannels(repo);
      for (const channel of channels) this.out(`${channel.current ? '*' : ' '} ${channel.name}`);
      return channels;
    });
  }
}
