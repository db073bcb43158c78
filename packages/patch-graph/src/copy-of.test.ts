import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteDatabase } from '@lineage/sqlite-store';
import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from './repository.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

const copies: string[] = [];
afterEach(async () => {
  await closeRepositories();
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const rawOf = (repo: Repository) => (repo as unknown as { store: { raw: SqliteDatabase } }).store.raw;

/** A source with two channels, a conflict, a rename and a deletion. */
async function source(): Promise<Repository> {
  const repo = await tempRepository();
  recordText(repo, 'main', 'a', 'one\ntwo\nthree\n');
  recordText(repo, 'main', 'b', 'b\n');
  repo.forkChannel('main', 'agent');
  recordText(repo, 'main', 'a', 'one\nTWO\nthree\n');
  recordText(repo, 'agent', 'a', 'one\n2\nthree\n');
  repo.apply(
    'main',
    repo.log('agent').map((entry) => entry.hash),
  );
  repo.record('agent', {
    message: 'move and remove',
    authors: ['t'],
    edits: [
      { type: 'move', from: 'b', to: 'c' },
      { type: 'remove', path: 'a' },
    ],
  });
  return repo;
}

async function copy(repo: Repository, options: { deriveGraph?: boolean } = {}): Promise<Repository> {
  const dir = mkdtempSync(join(tmpdir(), 'patch-graph-copy-'));
  copies.push(dir);
  return Repository.copyOf(repo.dir, dir, options);
}

describe('Repository.copyOf', () => {
  it.each([
    ['taking the graph', false],
    ['deriving the graph', true],
  ])('shows every channel as the source does (%s)', async (_, deriveGraph) => {
    const repo = await source();
    const copied = await copy(repo, { deriveGraph });
    try {
      expect(copied.channels()).toEqual(repo.channels());
      for (const channel of repo.channels()) {
        expect(copied.log(channel)).toEqual(repo.log(channel));
        expect(copied.files(channel)).toEqual(repo.files(channel));
        expect(copied.conflicts(channel)).toEqual(repo.conflicts(channel));
        expect(copied.graphSnapshot(channel)).toEqual(repo.graphSnapshot(channel));
        for (const entry of repo.files(channel).filter((file) => file.kind === 'file')) {
          expect(readText(copied, channel, entry.path)).toBe(readText(repo, channel, entry.path));
        }
      }
      // And it works on: a record in the copy.
      recordText(copied, 'main', 'd', 'new\n');
      expect(readText(copied, 'main', 'd')).toBe('new\n');
    } finally {
      await copied.close();
    }
  });

  it('refuses a stored change that does not hash to its name, keeping nothing', async () => {
    const repo = await source();
    const [entry] = repo.log('main');
    rawOf(repo)
      .prepare('UPDATE change_data SET body = (SELECT body FROM change_data WHERE hash != ? LIMIT 1) WHERE hash = ?')
      .run(entry?.hash, entry?.hash);
    await expect(copy(repo)).rejects.toMatchObject({ code: 'CHANGE_CORRUPT' });
  });

  it('refuses a tree name its change does not hold, or one that leaves the repository', async () => {
    const repo = await source();
    const files = repo.files('main');
    const db = rawOf(repo);
    const [vertex, bytes] = db.prepare('SELECT vertex, bytes FROM names LIMIT 1').raw().get() as [number, Uint8Array];
    const escaping = Buffer.from(bytes);
    escaping.write('..', 1);
    db.prepare('UPDATE names SET bytes = ? WHERE vertex = ?').run(escaping.subarray(0, 3), vertex);
    await expect(copy(repo)).rejects.toMatchObject({ code: 'CHANGE_UNSAFE_PATH' });
    // Deriving the graph again ignores the source's names altogether.
    const derived = await copy(repo, { deriveGraph: true });
    expect(derived.files('main')).toEqual(files);
    await derived.close();
  });

  it('refuses a log whose states do not match its changes', async () => {
    const repo = await source();
    rawOf(repo)
      .prepare('UPDATE log_entries SET state = ? WHERE id = (SELECT max(id) FROM log_entries)')
      .run('X'.repeat(52));
    await expect(copy(repo)).rejects.toMatchObject({ code: 'CHANNEL_CORRUPT' });
  });
});
