import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from '@oclif/core/command';
import { Config } from '@oclif/core/config';
import { error } from '@oclif/core/errors';
import { normalizeArgv } from '@oclif/core/help';
import type * as Interfaces from '@oclif/core/interfaces';
import { helpAddition, versionAddition } from '@oclif/core/run';

// Plugins known to add commands only (no hooks): leaving them unloaded changes nothing but help.
const COMMAND_ONLY_PLUGINS = new Set(['@oclif/plugin-help']);

/**
 * oclif's Config for a run of one of the CLI's own commands, with the CLI as its only plugin,
 * read from the manifest written at build time. `Config.load` over the package would also load
 * each plugin (@oclif/plugin-help: its package and manifest) and sort the commands with
 * `localeCompare`, whose first call initialises ICU: ~15 ms of start-up, all for help.
 *
 * Undefined when `argv` needs the whole of oclif — help (`--help`, the `help` command, a topic),
 * `--version`, an unknown command — or when the manifest cannot stand in for the package: missing,
 * of another version, another command discovery than one explicit module, or hooks to run.
 * `bin` names the CLI when the package ships a second bin over its commands (see `loadRoot`).
 */
export async function manifestConfig(root: string, argv: string[], bin?: string): Promise<Config | undefined> {
  const plugin = manifestPlugin(packageRoot(root), bin);
  if (!plugin) return undefined;
  const config = await Config.load({
    root: plugin.root,
    pjson: plugin.pjson,
    plugins: new Map([[plugin.name, plugin]]),
  });
  if (versionAddition(argv, config) || helpAddition(argv, config)) return undefined;
  const [id] = normalizeArgv(config, argv);
  return id !== undefined && config.findCommand(id) ? config : undefined;
}

/**
 * What oclif loads the CLI from: the package around the bin, named after the bin that ran —
 * package.json names one, and a package may ship a second over some of its commands
 * (onx-manifest's onx-migrate), whose help and hints must say its own name.
 */
export function loadRoot(root: string, bin: string): string | Interfaces.LoadOptions {
  const dir = packageRoot(root);
  const pjson = readJson<Interfaces.PJSON>(join(dir, 'package.json'));
  if (!pjson?.oclif || pjson.oclif.bin === bin) return root;
  return { root: dir, pjson: { ...pjson, oclif: { ...pjson.oclif, bin } } };
}

/** The package around a bin (`import.meta.url` or a path), as oclif finds it: the nearest package.json. */
function packageRoot(root: string): string {
  let dir = root.startsWith('file:') ? dirname(fileURLToPath(root)) : root;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * The root plugin as oclif's Plugin.load makes it from a manifest, without what only help uses:
 * the commands in order and the topics.
 */
function manifestPlugin(root: string, bin: string | undefined): Interfaces.Plugin | undefined {
  const read = readJson<Interfaces.PJSON>(join(root, 'package.json'));
  const pjson = read?.oclif && bin ? { ...read, oclif: { ...read.oclif, bin } } : read;
  const manifest = readJson<Interfaces.Manifest>(join(root, 'oclif.manifest.json'));
  const discovery = pjson?.oclif?.commands;
  if (
    !pjson ||
    !manifest ||
    manifest.version !== pjson.version ||
    typeof discovery !== 'object' ||
    discovery.strategy !== 'explicit' ||
    pjson.oclif.hooks ||
    !(pjson.oclif.plugins ?? []).every((name) => COMMAND_ONLY_PLUGINS.has(name))
  )
    return undefined;
  const target = pathToFileURL(join(root, discovery.target)).href;
  const plugin: Interfaces.Plugin = {
    _base: `${pjson.name}@${pjson.version}`,
    alias: pjson.name,
    name: pjson.name,
    version: pjson.version,
    pjson,
    root,
    options: { root, isRoot: true, pjson },
    isRoot: true,
    type: 'core',
    valid: true,
    moduleType: pjson.type === 'module' ? 'module' : 'commonjs',
    hasManifest: true,
    hooks: {},
    commandsDir: undefined,
    commandIDs: Object.keys(manifest.commands),
    topics: [],
    commands: Object.entries(manifest.commands).map(([id, cached]) => ({
      ...cached,
      pluginAlias: pjson.name,
      pluginType: 'core',
      load: () => plugin.findCommand(id, { must: true }),
    })),
    async findCommand(id: string) {
      const commands = (await import(target))[discovery.identifier ?? 'default'] as Record<string, Command.Class>;
      const command = commands[id] ?? error(`command ${id} not found`);
      command.id = id;
      command.plugin = plugin;
      return command;
    },
    async load() {},
  };
  return plugin;
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
