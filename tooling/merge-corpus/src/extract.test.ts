import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { extractScenarios, listScenarioDirs, readScenario } from './index.js';

const tempDir = useTempDirs('merge-corpus-');

// A repository with one two-parent merge: notes.txt and data.bin modified on both sides,
// only-ours.txt on one side. The merge's resolution of notes.txt is hand-written.
function repository(): string {
  const repo = tempDir();
  const write = (file: string, text: string) => writeFileSync(join(repo, file), text);
  git(repo, ['init', '-q', '-b', 'main']);
  write('notes.txt', 'one\ntwo\nthree\n');
  write('only-ours.txt', 'x\n');
  write('data.bin', 'bin\0a');
  git(repo, ['add', '.']);
  git(repo, ['commit', '-qm', 'base']);
  git(repo, ['checkout', '-qb', 'topic']);
  write('notes.txt', 'one\ntwo\nTHREE\n');
  write('data.bin', 'bin\0b');
  git(repo, ['commit', '-qam', 'theirs']);
  git(repo, ['checkout', '-q', 'main']);
  write('notes.txt', 'ONE\ntwo\nthree\n');
  write('only-ours.txt', 'y\n');
  write('data.bin', 'bin\0c');
  git(repo, ['commit', '-qam', 'ours']);
  // data.bin conflicts (binary), so the merge stops; the resolution is committed by hand.
  spawnSync('git', ['merge', '-q', '--no-commit', 'topic'], {
    cwd: repo,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
  write('notes.txt', 'ONE\ntwo\nTHREE (resolved)\n');
  write('data.bin', 'bin\0c');
  git(repo, ['add', '.']);
  git(repo, ['commit', '-qm', 'merge topic']);
  return repo;
}

describe('extractScenarios', () => {
  it('writes base, ours, theirs and the resolution of each text file modified on both sides', () => {
    const repo = repository();
    const out = tempDir();
    const summary = extractScenarios(repo, { outDir: out, name: 'demo' });
    expect(summary).toMatchObject({ mergesExamined: 1, scenarios: 1, skippedBinary: 1, skippedCrissCross: 0 });
    const dirs = listScenarioDirs(out);
    expect(dirs).toHaveLength(1);
    const scenario = readScenario(dirs[0] as string);
    expect(scenario.meta).toMatchObject({ repository: 'demo', path: 'notes.txt' });
    expect(scenario.base.toString()).toBe('one\ntwo\nthree\n');
    expect(scenario.ours.toString()).toBe('ONE\ntwo\nthree\n');
    expect(scenario.theirs.toString()).toBe('one\ntwo\nTHREE\n');
    expect(readFileSync(join(dirs[0] as string, 'resolved'), 'utf8')).toBe('ONE\ntwo\nTHREE (resolved)\n');
  });
});
