import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySplices, content, type Splices, splices } from './law-generators.js';
import type { RecordEdit } from './recorder.js';
import type { Repository } from './repository.js';
import { closeRepositories, tempRepository } from './test-helpers.js';

// One repository per law, a fresh set of channels per case: opening SQLite per case would
// dominate. Identical changes recorded by two cases share a hash, which content addressing allows.
let repo: Repository;
// A second repository replays changes in another order, so row ids differ: outputs must not
// depend on them (they are local; only hashes are shared).
let mirror: Repository;
let counter = 0;
const fresh = (label: string) => `${label}-${counter++}`;
const RUNS = Number(process.env.LAW_RUNS ?? 600);
// Generous: these machines are shared; a slow run is not a failure of a law.
const LAW_TIMEOUT = 240_000;

beforeAll(async () => {
  repo = await tempRepository();
  mirror = await tempRepository();
});
afterAll(closeRepositories);

const FILES = ['a.txt', 'b.txt'];
let tick = 0;

function record(channel: string, edits: Parameters<Repository['record']>[1]['edits']): string | null {
  const result = repo.record(channel, {
    message: `case ${counter}`,
    authors: ['law'],
    timestamp: new Date(Date.UTC(2026, 0, 1) + tick++ * 1000).toISOString(),
    edits,
  });
  return result?.hash ?? null;
}

/** A channel holding the given files. */
function base(contents: Uint8Array[]): string {
  const channel = fresh('base');
  repo.createChannel(channel);
  record(
    channel,
    contents.map((bytes, i) => ({ type: 'add' as const, path: FILES[i] as string, content: bytes })),
  );
  return channel;
}

/** File-tree edits the commutation and inverse laws mix in (equal picks on both sides collide). */
const TREE_EDITS: Record<string, RecordEdit[]> = {
  none: [],
  'move a': [{ type: 'move', from: 'a.txt', to: 'c.txt' }],
  'move a elsewhere': [{ type: 'move', from: 'a.txt', to: 'e.txt' }],
  'remove b': [{ type: 'remove', path: 'b.txt' }],
  'add d': [{ type: 'add', path: 'd.txt', content: new TextEncoder().encode('d\n') }],
  'chmod a': [{ type: 'chmod', path: 'a.txt', executable: true }],
  'b into a directory': [
    { type: 'add', path: 'sub', kind: 'dir' },
    { type: 'move', from: 'b.txt', to: 'sub/b.txt' },
  ],
};
const treeEdit = fc.constantFrom(...Object.keys(TREE_EDITS));

/** Records splices of each file (then a tree edit) on a fork of `from`; returns the change hash (or null). */
function edit(from: string, channel: string, perFile: Splices[], tree = 'none'): string | null {
  repo.forkChannel(from, channel);
  const edits: RecordEdit[] = perFile.map((s, i) => {
    const path = FILES[i] as string;
    return { type: 'write' as const, path, content: applySplices(repo.readFile(channel, path), s) };
  });
  return record(channel, [...edits, ...(TREE_EDITS[tree] ?? [])]);
}

function view(channel: string, from: Repository = repo) {
  return {
    graph: from.graphSnapshot(channel),
    files: from
      .files(channel)
      .map((f) => [
        f.path,
        f.kind,
        f.executable,
        f.kind === 'dir' ? '' : Buffer.from(from.readFile(channel, f.path)).toString('latin1'),
      ]),
    conflicts: from.conflicts(channel),
    state: from.state(channel),
  };
}

const twoFiles = fc.tuple(content, content);
const twoEdits = fc.tuple(splices, splices);

