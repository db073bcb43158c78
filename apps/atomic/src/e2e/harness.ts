import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

// Shared by the end-to-end suites of issue 9: a bin runner with a fixed identity, the CONFLICT
// setup, and the check of the principle — what the user writes is what gets recorded.

export const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');

/** What the suites need of test-utils' bin runner (a type of its own: this file is not a test file). */
export interface BinRunner {
  run(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): { code: number; stdout: string; stderr: string };
  ok(cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv): { code: number; stdout: string; stderr: string };
}

/** The environment of the bin: a fixed author, no AI attribution from the environment, no user config. */
export const atomicEnv = (configHome: string): NodeJS.ProcessEnv => ({
  ATOMIC_AUTHOR: 'Ada',
  ATOMIC_CONFIG_HOME: configHome,
  ATOMIC_AI_ENABLED: '',
  ATOMIC_AI_PROVIDER: '',
  ATOMIC_AI_MODEL: '',
  ATOMIC_AI_CONFIDENCE: '',
  ATOMIC_AI_SUGGESTION_TYPE: '',
});

/** Writes `files` (path → content) in `dir`, then `init`, `add .` and `record`. */
export function initRepository(cli: BinRunner, dir: string, files: Record<string, string>): string {
  cli.ok(dir, ['init']);
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content, 'latin1');
  cli.ok(dir, ['add', '.']);
  return cli.ok(dir, ['record', '-m', 'base']).stdout.trim();
}

/**
 * The CONFLICT: `f` = `base` recorded; channel `o` records `theirs`, main records `mine`;
 * `atomic apply` of o's change writes the conflict into `f`, with markers.
 */
export function conflict(
  cli: BinRunner,
  dir: string,
  { base = 'a\nb\n', mine = 'a\nx\nb\n', theirs = 'a\ny\nb\n' } = {},
): { mine: string; theirs: string; apply: string } {
  initRepository(cli, dir, { f: base });
  cli.ok(dir, ['fork', 'o']);
  writeFileSync(join(dir, 'f'), theirs, 'latin1');
  const theirsHash = cli.ok(dir, ['record', '--channel', 'o', '-m', 'theirs']).stdout.trim();
  writeFileSync(join(dir, 'f'), mine, 'latin1');
  const mineHash = cli.ok(dir, ['record', '-m', 'mine']).stdout.trim();
  const apply = cli.ok(dir, ['apply', theirsHash]).stderr;
  return { mine: mineHash, theirs: theirsHash, apply };
}

/** The working copy as path → content (latin1, so bytes compare exactly); `.atomic` left out, directories end in `/`. */
export function tree(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (relative: string) => {
    for (const name of readdirSync(join(dir, relative)).sort()) {
      if (relative === '' && name === '.atomic') continue;
      const path = relative === '' ? name : `${relative}/${name}`;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) {
        found[`${path}/`] = '';
        visit(path);
      } else if (stat.isSymbolicLink()) found[path] = `-> ${readlinkSync(join(dir, path))}`;
      else found[path] = readFileSync(join(dir, path), 'latin1');
    }
  };
  visit('');
  return found;
}

export const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'latin1');

/**
 * The principle, end to end: `record`, then `reset`, leave exactly what the user wrote in the
 * working copy, and a fresh clone checks out the same bytes. Returns record's output.
 */
export function expectRecordedAsWritten(cli: BinRunner, dir: string, cloneInto: string): string {
  const written = tree(dir);
  const recorded = cli.ok(dir, ['record', '-m', 'as written']);
  expect(tree(dir), 'after record').toEqual(written);
  cli.ok(dir, ['reset']);
  expect(tree(dir), 'after record and reset').toEqual(written);
  const copy = join(cloneInto, 'clone');
  cli.ok(dir, ['clone', dir, copy]);
  expect(tree(copy), 'in a fresh clone').toEqual(written);
  return recorded.stdout;
}

/** Rewrites a file through `edit` of its lines (each with its terminator); returns the new content. */
export function editLines(dir: string, path: string, edit: (lines: string[]) => string[]): string {
  const lines = read(dir, path).split(/(?<=\n)/);
  const content = edit(lines).join('');
  writeFileSync(join(dir, path), content, 'latin1');
  return content;
}
