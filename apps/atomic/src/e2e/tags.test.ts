import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Repository } from '@lineage/patch-graph';
import { hashTag, serializeTag, type Tag, TagStore, tagSchema } from '@lineage/tag-consolidation';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// Consolidating tags end to end from the built bin (issue 11).
const tempDir = useTempDirs('atomic-tags-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const noAi = { ATOMIC_AI_ENABLED: '', ATOMIC_AI_PROVIDER: '', ATOMIC_AI_MODEL: '', ATOMIC_AI_CONFIDENCE: '' };
// Dozens of CLI runs each, on a shared two-core machine.
const E2E_TIMEOUT = 240_000;
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
  it(
    'creates, lists, shows and deletes tags; a consolidating tag becomes the next change’s one dependency',
    () => {
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
    },
    E2E_TIMEOUT,
  );

  it(
    'forks a tag three ways, each channel holding exactly its changes; --minimal-deps depends on the tag anyway',
    () => {
      const run = cli();
      const { dir, hashes } = sprintRepository(run, 3);
      run.ok(dir, ['tag', 'create', '--consolidate', 'v1.0']);
      appendFileSync(join(dir, 'notes.txt'), 'line 4\n');
      run.ok(dir, ['record', '-m', 'after the tag']);
      run.ok(dir, ['fork', 'v1.0', 'a']);
      run.ok(dir, ['fork', '--state', 'v1.0', 'b']);
      run.ok(dir, ['fork', '--from-consolidation', 'v1.0', 'c']);
      // Seed 000's `fork --from-consolidation <tag>`: no NAME, the channel is named after the tag.
      expect(run.ok(dir, ['fork', '--from-consolidation', 'v1.0']).stdout).toBe('forked tag v1.0 as v1.0\n');
      expect(json<{ name: string }>(run.ok(dir, ['fork', '--from-consolidation', 'v1.0', '--json']).stdout).name).toBe(
        'v1.0-2',
      );
      const unnamed = run.run(dir, ['fork', '--channel', 'main']);
      expect(unnamed.code).toBe(2);
      expect(unnamed.stderr).toContain('[CHANNEL_NAME_MISSING]');
      const state = json<{ state: string }>(run.ok(dir, ['tag', 'show', 'v1.0', '--json']).stdout).state;
      for (const channel of ['a', 'b', 'c', 'v1.0', 'v1.0-2']) {
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
    },
    E2E_TIMEOUT,
  );
});

/** Seed 000's sprint: 25 records over three files, then a consolidating tag. */
function sprintOfThreeFiles(run: ReturnType<typeof cli>) {
  const dir = tempDir();
  run.ok(dir, ['init']);
  const files = ['auth.ts', 'api.ts', 'README.md'];
  for (let i = 1; i <= 25; i++) {
    const file = files[i % 3] as string;
    appendFileSync(join(dir, file), `change ${i}\n`);
    if (i <= 3) run.ok(dir, ['add', file]);
    run.ok(dir, ['record', '-m', `change ${i}`]);
  }
  run.ok(dir, ['tag', 'create', '--consolidate', 'v1.0', '-m', 'Sprint 1 Complete']);
  return { dir, files };
}

const filesOf = (dir: string, files: string[]) => files.map((file) => readFileSync(join(dir, file), 'utf8'));

