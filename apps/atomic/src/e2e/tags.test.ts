import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// Consolidating tags end to end from the built bin (issue 11).
const tempDir = useTempDirs('atomic-tags-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const noAi = { ATOMIC_AI_ENABLED: '', ATOMIC_AI_PROVIDER: '', ATOMIC_AI_MODEL: '', ATOMIC_AI_CONFIDENCE: '' };
const json = <T = Record<string, unknown>>(text: string) => JSON.parse(text) as T;
const cli = () => binRunner(bin, { ATOMIC_AUTHOR: 'Ada <ada@example.com>', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });

type Dependency = { type: string; hash: string; name?: string };

/** A repository whose `notes.txt` gets one more line per record: each change depends on the one before. */
function sprintRepository(run: ReturnType<typeof cli>, records: number) {
  const dir = tempDir();
  run.ok(dir, ['init']);
  const hashes: string[] = [];
  for (let i = 1; i <= records; i++) {
    appendFileSync(join(dir, 'notes.txt'), `line ${i}\n`);
    if (i === 1) run.ok(dir, ['add', 'notes.txt']);
    hashes.push(run.ok(dir, ['record', '-m', `change ${i}`]).stdout.trim());
  }
  return { dir, hashes };
}

describe('atomic tag', () => {
  it('creates, lists, shows and deletes tags; a consolidating tag becomes the next change’s one dependency', () => {
    const run = cli();
    const { dir, hashes } = sprintRepository(run, 3);
    const created = json(run.ok(dir, ['tag', 'create', '--consolidate', 'v1.0', '-m', 'Sprint 1', '--json']).stdout);
    expect(created).toMatchObject({
      name: 'v1.0',
      consolidating: true,
      consolidatedChangeCount: 3,
      dependencyCountBefore: 1,
      dependencyCountAfter: 1,
      folded: 3,
      channel: 'main',
      message: 'Sprint 1',
    });
    expect(run.ok(dir, ['tag', 'create', 'plain']).stdout).toMatch(
      /^created tag plain \(\w{10}\): 3 change\(s\) of main/,
    );
    // Duplicate names are refused: a usage error.
    const duplicate = run.run(dir, ['tag', 'create', 'v1.0']);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('[TAG_EXISTS]');

    appendFileSync(join(dir, 'notes.txt'), 'line 4\n');
    const next = json<{ hash: string; dependencies: Dependency[] }>(
      run.ok(dir, ['record', '-m', 'change 4', '--json']).stdout,
    );
    expect(next.dependencies).toEqual([{ type: 'tag', hash: created.hash, name: 'v1.0' }]);
    expect(run.ok(dir, ['change', next.hash.slice(0, 8)]).stdout).toContain(`Depends on tag v1.0 ${created.hash}`);

    // Without a name, one is generated and printed.
    expect(json(run.ok(dir, ['tag', 'create', '--json']).stdout).name).toBe('main-4');
    const list = json<Array<{ name: string }>>(run.ok(dir, ['tag', 'list', '--json']).stdout);
    expect(list.map((tag) => tag.name)).toEqual(['v1.0', 'plain', 'main-4']);
    expect(run.ok(dir, ['tag', 'list', '--consolidating']).stdout.split('\n')[0]).toMatch(
      /^v1\.0\t\w{10}\tconsolidating\t3 changes\tmain/,
    );
    expect(run.ok(dir, ['tag', 'list', '--consolidating', '--latest']).stdout).toBe('v1.0\n');

    const shown = json<{ changes: string[]; summary: { totalChanges: number } }>(
      run.ok(dir, ['tag', 'show', 'v1.0', '--json']).stdout,
    );
    expect(shown.changes).toEqual(hashes);
    expect(shown.summary.totalChanges).toBe(3);
    expect(run.ok(dir, ['tag', 'show', 'v1.0']).stdout).toContain(
      'Dependencies a change needing all of it would have: 1 without the tag, 1 with it',
    );

    // A tag a change depends on stays; one nothing depends on goes.
    const refused = run.run(dir, ['tag', 'delete', 'v1.0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[TAG_HAS_DEPENDENTS]');
    run.ok(dir, ['tag', 'delete', 'plain']);
    const missing = run.run(dir, ['tag', 'show', 'plain']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('[TAG_NOT_FOUND]');
  });

  it('forks a tag three ways, each channel holding exactly its changes; --minimal-deps depends on the tag anyway', () => {
    const run = cli();
    const { dir, hashes } = sprintRepository(run, 3);
    run.ok(dir, ['tag', 'create', '--consolidate', 'v1.0']);
    appendFileSync(join(dir, 'notes.txt'), 'line 4\n');
    run.ok(dir, ['record', '-m', 'after the tag']);
    run.ok(dir, ['fork', 'v1.0', 'a']);
    run.ok(dir, ['fork', '--state', 'v1.0', 'b']);
    run.ok(dir, ['fork', '--from-consolidation', 'v1.0', 'c']);
    const state = json<{ state: string }>(run.ok(dir, ['tag', 'show', 'v1.0', '--json']).stdout).state;
    for (const channel of ['a', 'b', 'c']) {
      expect(run.ok(dir, ['log', '--channel', channel, '--hash-only']).stdout.trim().split('\n').reverse()).toEqual(
        hashes,
      );
      expect(run.ok(dir, ['state', '--channel', channel]).stdout.trim()).toBe(state);
    }
    // A change touching nothing older has no dependency, unless --minimal-deps.
    writeFileSync(join(dir, 'other.txt'), 'x\n');
    run.ok(dir, ['add', 'other.txt']);
    const plain = json<{ dependencies: Dependency[] }>(
      run.ok(dir, ['record', '--channel', 'a', '-m', 'agent', '--json', 'other.txt']).stdout,
    );
    expect(plain.dependencies).toEqual([]);
    writeFileSync(join(dir, 'third.txt'), 'y\n');
    run.ok(dir, ['add', 'third.txt']);
    const minimal = json<{ dependencies: Dependency[] }>(
      run.ok(dir, ['record', '--channel', 'b', '--minimal-deps', '-m', 'agent', '--json', 'third.txt']).stdout,
    );
    expect(minimal.dependencies).toMatchObject([{ type: 'tag', name: 'v1.0' }]);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('line 1\nline 2\nline 3\nline 4\n');
    // No tag to depend on: said so.
    run.ok(dir, ['channel', 'new', 'empty']);
    const none = run.run(dir, ['record', '--channel', 'empty', '--minimal-deps', '-m', 'x']);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('[TAG_NOT_FOUND]');
  });
});
