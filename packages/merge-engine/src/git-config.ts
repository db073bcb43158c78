import { spawnSync } from 'node:child_process';
import { LineageError } from '@lineage/errors';
import type { MergeStyle } from './regions.js';

const STYLES: readonly string[] = ['merge', 'diff3', 'zdiff3'] satisfies MergeStyle[];
const KEY = 'merge.conflictstyle';

export interface GitConfigOptions {
  /** Where git looks for a repository's configuration (default: the current directory). */
  cwd?: string;
  /** git's environment (default: this process's; `GIT_DIR`, `GIT_CONFIG_*` and `git -c` settings apply). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The conflict style git's configuration sets (`merge.conflictStyle`, from the repository,
 * global and system files, includes and `git -c`), or undefined when it sets none or git is
 * not installed. Git itself resolves the files: every value is checked in the order git
 * reads them and the last one wins, and as in git an invalid value anywhere is an error
 * (`MERGE_CONFIG_BAD_STYLE`), as is a configuration git cannot read (`GIT_CONFIG_UNREADABLE`).
 */
export function gitConflictStyle(options: GitConfigOptions = {}): MergeStyle | undefined {
  // -z with --get-regexp tells a key without a value ("key\0") from an empty one ("key\n\0").
  const result = spawnSync('git', ['config', '-z', '--get-regexp', `^${KEY.replace('.', '\\.')}$`], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  if (result.status === 1 && result.stdout === '') return undefined;
  if (result.error || result.status !== 0) {
    const reason = result.stderr?.trim().replace(/^fatal: /, '') || String(result.error ?? `exit ${result.status}`);
    throw new LineageError('GIT_CONFIG_UNREADABLE', `git could not read its configuration: ${reason}`, {
      hint: 'Fix the file git names (git config --list --show-origin shows where each setting comes from).',
    });
  }
  let style: MergeStyle | undefined;
  for (const entry of result.stdout.split('\0').slice(0, -1)) {
    const newline = entry.indexOf('\n');
    const value = newline === -1 ? null : entry.slice(newline + 1);
    if (value === null || !STYLES.includes(value)) {
      const problem = value === null ? `'${KEY}' has no value` : `unknown style '${value}' given for '${KEY}'`;
      throw new LineageError('MERGE_CONFIG_BAD_STYLE', `${problem} in git's configuration.`, {
        hint: `Set it to merge, diff3 or zdiff3 (git config ${KEY} diff3), or remove it (git config --unset-all ${KEY}).`,
      });
    }
    style = value as MergeStyle;
  }
  return style;
}