describe('laws of the patch graph', () => {
  it(
    '1. commutation: two changes from one state, applied in either order, give the same graph, outputs and state',
    () => {
      fc.assert(
        fc.property(twoFiles, twoEdits, twoEdits, treeEdit, treeEdit, (files, e1, e2, t1, t2) => {
          const start = base(files);
          const left = fresh('left');
          const right = fresh('right');
          const c1 = edit(start, left, e1, t1);
          const c2 = edit(start, right, e2, t2);
          if (c2) repo.apply(left, [c2]);
          if (c1) repo.apply(right, [c1]);
          expect(view(left)).toEqual(view(right));
          const replay = fresh('replay');
          mirror.createChannel(replay);
          const hashes = [...repo.log(start).map((entry) => entry.hash), c2, c1].filter((h): h is string => h !== null);
          mirror.applyChanges(
            replay,
            hashes.map((hash) => [hash, repo.changes.read(hash)] as const),
          );
          expect(view(left, repo)).toEqual(view(replay, mirror));
        }),
        { numRuns: RUNS },
      );
    },
    LAW_TIMEOUT,
  );

  it(
    '2. inverse: unrecord(apply(S, c), c) = S, also when c made conflicts',
    () => {
      fc.assert(
        fc.property(twoFiles, twoEdits, twoEdits, treeEdit, treeEdit, (files, e1, e2, t1, t2) => {
          const start = base(files);
          const s = fresh('s');
          edit(start, s, e1, t1);
          const before = view(s);
          const c2 = edit(start, fresh('other'), e2, t2);
          if (!c2) return;
          repo.apply(s, [c2]);
          repo.unrecord(s, [c2]);
          expect(view(s)).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    },
    LAW_TIMEOUT,
  );

  it(
    '3. round trip: output(apply(S, record(S, W))) = W, for empty, CRLF, unterminated and binary files',
    () => {
      fc.assert(
        fc.property(twoFiles, content, content, (files, w1, w2) => {
          const channel = base(files);
          record(channel, [
            { type: 'write', path: 'a.txt', content: w1 },
            { type: 'write', path: 'b.txt', content: w2 },
          ]);
          expect(Buffer.from(repo.readFile(channel, 'a.txt'))).toEqual(Buffer.from(w1));
          expect(Buffer.from(repo.readFile(channel, 'b.txt'))).toEqual(Buffer.from(w2));
        }),
        { numRuns: RUNS },
      );
    },
    LAW_TIMEOUT,
  );

  it(
    '4. any dependency-respecting order of four changes gives the same result',
    () => {
      const permutation = fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 });
      fc.assert(
        fc.property(
          twoFiles,
          fc.array(twoEdits, { minLength: 4, maxLength: 4 }),
          fc.array(permutation, { minLength: 2, maxLength: 3 }),
          (files, edits, permutations) => {
            const start = base(files);
            // Three concurrent changes, and a fourth recorded on top of the first.
            const first = fresh('c');
            const c1 = edit(start, first, edits[0] as Splices[]);
            const c2 = edit(start, fresh('c'), edits[1] as Splices[]);
            const c3 = edit(start, fresh('c'), edits[2] as Splices[]);
            const c4 = edit(first, fresh('c'), edits[3] as Splices[]);
            const changes = [c1, c2, c3, c4];
            const results = permutations.map((keys, index) => {
              const order = changes.map((hash, i) => ({ hash, key: keys[i] as number })).sort((a, b) => a.key - b.key);
              // The fourth depends on the first: swap them if the shuffle put it before.
              const at1 = order.findIndex((o) => o.hash === c1);
              const at4 = order.findIndex((o) => o.hash === c4);
              if (at4 < at1)
                [order[at1], order[at4]] = [order[at4] as (typeof order)[0], order[at1] as (typeof order)[0]];
              const hashes = order.map((o) => o.hash).filter((h): h is string => h !== null);
              const channel = fresh('order');
              if (index % 2 === 0) {
                repo.forkChannel(start, channel);
                repo.apply(channel, hashes);
                return view(channel);
              }
              // Every other order is replayed in the mirror, where row ids come out differently.
              mirror.createChannel(channel);
              const all = [...repo.log(start).map((entry) => entry.hash), ...hashes];
              mirror.applyChanges(
                channel,
                all.map((hash) => [hash, repo.changes.read(hash)] as const),
              );
              return view(channel, mirror);
            });
            for (const result of results.slice(1)) expect(result).toEqual(results[0]);
          },
        ),
        { numRuns: Math.ceil(RUNS / 2) },
      );
    },
    LAW_TIMEOUT,
  );

  it(
    '5. dependencies are sufficient (the change applies with only its closure) and minimal',
    () => {
      fc.assert(
        fc.property(twoFiles, fc.array(twoEdits, { minLength: 2, maxLength: 3 }), (files, edits) => {
          let channel = base(files);
          let last: string | null = null;
          for (const e of edits) {
            const next = fresh('chain');
            last = edit(channel, next, e) ?? last;
            channel = next;
          }
          if (!last) return;
          const change = repo.changes.read(last);
          const alone = fresh('alone');
          repo.createChannel(alone);
          repo.applyWithDependencies(alone, [last]);
          expect(repo.log(alone).map((entry) => entry.hash)).toContain(last);
          const deps = change.dependencies.map((d) => d.hash);
          for (const dep of deps) {
            const others = deps.filter((other) => other !== dep);
            const probe = fresh('probe');
            repo.createChannel(probe);
            repo.applyWithDependencies(probe, others);
            // Minimal: no other dependency brings this one along.
            expect(repo.log(probe).map((entry) => entry.hash)).not.toContain(dep);
          }
        }),
        { numRuns: Math.ceil(RUNS / 4) },
      );
    },
    LAW_TIMEOUT,
  );
});
