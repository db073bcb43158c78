import { Args, Flags, LineageCommand } from '@lineage/cli-kit';

export default class ConfigSet extends LineageCommand {
  static override summary = 'Set user.name or user.email, for this repository or (--user) for every repository.';
  static override description =
    'The user file is $ATOMIC_CONFIG_HOME/config.json, else $XDG_CONFIG_HOME/atomic/config.json, else ~/.config/atomic/config.json. Outside a repository, --user is implied.';
  static override examples = [
    '<%= config.bin %> config set user.name "Ada Lovelace"',
    '<%= config.bin %> config set --user user.email ada@example.com',
  ];
  static override args = {
    key: Args.string({ required: true, description: 'user.name or user.email.' }),
    value: Args.string({ required: true, description: 'The value.' }),
  };
  static override flags = { user: Flags.boolean({ description: "Set it in the user's configuration." }) };

  async run() {
    const { args, flags } = await this.parseInput(ConfigSet);
    const lib = await import('@lineage/working-copy');
    const path = configPath(lib, flags.user);
    lib.setConfigValue(path, args.key, args.value);
    this.out(`${args.key} = ${args.value} (${path})`);
    return { key: args.key, value: args.value, file: path };
  }
}

export function configPath(lib: typeof import('@lineage/working-copy'), user: boolean): string {
  if (user) return lib.userConfigPath();
  try {
    return lib.layoutOf(lib.findRoot(process.cwd())).config;
  } catch {
    return lib.userConfigPath();
  }
}
