import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '@lineage/test-utils';

export type FileTree = Record<string, string>;

/**
 * A git repository holding each version of a tree as one commit, tagged with its name: the
 * shape of a core library's release history, for snapshot and inference tests.
 */
export function repositoryWithVersions(versions: Array<[tag: string, files: FileTree | string]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'symbol-diff-repo-'));
  git(dir, ['init', '-q', '-b', 'main']);
  for (const [tag, files] of versions) {
    for (const entry of readdirSync(dir)) if (entry !== '.git') rmSync(join(dir, entry), { recursive: true });
    if (typeof files === 'string') cpSync(files, dir, { recursive: true });
    else writeTree(dir, files);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--allow-empty', '-m', `release ${tag}`]);
    git(dir, ['tag', tag]);
  }
  return dir;
}

export function writeTree(dir: string, files: FileTree): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