describe('tags between repositories', () => {
  it(
    'the sprint: change 26 depends on v1.0 alone, and a fresh repository pulling only it gets all 26',
    () => {
      const run = cli();
      const { dir, files } = sprintOfThreeFiles(run);
      // Change 26 touches all three files: without the tag, three dependencies.
      for (const file of files) appendFileSync(join(dir, file), 'change 26\n');
      const c26 = json<{ hash: string; dependencies: Dependency[] }>(
        run.ok(dir, ['record', '-m', 'change 26', '--json']).stdout,
      );
      const v1 = json<{ hash: string }>(run.ok(dir, ['tag', 'show', 'v1.0', '--json']).stdout);
      expect(c26.dependencies).toEqual([{ type: 'tag', hash: v1.hash, name: 'v1.0' }]);

      const fresh = tempDir();
      run.ok(fresh, ['init']);
      const pulled = json<{ changes: string[] }>(run.ok(fresh, ['pull', dir, c26.hash.slice(0, 10), '--json']).stdout);
      expect(pulled.changes).toHaveLength(26);
      expect(run.ok(fresh, ['log', '--hash-only']).stdout.trim().split('\n')).toHaveLength(26);
      expect(filesOf(fresh, files)).toEqual(filesOf(dir, files));
      expect(run.ok(fresh, ['state']).stdout).toBe(run.ok(dir, ['state']).stdout);
      // The tag came with the change that needs it.
      expect(run.ok(fresh, ['tag', 'list', '--consolidating', '--latest']).stdout).toBe('v1.0\n');

      // Clone and push carry tags too.
      const clone = join(tempDir(), 'clone');
      run.ok(dir, ['clone', dir, clone]);
      expect(json<Array<{ name: string }>>(run.ok(clone, ['tag', 'list', '--json']).stdout).map((t) => t.name)).toEqual(
        ['v1.0'],
      );
      const pushed = tempDir();
      run.ok(pushed, ['init']);
      run.ok(dir, ['push', pushed]);
      expect(run.ok(pushed, ['tag', 'show', 'v1.0', '--json']).stdout).toContain(v1.hash);
    },
    E2E_TIMEOUT,
  );

  it(
    'refuses a pulled tag whose change list does not match its state, applying nothing',
    async () => {
      const run = cli();
      const { dir, files } = sprintOfThreeFiles(run);
      for (const file of files) appendFileSync(join(dir, file), 'change 26\n');
      const c26 = run.ok(dir, ['record', '-m', 'change 26']).stdout.trim();

      // The hostile source: a tag claiming v1.0's state with one change left out, stored behind the
      // tag store's back, and a change 26 that depends on it.
      const repo = await Repository.open(join(dir, '.atomic'), { schemas: [tagSchema] });
      const store = new TagStore(repo);
      const genuine = store.tagObject(store.get('v1.0'));
      const forged: Tag = {
        ...genuine,
        name: 'v1.0-forged',
        changes: genuine.changes.slice(0, -1),
        consolidatedChangeCount: 24,
      };
      const forgedHash = hashTag(forged);
      store.files.write(forgedHash, serializeTag(forged));
      const id = repo.database
        .prepare(
          `INSERT INTO consolidating_tags (hash, name, channel, state, state_sum, consolidating, dependency_count_before,
           dependency_count_after, consolidated_change_count, heads, timestamp, message, author)
         SELECT ?, ?, channel, state, state_sum, 1, 1, 1, 24, heads, timestamp, message, author FROM consolidating_tags WHERE name = 'v1.0'`,
        )
        .run(forgedHash, forged.name).lastInsertRowid;
      forged.changes.forEach((hash, position) => {
        repo.database
          .prepare('INSERT INTO tag_changes (tag_id, position, change_hash) VALUES (?, ?, ?)')
          .run(id, position, hash);
      });
      const change = repo.changes.read(c26);
      const hostile = repo.changes.write({
        ...change,
        dependencies: [{ type: 'tag', hash: forgedHash, name: 'v1.0' }],
      });
      await repo.close();

      const fresh = tempDir();
      run.ok(fresh, ['init']);
      const refused = run.run(fresh, ['pull', dir, hostile]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('[TAG_STATE_MISMATCH]');
      expect(run.ok(fresh, ['log', '--hash-only']).stdout).toBe('');
      expect(run.ok(fresh, ['tag', 'list', '--json']).stdout.trim()).toBe('[]');
      // Not one change or tag stayed behind.
      const tagFiles = join(fresh, '.atomic', 'tags');
      const left = existsSync(tagFiles) ? readdirSync(tagFiles, { recursive: true, withFileTypes: true }) : [];
      expect(left.filter((entry) => entry.isFile())).toEqual([]);
      const received = await Repository.open(join(fresh, '.atomic'));
      expect(received.changes.list()).toEqual([]);
      await received.close();
    },
    E2E_TIMEOUT,
  );
});
