import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from './run-bin.js';

/**
 * The conventions every Lineage CLI shares, checked against its built bin: help,
 * version, and a one-line usage error with exit 2 for an unknown command.
 */
export function describeCliConventions(appDir: string): void {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    oclif: { bin: string };
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
  });
}
