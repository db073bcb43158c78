import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Config } from '@oclif/core/config';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRoot, manifestConfig } from './manifest-config.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const cached = (id: string, strict = true) => ({ id, aliases: [], hiddenAliases: [], args: {}, flags: {}, strict });

/** A CLI package as `oclif manifest` leaves it: package.json, its manifest, one module of commands. */
function cliPackage({ oclif = {}, manifestVersion = '1.2.3', manifest = true } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cli-kit-manifest-'));
  made.push(root);
  const pjson = {
    name: 'fixture-cli',
    version: '1.2.3',
    type: 'module',
    oclif: {
      bin: 'fx',
      topicSeparator: ' ',
      commands: { strategy: 'explicit', target: './commands.js', identifier: 'COMMANDS' },
      ...oclif,
    },
  };
  writeFileSync(join(root, 'package.json'), JSON.stringify(pjson));
  writeFileSync(
    join(root, 'commands.js'),
    'class Hello {}\nclass Loud {}\nexport const COMMANDS = { hello: Hello, "greet:loud": Loud };\n',
  );
  const commands = { hello: cached('hello'), 'greet:loud': cached('greet:loud', false) };
  if (manifest)
    writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify({ version: manifestVersion, commands }));
  mkdirSync(join(root, 'bin'));
  return root;
}

describe('manifestConfig', () => {
  it("stands in for oclif's Config when argv runs one of the CLI's commands", async () => {
    const root = cliPackage();
    const config = await manifestConfig(pathToFileURL(join(root, 'bin', 'run.js')).href, ['hello', '--json']);
    const full = await Config.load(root);
    expect(config).toBeDefined();
    for (const key of ['root', 'bin', 'name', 'version', 'userAgent', 'topicSeparator', 'theme', 'shell'] as const) {
      expect(config?.[key]).toEqual(full[key]);
    }
    expect(config?.scopedEnvVarKeys('CONTENT_TYPE')).toEqual(full.scopedEnvVarKeys('CONTENT_TYPE'));
    const command = await config?.findCommand('hello')?.load();
    expect(command?.name).toBe('Hello');
    expect(command?.id).toBe('hello');
  });

  it('finds commands under a topic, as oclif does with a space separator', async () => {
    const config = await manifestConfig(cliPackage(), ['greet', 'loud', 'someone']);
    expect((await config?.findCommand('greet:loud')?.load())?.name).toBe('Loud');
  });

  it('leaves help, --version and anything unknown to oclif', async () => {
    const root = cliPackage();
    for (const argv of [
      [],
      ['--help'],
      ['hello', '--help'],
      ['help'],
      ['help', 'hello'],
      ['--version'],
      ['greet'],
      ['bye'],
    ]) {
      expect(await manifestConfig(root, argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('is no use when the manifest cannot stand in for the package', async () => {
    for (const options of [
      { manifest: false },
      { manifestVersion: '1.2.2' },
      { oclif: { commands: './dist/commands' } },
      { oclif: { hooks: { init: './hooks/init.js' } } },
      { oclif: { plugins: ['@oclif/plugin-warn-if-update-available'] } },
    ]) {
      expect(await manifestConfig(cliPackage(options), ['hello']), JSON.stringify(options)).toBeUndefined();
    }
    expect(await manifestConfig(cliPackage({ oclif: { plugins: ['@oclif/plugin-help'] } }), ['hello'])).toBeDefined();
  });

  it('names the CLI after the bin that ran, when the package ships a second one', async () => {
    const root = cliPackage();
    const bin = pathToFileURL(join(root, 'bin', 'second.js')).href;
    expect((await manifestConfig(bin, ['hello'], 'fx-second'))?.bin).toBe('fx-second');
    expect((await Config.load(loadRoot(bin, 'fx-second'))).bin).toBe('fx-second');
    expect(loadRoot(bin, 'fx')).toBe(bin);
    expect((await manifestConfig(bin, ['hello'], 'fx'))?.bin).toBe('fx');
  });
});
