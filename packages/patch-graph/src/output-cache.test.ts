import { LineItem, outputOf, PlainLines } from '@lineage/graph-output';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { KEPT_OUTPUT_LINES, packOutput, REFERENCED_RUN_BYTES, unpackOutput } from './output-cache.js';
import { spliceOutput } from './record-file.js';
import { Repository } from './repository.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

const noOwner = () => {
  throw new Error('only long runs ask for their change');
};

const lines = (count: number, tag = '') => Array.from({ length: count }, (_, i) => `line ${i}${tag}\n`).join('');

describe('kept outputs', () => {
  it('pack and unpack a file to the same lines, vertices and bytes', () => {
    const text = Buffer.from(lines(KEPT_OUTPUT_LINES));
    const items = text
      .toString()
      .split(/(?<=\n)/)
      .map((line, i) => LineItem.of(i % 2 === 0 ? 1000 + i : 50 + i, Buffer.from(line)));
    const packed = packOutput({ items, conflicts: [] }, noOwner) as Uint8Array;
    const back = unpackOutput(packed, () => {
      throw new Error('short runs keep their bytes');
    });
    expect([...back.vertices]).toEqual(items.map((item) => item.vertex));
    expect(Buffer.from(back.output.bytes).equals(text)).toBe(true);
    expect(Buffer.from(outputOf(back.items).bytes).equals(text)).toBe(true);
  });

  it('keep a long run that makes most of its change as a reference to its vertices, its neighbours as bytes', () => {
    const long = Array.from({ length: KEPT_OUTPUT_LINES }, (_, i) => `a longer line of a generated file, ${i}\n`);
    const longBytes = long.join('').length;
    expect(longBytes).toBeGreaterThanOrEqual(REFERENCED_RUN_BYTES);
    const byVertex = new Map(long.map((line, i) => [5000 + i, LineItem.of(5000 + i, Buffer.from(line))]));
    const items = [LineItem.of(7, Buffer.from('edited\n')), ...byVertex.values(), LineItem.of(9, Buffer.from('end'))];
    const asked: Array<[number, number]> = [];
    const lines = (first: number, count: number, each: (source: Uint8Array, start: number, end: number) => void) => {
      asked.push([first, count]);
      for (let v = first; v < first + count; v++) {
        const line = byVertex.get(v) as LineItem;
        each(line.source, line.start, line.end);
      }
    };
    // The run is the whole of its change (a new file): a reference.
    const packed = packOutput({ items, conflicts: [] }, () => ({ changeId: 3, contentsLength: longBytes + 20 }));
    expect((packed as Uint8Array).length).toBeLessThan(64);
    const back = unpackOutput(packed as Uint8Array, lines);
    expect(asked).toEqual([[5000, KEPT_OUTPUT_LINES]]);
    expect([...back.vertices]).toEqual(items.map((item) => item.vertex));
    expect(Buffer.from(back.output.bytes).toString()).toBe(`edited\n${long.join('')}end`);
    // The same run as a third of a large import: its bytes are kept, the import is not read back.
    const inImport = packOutput({ items, conflicts: [] }, () => ({ changeId: 3, contentsLength: 3 * longBytes }));
    expect((inImport as Uint8Array).length).toBeGreaterThan(1000);
    expect(unpackOutput(inImport as Uint8Array, noOwner).output.bytes).toEqual(outputOf(items).bytes);
  });

  it('pack a file the same from its columns as from its items, and unpack it to them', () => {
    // Runs of consecutive vertices of various lengths, some long enough to be references.
    const runsArbitrary = fc.array(
      fc.record({ gap: fc.integer({ min: 1, max: 50 }), count: fc.integer({ min: 1, max: 900 }) }),
      {
        minLength: 1,
        maxLength: 8,
      },
    );
    fc.assert(
      fc.property(runsArbitrary, fc.boolean(), (runs, large) => {
        const items: LineItem[] = [];
        let vertex = 10;
        for (const { gap, count } of runs) {
          vertex += gap;
          for (let k = 0; k < count; k++, vertex++)
            items.push(LineItem.of(vertex, Buffer.from(`${vertex}${large ? ' '.repeat(70) : ''}\n`)));
        }
        while (items.length < KEPT_OUTPUT_LINES) items.push(LineItem.of(++vertex, Buffer.from('pad\n')));
        const output = outputOf(items);
        const owner = (v: number) => ({ changeId: v >> 12, contentsLength: 2 * REFERENCED_RUN_BYTES });
        const fromItems = packOutput({ items, conflicts: [] }, owner) as Uint8Array;
        const fromColumns = packOutput(
          new PlainLines(
            Int32Array.from(items, (item) => item.vertex),
            output,
          ),
          owner,
        );
        expect(fromColumns).toEqual(fromItems);
        const byVertex = new Map(items.map((item) => [item.vertex, item]));
        const back = unpackOutput(fromItems, (first, count, each) => {
          for (let v = first; v < first + count; v++) {
            const line = byVertex.get(v) as LineItem;
            each(line.source, line.start, line.end);
          }
        });
        expect([...back.vertices]).toEqual(items.map((item) => item.vertex));
        expect(Buffer.from(back.output.bytes).equals(Buffer.from(output.bytes))).toBe(true);
        expect([...back.output.offsets]).toEqual([...output.offsets]);
      }),
      { numRuns: 30 },
    );
  });

  it('splice an edit into columns as into items: vertices, offsets and bytes', () => {
    const lineArbitrary = fc.string({ maxLength: 6 }).map((text) => `${text.replaceAll('\n', '')}\n`);
    fc.assert(
      fc.property(
        fc.array(lineArbitrary, { maxLength: 30 }),
        fc.array(
          fc.record({ at: fc.nat(), drop: fc.nat({ max: 3 }), add: fc.array(lineArbitrary, { maxLength: 3 }) }),
          {
            maxLength: 4,
          },
        ),
        (lines, edits) => {
          const items = lines.map((line, i) => LineItem.of(100 + i, Buffer.from(line)));
          // Non-overlapping splices in order, each dropping a few lines and adding a few.
          const splices = [];
          let next = 0;
          let draft = 0;
          for (const { at, drop, add } of edits) {
            const oldStart = next + (at % (lines.length - next + 1));
            const oldCount = Math.min(drop, lines.length - oldStart);
            splices.push({ oldStart, oldCount, vertices: add.map(() => -++draft), texts: add });
            next = oldStart + oldCount;
            if (next >= lines.length) break;
          }
          const expected: string[] = [];
          let at = 0;
          for (const splice of splices) {
            expected.push(...lines.slice(at, splice.oldStart), ...splice.texts);
            at = splice.oldStart + splice.oldCount;
          }
          expected.push(...lines.slice(at));
          const content = Buffer.from(expected.join(''));
          const vertexOf = (v: number) => (v > 0 ? v : 5000 - v);
          const old = { items, conflicts: [], output: outputOf(items) };
          const plainOld = new PlainLines(
            Int32Array.from(items, (item) => item.vertex),
            old.output,
          );
          const fromItems = spliceOutput(old, content, splices, vertexOf);
          const fromColumns = spliceOutput(plainOld, content, splices, vertexOf);
          expect(Buffer.from(fromItems.output.bytes).equals(content)).toBe(true);
          expect([...fromItems.output.offsets]).toEqual([...outputOf(fromItems.items).offsets]);
          expect([...fromColumns.vertices]).toEqual([...fromItems.vertices]);
          expect([...fromColumns.output.offsets]).toEqual([...fromItems.output.offsets]);
          expect(fromItems.items.map((item) => (item as LineItem).vertex)).toEqual([...fromItems.vertices]);
        },
      ),
    );
  });

  it('keep nothing for small files, files with conflicts or lines shown as zombies', () => {
    const items = [LineItem.of(5, Buffer.from('a\n'))];
    expect(packOutput({ items, conflicts: [] }, noOwner)).toBeNull();
    const many = Array.from({ length: KEPT_OUTPUT_LINES }, (_, i) => LineItem.of(i + 2, Buffer.from('x\n')));
    expect(packOutput({ items: many, conflicts: [{ kind: 'order', changes: [1, 2] }] }, noOwner)).toBeNull();
    (many[9] as LineItem).zombie = true;
    expect(packOutput({ items: many, conflicts: [] }, noOwner)).toBeNull();
  });

  it('are read back by the next process, per state, and give the same bytes as linearizing', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'big', lines(3 * KEPT_OUTPUT_LINES));
    recordText(repo, 'main', 'big', lines(3 * KEPT_OUTPUT_LINES).replace('line 7\n', 'line seven\n'));
    repo.forkChannel('main', 'other');
    recordText(repo, 'other', 'big', lines(3 * KEPT_OUTPUT_LINES, '!'));
    const expected = { main: readText(repo, 'main', 'big'), other: readText(repo, 'other', 'big') };
    const dir = repo.dir;
    const keptOutputs = (r: Repository) =>
      r.database.prepare("SELECT count(*) FROM derived_cache WHERE kind LIKE 'output:%'").pluck().get();
    // Kept when the repository closes, not at each record.
    expect(keptOutputs(repo)).toBe(0);
    await repo.close();
    const again = await Repository.open(dir);
    try {
      // The newest output of the file in each channel.
      expect(keptOutputs(again)).toBe(2);
      expect(readText(again, 'main', 'big')).toBe(expected.main);
      expect(readText(again, 'other', 'big')).toBe(expected.other);
      // A record on top of a kept output splices it as it would a linearized one.
      recordText(again, 'main', 'big', `${expected.main}tail\n`);
      expect(readText(again, 'main', 'big')).toBe(`${expected.main}tail\n`);
      again.unrecord('main', [again.log('main').at(-1)?.hash as string]);
      expect(readText(again, 'main', 'big')).toBe(expected.main);
    } finally {
      await again.close();
    }
  });

  it('are not kept for a record rolled back with its transaction', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'small', 'a\n');
    expect(() =>
      repo.transaction(() => {
        recordText(repo, 'main', 'big', lines(KEPT_OUTPUT_LINES));
        throw new Error('abandoned');
      }),
    ).toThrow('abandoned');
    const dir = repo.dir;
    await repo.close();
    const again = await Repository.open(dir);
    try {
      expect(again.database.prepare('SELECT count(*) FROM derived_cache').pluck().get()).toBe(0);
      expect(again.files('main').map((file) => file.path)).toEqual(['small']);
    } finally {
      await again.close();
    }
  });

  it('close even when they cannot be written, losing only the cache', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'big', lines(KEPT_OUTPUT_LINES));
    const dir = repo.dir;
    repo.database.pragma('query_only = ON');
    await repo.close();
    const again = await Repository.open(dir);
    try {
      expect(
        again.database.prepare("SELECT count(*) FROM derived_cache WHERE kind LIKE 'output:%'").pluck().get(),
      ).toBe(0);
      expect(readText(again, 'main', 'big')).toBe(lines(KEPT_OUTPUT_LINES));
    } finally {
      await again.close();
    }
  });
});
