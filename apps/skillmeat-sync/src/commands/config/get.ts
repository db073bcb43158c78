import { Args } from '@lineage/cli-kit';
import { CollectionCommand } from '../../collection-command.js';

export default class ConfigGet extends CollectionCommand {
  static override summary = 'Print one setting’s value in force (the API token unmasked, for scripts).';
  static override examples = [
    '<%= config.bin %> config get merge_strategy_default',
    'curl -H "Authorization: Bearer $(<%= config.bin %> config get api_token)" ...',
  ];
  static override args = { key: Args.string({ required: true, description: 'The setting.' }) };

  async run() {
    const { args } = await this.parseInput(ConfigGet);
    const { readSettings, settingKey } = await import('@lineage/artifact-sync');
    const key = settingKey(args.key);
    const report = readSettings();
    this.out(String(report.values[key] ?? ''));
    return { key, value: report.values[key], source: report.sources[key] };
  }
}
