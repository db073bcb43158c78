import { Args } from '@lineage/cli-kit';
import { CollectionCommand } from '../../collection-command.js';

export default class ConfigSet extends CollectionCommand {
  static override summary = 'Change a setting in the collection’s config file.';
  static override description =
    'Keys: enable_sync_preview, enable_auto_merge, enable_upstream_check (true or false), merge_strategy_default (auto, prompt, overwrite), api_token. The environment variable of a key, when set, still overrides the file: a note says so.';
  static override examples = [
    '<%= config.bin %> config set merge_strategy_default auto',
    '<%= config.bin %> config set enable_sync_preview false',
  ];
  static override args = {
    key: Args.string({ required: true, description: 'The setting.' }),
    value: Args.string({ required: true, description: 'Its new value.' }),
  };

  async run() {
    const { args } = await this.parseInput(ConfigSet);
    const { writeSetting, settingKey, SETTINGS } = await import('@lineage/artifact-sync');
    const key = settingKey(args.key);
    const report = writeSetting(undefined, key, args.value);
    this.out(`${key} = ${SETTINGS[key].secret ? '(set)' : String(report.values[key])}  (${report.path})`);
    if (report.sources[key] === 'env') this.note(`note: ${SETTINGS[key].env} is set and overrides the file`);
    return { key, path: report.path, source: report.sources[key] };
  }
}
