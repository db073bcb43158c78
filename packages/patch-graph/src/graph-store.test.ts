import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeEdges, emptyColumns, encodeEdges } from './edge-codec.js';
import { applySplices, content, type Splices, splices } from './law-generators.js';
import { Repository } from './repository.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

type Step =
  | { type: 'edit'; channel: number; edits: Splices }
  | { type: 'apply'; from: number; to: number }
  | { type: 'unrecord'; channel: number; back: number }
  | { type: 'fork'; channel: number }
  | { type: 'delete'; channel: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constant('edit' as const), channel: fc.nat(3), edits: splices }),
  fc.record({ type: fc.constant('apply' as const), from: fc.nat(3), to: fc.nat(3) }),
  fc.record({ type: fc.constant('unrecord' as const), channel: fc.nat(3), back: fc.nat(3) }),
  fc.record({ type: fc.constant('fork' as const), channel: fc.nat(3) }),
  fc.record({ type: fc.constant('delete' as const), channel: fc.nat(3) }),
);

let forks = 0;

function run(repo: Repository, steps: Step[]): void {
  const pick = (n: number) => {
    const names = repo.channels();
    return names[n % names.length] as string;
  };
  for (const s of steps) {
    if (s.type === 'edit') {
      const channel = pick(s.channel);
      const before = Buffer.from(readText(repo, channel, 'a.txt'), 'latin1');
      const next = applySplices(before, s.edits);
      if (Buffer.compare(next, before) !== 0) recordText(repo, channel, 'a.txt', next);
    } else if (s.type === 'apply') {
      repo.apply(
        pick(s.to),
        repo.log(pick(s.from)).map((entry) => entry.hash),
      );
    } else if (s.type === 'unrecord') {
      // Not only the newest: unrecording an older change re-links the later log entries.
      const channel = pick(s.channel);
      const log = repo.log(channel);
      const target = log[Math.max(1, log.length - 1 - s.back)];
      try {
        if (target && log.length > 1) repo.unrecord(channel, [target.hash]);
      } catch {
        // Refused: another change depends on it. Nothing changed.
      }
    } else if (s.type === 'fork') {
      repo.forkChannel(pick(s.channel), `fork-${forks++}`);
    } else if (repo.channels().length > 1) {
      repo.deleteChannel(pick(s.channel));
    }
    // Conflicts are cached per state and carried over by each write: ask, so later writes carry.
    for (const channel of repo.channels()) repo.conflicts(channel);
  }
}

/** What a channel shows, independent of row ids. */
function view(repo: Repository, channel: string) {
  return {
    graph: repo.graphSnapshot(channel),
    text: readText(repo, channel, 'a.txt'),
    conflicts: repo.conflicts(channel),
    state: repo.state(channel),
  };
}

function logInvariant(repo: Repository): void {
  const db = (repo as unknown as { store: { raw: import('@lineage/sqlite-store').SqliteDatabase } }).store.raw;
  // Every entry is referred to exactly `refs` times, by channels and later entries; none is orphaned.
  const wrong = db
    .prepare(
      `SELECT e.id FROM log_entries e WHERE e.refs <>
         (SELECT count(*) FROM channels c WHERE c.head = e.id) + (SELECT count(*) FROM log_entries n WHERE n.previous = e.id)
       OR e.refs = 0`,
    )
    .all();
  expect(wrong).toEqual([]);
}

