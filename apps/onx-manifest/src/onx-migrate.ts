import { readFileSync } from 'node:fs';

/** The seed's name for a dependent's side of a migration: `onx-migrate apply|rollback` are onx-manifest's commands. */
const COMMANDS = ['apply', 'rollback'];
const BIN = 'onx-migrate';

/**
 * The onx-migrate bin: apply and rollback run as onx-manifest's own commands (same flags,
 * output and exit codes, help that says onx-migrate); its own help lists just those two.
 * `root` is the bin's `import.meta.url`.
 */
export async function runOnxMigrate(root: string, argv = process.argv.slice(2)): Promise<void> {
  const [first = '--help', ...rest] = argv;
  const runCli = async (args: string[]) => (await import('@lineage/cli-kit')).runCli({ bin: BIN, root, argv: args });
  if (COMMANDS.includes(first) || first === '--version' || first === '-v') return runCli(argv);
  if (first === 'help' && rest[0] && COMMANDS.includes(rest[0])) return runCli([rest[0], '--help']);
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(help(root));
    return;
  }
  const other = first.startsWith('-') ? `option "${first}"` : `command "${first}"`;
  process.stderr.write(
    `error: unknown ${other} [${first.startsWith('-') ? 'USAGE' : 'UNKNOWN_COMMAND'}]\nhint: ${BIN} runs ${COMMANDS.join(' and ')}; the other commands are onx-manifest's (run \`onx-manifest --help\`)\n`,
  );
  process.exitCode = 2;
}

function help(root: string): string {
  const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', root), 'utf8')) as {
    commands: Record<string, { summary?: string }>;
  };
  const width = Math.max(...COMMANDS.map((c) => c.length)) + 2;
  return [
    "Migrate a package to a new version of its core library with onx-manifest's change manifests.",
    '',
    'USAGE',
    `  $ ${BIN} [COMMAND]`,
    '',
    'COMMANDS',
    ...COMMANDS.map((c) => `  ${c.padEnd(width)}${manifest.commands[c]?.summary ?? ''}`),
    '',
    `Run \`${BIN} COMMAND --help\` for a command's flags and examples; they are those of \`onx-manifest COMMAND\`.`,
    '',
  ].join('\n');
}
