import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// `ignore` implements gitignore's matching rules (negation, anchoring, directory-only
// patterns, escapes) as git documents them; writing our own would repeat its edge cases.
import ignore from 'ignore';
import { DOT_DIR } from './layout.js';

export const IGNORE_FILE = '.atomicignore';

/**
 * The predicate "leave this path out when adding or listing untracked files": the
 * repository's own directory, and the patterns of `.atomicignore` (gitignore syntax) at the
 * root of the working copy. Tracked files are never ignored (as in git).
 */
export function loadIgnore(root: string): (path: string, isDir?: boolean) => boolean {
  const file = join(root, IGNORE_FILE);
  const rules = ignore();
  if (existsSync(file)) rules.add(readFileSync(file, 'utf8'));
  return (path, isDir = false) => {
    if (path === DOT_DIR || path.startsWith(`${DOT_DIR}/`)) return true;
    return rules.ignores(isDir ? `${path}/` : path);
  };
}
