import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { binRunner } from '@lineage/test-utils';

export { installCore, makeCoreRepository, makeDependent } from '../../../examples/onx-manifest/sample.mjs';

const bins = join(import.meta.dirname, '..', 'bin');
export const onxManifest = binRunner(join(bins, 'run.js'));
export const onxMigrate = binRunner(join(bins, 'onx-migrate.js'));

export const json = <T>(text: string): T => JSON.parse(text) as T;

/** `generate` of a core between two tags into a directory. */
export const generateArgs = (core: string, from: string, to: string, out: string) => [
  'generate',
  ...['--core-path', core, '--from', from, '--to', to, '--out', out],
];

/** Every file under a directory (node_modules aside) with its bytes: to prove what changed and what did not. */
export function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (entry.isFile() && !path.split('/').includes('node_modules'))
      files[path] = readFileSync(join(dir, path)).toString('base64');
  }
  return files;
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** `tsc --noEmit` on a package's tsconfig: the reference type-check. */
export function typecheck(dir: string): { ok: boolean; output: string } {
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}
