import { LineItem, outputOf } from '@lineage/graph-output';
import { afterEach, describe, expect, it } from 'vitest';
import { KEPT_OUTPUT_LINES, packOutput, REFERENCED_RUN_BYTES, unpackOutput } from './output-cache.js';
import { Repository } from './repository.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

const lines = (count: number, tag = '') => Array.from({ length: count }, (_, i) => `line ${i}${tag}\n`).join('');

describe('kept outputs', () => {
  it('pack and unpack a file to the same lines, vertices and bytes', () => {
    const text = Buffer.from(lines(KEPT_OUTPUT_LINES));
    const items = text
      .toString()
      .split(/(?<=\n)/)
      .map((line, i) => LineItem.of(i % 2 === 0 ? 1000 + i : 50 + i, Buffer.from(line)));
    const packed = packOutput({ items, conflicts: [] }) as Uint8Array;
    const back = unpackOutput(packed, () => {
      throw new Error('short runs keep their bytes');
    });
    expect(back.items.map((item) => (item as LineItem).vertex)).toEqual(items.map((item) => item.vertex));
    expect(Buffer.from(outputOf(back.items).bytes).equals(text)).toBe(true);
  });

  it('keep a long run of one change as a reference to its vertices, and its neighbours as bytes', () => {
    const long = Array.from({ length: KEPT_OUTPUT_LINES }, (_, i) => `a longer line of a generated file, ${i}\n`);
    expect(long.join('').length).toBeGreaterThanOrEqual(REFERENCED_RUN_BYTES);
    const byVertex = new Map(long.map((line, i) => [5000 + i, LineItem.of(5000 + i, Buffer.from(line))]));
    const items = [LineItem.of(7, Buffer.from('edited\n')), ...byVertex.values(), LineItem.of(9, Buffer.from('end'))];
    const packed = packOutput({ items, conflicts: [] }) as Uint8Array;
    expect(packed.length).toBeLessThan(64);
    const asked: Array<[number, number]> = [];
    const back = unpackOutput(packed, (first, count, into) => {
      asked.push([first, count]);
      for (let v = first; v < first + count; v++) into.push(byVertex.get(v) as LineItem);
    });
    expect(asked).toEqual([[5000, KEPT_OUTPUT_LINES]]);
    expect(back.items.map((item) => (item as LineItem).vertex)).toEqual(items.map((item) => item.vertex));
    expect(Buffer.from(outputOf(back.items).bytes).toString()).toBe(`edited\n${long.join('')}end`);
  });

  it('keep nothing for small files, files with conflicts or lines shown as zombies', () => {
    const items = [LineItem.of(5, Buffer.from('a\n'))];
    expect(packOutput({ items, conflicts: [] })).toBeNull();
    const many = Array.from({ length: KEPT_OUTPUT_LINES }, (_, i) => LineItem.of(i + 2, Buffer.from('x\n')));
    expect(packOutput({ items: many, conflicts: [{ kind: 'order', changes: [1, 2] }] })).toBeNull();
    (many[9] as LineItem).zombie = true;
    expect(packOutput({ items: many, conflicts: [] })).toBeNull();
  });

  it('are read back by the next process, per state, and give the same bytes as linearizing', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'big', lines(3 * KEPT_OUTPUT_LINES));
    recordText(repo, 'main', 'big', lines(3 * KEPT_OUTPUT_LINES).replace('line 7\n', 'line seven\n'));
    repo.forkChannel('main', 'other');
    recordText(repo, 'other', 'big', lines(3 * KEPT_OUTPUT_LINES, '!'));
    const expected = { main: readText(repo, 'main', 'big'), other: readText(repo, 'other', 'big') };
    const dir = repo.dir;
    const again = await Repository.open(dir);
    try {
      const kept = (again as unknown as { store: { raw: import('@lineage/sqlite-store').SqliteDatabase } }).store.raw
        .prepare("SELECT count(*) FROM derived_cache WHERE kind LIKE 'output:%'")
        .pluck()
        .get();
      // Each channel's state, and the one before its newest change (main's first record).
      expect(kept).toBe(3);
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
});
