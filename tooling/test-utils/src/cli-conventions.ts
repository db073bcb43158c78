import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from './run-bin.js';

/**
 * The conventions every Lineage CLI shares, checked against its built bin: help,
 * version, and a one-line usage error with exit 2 for an unknown command — the same
 * whether the bin starts a command from its manifest or oclif loads in full.
 */
export function describeCliConventions(appDir: string): void {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    oclif: { bin: string };
  };
  const manifest = JSON.parse(readFileSync(join(appDir, 'oclif.manifest.json'), 'utf8')) as {
    commands: Record<string, unknown>;
  };
  const bin = join(appDir, 'bin', 'run.js');
  const name = pkg.oclif.bin;

  describe(`${name} conventions`, () => {
    it('answers --help with usage and a command list', () => {
      const result = runBin(bin, ['--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`$ ${name} [COMMAND]`);
      expect(result.stdout).toContain('COMMANDS');
    });

    it('answers --version with its package version', () => {
      const result = runBin(bin, ['--version']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`${pkg.name}/${pkg.version}`);
    });

    it('rejects an unknown command with one line, a hint and exit 2', () => {
      const result = runBin(bin, ['no-such-command']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe('error: unknown command "no-such-command" [UNKNOWN_COMMAND]');
      expect(lines[1]).toBe(`hint: run \`${name} --help\` to list the commands`);
      expect(lines).toHaveLength(2);
    });

    describe('without its manifest, when oclif loads in full', () => {
      // The app's package without oclif.manifest.json, inside the app so that its dependencies resolve.
      const copy = join(appDir, '.tmp', 'without-manifest');
      const fullBin = join(copy, 'bin', 'run.js');
      beforeAll(() => {
        rmSync(copy, { recursive: true, force: true });
        mkdirSync(copy, { recursive: true });
        for (const entry of ['package.json', 'bin', 'dist'])
          cpSync(join(appDir, entry), join(copy, entry), { recursive: true });
      });
      afterAll(() => rmSync(copy, { recursive: true, force: true }));

      const [command] = Object.keys(manifest.commands);
      const words = command?.split(':') ?? [];
      const cases = [
        ['--help'],
        ['no-such-command'],
        ...(command
          ? [
              [...words, '--help'],
              [...words, '--no-such-flag'],
            ]
          : []),
      ];
      it.each(cases.map((args) => [args.join(' '), args]))('answers `%s` the same', (_, args) => {
        expect(runBin(bin, args)).toEqual(runBin(fullBin, args));
      });

      if (command) {
        it('reports a usage error in one line with a hint and exit 2', () => {
          const result = runBin(bin, [...words, '--no-such-flag']);
          expect(result.code).toBe(2);
          expect(result.stderr.trimEnd().split('\n')).toEqual([
            'error: Nonexistent flag: --no-such-flag [USAGE]',
            `hint: run \`${name} ${words.join(' ')} --help\` for the expected form`,
          ]);
        });
      }
    });
  });
}
