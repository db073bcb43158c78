import { Args, LineageCommand } from '@lineage/cli-kit';

export default class ConfigGet extends LineageCommand {
  static override summary = 'Print a setting as it applies here (repository config over user config).';
  static override examples = ['<%= config.bin %> config get user.name'];
  static override args = { key: Args.string({ required: true, description: 'user.name or user.email.' }) };

  async run() {
    const { args } = await this.parseInput(ConfigGet);
    const lib = await import('@lineage/working-copy');
    const key = lib.validateConfigKey(args.key);
    let value = lib.readConfig(lib.userConfigPath())[key];
    try {
      value = lib.readConfig(lib.layoutOf(lib.findRoot(process.cwd())).config)[key] ?? value;
    } catch {
      // Outside a repository only the user's configuration applies.
    }
    if (value !== undefined) this.out(value);
    else this.note(`${key} is not set`);
    return { key, value: value ?? null };
  }
}