describe('the shared graph', () => {
  it('shows each channel (conflicts carried from state to state included) as a repository holding only that channel would, through records, applies, unrecords, forks and deletions', async () => {
    await fc.assert(
      fc.asyncProperty(
        content,
        fc.array(fc.array(step, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        async (initial, rounds) => {
          const repo = await tempRepository();
          recordText(repo, 'main', 'a.txt', initial);
          for (const steps of rounds) run(repo, steps);
          logInvariant(repo);
          const alone = await tempRepository();
          for (const channel of repo.channels()) {
            const name = `alone-${channel}`;
            alone.createChannel(name);
            alone.applyChanges(
              name,
              repo.log(channel).map((entry) => [entry.hash, repo.changes.read(entry.hash)] as const),
            );
            expect(view(alone, name)).toEqual(view(repo, channel));
            // Every log entry's state is the state of the changes up to it.
            expect(repo.log(channel).map((entry) => entry.state)).toEqual(alone.log(name).map((entry) => entry.state));
          }
          // A new process decodes the graph from its stored parts and sees the same.
          const before = repo.channels().map((channel) => view(repo, channel));
          const reopened = await Repository.open(repo.dir);
          expect(reopened.channels().map((channel) => view(reopened, channel))).toEqual(before);
          await reopened.close();
          await closeRepositories();
        },
      ),
      { numRuns: Number(process.env.LAW_RUNS ?? 600) / 10 },
    );
  }, 240_000);

  it('forks a long channel by adding one row: no log entry, no graph part', async () => {
    const repo = await tempRepository();
    for (let i = 0; i < 200; i++) recordText(repo, 'main', `f${i % 7}.txt`, `line ${i}\n`);
    const db = (repo as unknown as { store: { raw: import('@lineage/sqlite-store').SqliteDatabase } }).store.raw;
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const before = {
      entries: count('log_entries'),
      parts: count('graph_parts'),
      pages: db.pragma('page_count', { simple: true }),
    };
    repo.forkChannel('main', 'agent');
    expect({ entries: count('log_entries'), parts: count('graph_parts') }).toEqual({
      entries: before.entries,
      parts: before.parts,
    });
    expect(db.pragma('page_count', { simple: true })).toBeLessThanOrEqual((before.pages as number) + 1);
    expect(repo.state('agent')).toBe(repo.state('main'));
    // Deleting it deletes nothing the source uses; a record on the fork is its own entry.
    recordText(repo, 'agent', 'f0.txt', 'agent\n');
    expect(count('log_entries')).toBe(before.entries + 1);
    repo.deleteChannel('agent');
    expect(count('log_entries')).toBe(before.entries);
    expect(readText(repo, 'main', 'f0.txt')).toBe('line 196\n');
  });

  it('keeps a long-edited file in few stored parts, and reads it back the same from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parts-'));
    try {
      const repo = await Repository.open(dir);
      repo.createChannel('main');
      let text = '';
      for (let i = 0; i < 60; i++) {
        text = `${text}line ${i}\n`;
        recordText(repo, 'main', 'a.txt', text);
      }
      const db = (repo as unknown as { store: { raw: import('@lineage/sqlite-store').SqliteDatabase } }).store.raw;
      const parts = db.prepare('SELECT count(*) FROM graph_parts GROUP BY inode ORDER BY 1 DESC').pluck().get();
      expect(parts).toBeLessThanOrEqual(17);
      await repo.close();
      const reopened = await Repository.open(dir);
      expect(readText(reopened, 'main', 'a.txt')).toBe(text);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('edge codec', () => {
  it('decodes what it encodes, from any position in a file', () => {
    const edge = fc.record({
      from: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      to: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      flag: fc.nat(63),
      by: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      back: fc.nat(50),
    });
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 300 }), fc.nat(1000), (edges, first) => {
        const columns = emptyColumns(edges.length);
        edges.forEach((e, i) => {
          columns.from[i] = e.from;
          columns.to[i] = e.to;
          columns.flag[i] = e.flag;
          columns.by[i] = e.by;
          columns.replaces[i] = e.back === 0 || e.back > first + i ? -1 : first + i - e.back;
        });
        const decoded = decodeEdges(encodeEdges(columns, 0, edges.length, first), first);
        expect(decoded.count).toBe(edges.length);
        for (const key of ['from', 'to', 'flag', 'by', 'replaces'] as const) {
          expect(Array.from(decoded.columns[key])).toEqual(Array.from(columns[key]));
        }
      }),
    );
  });
});
