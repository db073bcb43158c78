import { join } from 'node:path';
import { openStore, type SqliteDatabase } from '@lineage/sqlite-store';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FileEdges } from './file-edges.js';
import { applySplices, content, type Splices, splices } from './law-generators.js';
import type { Repository } from './repository.js';
import { patchGraphSchema } from './schema.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

type Step =
  | { type: 'edit'; channel: number; edits: Splices }
  | { type: 'apply'; from: number; to: number }
  | { type: 'unrecord'; channel: number }
  | { type: 'fork'; channel: number }
  | { type: 'delete'; channel: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constant('edit' as const), channel: fc.nat(3), edits: splices }),
  fc.record({ type: fc.constant('apply' as const), from: fc.nat(3), to: fc.nat(3) }),
  fc.record({ type: fc.constant('unrecord' as const), channel: fc.nat(3) }),
  fc.record({ type: fc.constant('fork' as const), channel: fc.nat(3) }),
  fc.record({ type: fc.constant('delete' as const), channel: fc.nat(3) }),
);

/** The current edges straight from the rows, as sorted `from,to,flag,by` strings. */
function rowEdges(db: SqliteDatabase, channelId: number, inode: number): string[] {
  return (
    db
      .prepare(
        `SELECT from_id || ',' || to_id || ',' || flag || ',' || introduced_by FROM edges
         WHERE channel_id = ? AND inode_id = ? AND superseded = 0`,
      )
      .pluck()
      .all(channelId, inode) as string[]
  ).sort();
}

function snapshotEdges(edges: FileEdges, channelId: number, inode: number): string[] {
  const quads = edges.read(channelId, inode);
  const result: string[] = [];
  for (let e = 0; e < quads.length; e += 4) result.push(Array.from(quads.subarray(e, e + 4)).join(','));
  return result.sort();
}

let forks = 0;

function run(repo: Repository, steps: Step[]): void {
  const pick = (n: number) => {
    const names = repo.channels();
    return names[n % names.length] as string;
  };
  for (const s of steps) {
    if (s.type === 'edit') {
      const channel = pick(s.channel);
      const next = applySplices(Buffer.from(readText(repo, channel, 'a.txt'), 'latin1'), s.edits);
      if (Buffer.compare(next, Buffer.from(readText(repo, channel, 'a.txt'), 'latin1')) !== 0) {
        recordText(repo, channel, 'a.txt', next);
      }
    } else if (s.type === 'apply') {
      repo.apply(
        pick(s.to),
        repo.log(pick(s.from)).map((entry) => entry.hash),
      );
    } else if (s.type === 'unrecord') {
      const channel = pick(s.channel);
      const last = repo.log(channel).at(-1);
      try {
        if (last && repo.log(channel).length > 1) repo.unrecord(channel, [last.hash]);
      } catch {
        // Refused: another change depends on it. Nothing changed.
      }
    } else if (s.type === 'fork') {
      repo.forkChannel(pick(s.channel), `fork-${forks++}`);
    } else if (repo.channels().length > 1) {
      repo.deleteChannel(pick(s.channel));
    }
  }
}

describe('file edge snapshots', () => {
  it('read the same edges as the rows through records, applies, unrecords, forks and deletions', async () => {
    await fc.assert(
      fc.asyncProperty(
        content,
        fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        async (initial, rounds) => {
          const repo = await tempRepository();
          recordText(repo, 'main', 'a.txt', initial);
          // A second connection whose reader snapshots every file and folds after two events, so
          // the triggers and the folding run on small graphs.
          const store = await openStore(join(repo.dir, 'pristine.db'), [patchGraphSchema]);
          try {
            const edges = new FileEdges(store.raw, { minEdges: 1, foldAfterEvents: 2 });
            const check = () => {
              const channels = store.raw.prepare('SELECT id FROM channels').pluck().all() as number[];
              const inodes = store.raw.prepare('SELECT DISTINCT inode_id FROM edges').pluck().all() as number[];
              for (const channel of channels) {
                for (const inode of inodes) {
                  expect(snapshotEdges(edges, channel, inode)).toEqual(rowEdges(store.raw, channel, inode));
                }
              }
            };
            check();
            for (const steps of rounds) {
              run(repo, steps);
              check();
            }
            const snapshots = store.raw.prepare('SELECT count(*) FROM file_edge_snapshots').pluck().get() as number;
            expect(snapshots).toBeGreaterThan(0);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: Number(process.env.LAW_RUNS ?? 600) / 6 },
    );
  }, 240_000);

  it('leaves a snapshot alone while another connection holds the write lock, and is right anyway', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'a.txt', 'a\nb\nc\n');
    const store = await openStore(join(repo.dir, 'pristine.db'), [patchGraphSchema]);
    const other = await openStore(join(repo.dir, 'pristine.db'), [patchGraphSchema]);
    try {
      const edges = new FileEdges(store.raw, { minEdges: 1 });
      const channel = store.raw.prepare("SELECT id FROM channels WHERE name = 'main'").pluck().get() as number;
      const inodes = store.raw.prepare('SELECT DISTINCT inode_id FROM edges').pluck().all() as number[];
      other.raw.prepare('BEGIN IMMEDIATE').run();
      for (const inode of inodes)
        expect(snapshotEdges(edges, channel, inode)).toEqual(rowEdges(store.raw, channel, inode));
      other.raw.prepare('ROLLBACK').run();
      expect(store.raw.prepare('SELECT count(*) FROM file_edge_snapshots').pluck().get()).toBe(0);
      edges.read(channel, inodes[0] as number);
      expect(store.raw.prepare('SELECT count(*) FROM file_edge_snapshots').pluck().get()).toBe(1);
    } finally {
      await store.close();
      await other.close();
    }
  });
});
