import { formatTable } from '@lineage/cli-kit';
import { CollectionCommand } from '../../collection-command.js';

export default class ConfigList extends CollectionCommand {
  static override summary = 'Show the settings in force and where each comes from.';
  static override description =
    'Settings live in $SKILLMEAT_HOME/config.toml; an environment variable overrides each: ENABLE_SYNC_PREVIEW, ENABLE_AUTO_MERGE, ENABLE_UPSTREAM_CHECK, MERGE_STRATEGY_DEFAULT, SKILLMEAT_TOKEN. The API token is shown masked (`config get api_token` prints it).';
  static override examples = [
    '<%= config.bin %> config list',
    'ENABLE_AUTO_MERGE=false <%= config.bin %> config list --json',
  ];

  async run() {
    await this.parseInput(ConfigList);
    const { readSettings, SETTINGS } = await import('@lineage/artifact-sync');
    const report = readSettings();
    const keys = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];
    const shown = (key: keyof typeof SETTINGS) => {
      const value = report.values[key];
      return SETTINGS[key].secret && typeof value === 'string' ? `${value.slice(0, 6)}…` : String(value);
    };
    const rows = keys.map((key) => [
      key,
      shown(key),
      `${report.sources[key]}${report.sources[key] === 'env' ? ` (${SETTINGS[key].env})` : ''}`,
      this.style.dim(SETTINGS[key].description),
    ]);
    for (const line of formatTable([['SETTING', 'VALUE', 'FROM', ''].map((h) => this.style.bold(h)), ...rows]))
      this.out(line);
    this.out(this.style.dim(`file: ${report.path}`));
    return {
      path: report.path,
      settings: Object.fromEntries(
        keys.map((key) => [
          key,
          {
            value: SETTINGS[key].secret ? (report.values[key] ? '(set)' : null) : report.values[key],
            source: report.sources[key],
            env: SETTINGS[key].env,
          },
        ]),
      ),
    };
  }
}
