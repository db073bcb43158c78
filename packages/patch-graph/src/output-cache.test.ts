import { afterEach, describe, expect, it } from 'vitest';
import { KEPT_OUTPUT_LINES, packOutput, unpackOutput } from './output-cache.js';
import { LineItem } from './output-items.js';
import { outputOf } from './record-file.js';
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
    const back = unpackOutput(packed);
    expect(back.items.map((item) => (item as LineItem).vertex)).toEqual(items.map((item) => item.vertex));
    expect(Buffer.from(outputOf(back.items).bytes).equals(text)).toBe(true);
    expect(Buffer.from(back.output?.bytes as Uint8Array).equals(text)).toBe(true);
  });

  it('keep nothing for small files or files with conflicts', () => {
    const items = [LineItem.of(5, Buffer.from('a\n'))];
    expect(packOutput({ items, conflicts: [] })).toBeNull();
    const many = Array.from({ length: KEPT_OUTPUT_LINES }, (_, i) => LineItem.of(i + 2, Buffer.from('x\n')));
    expect(packOutput({ items: many, conflicts: [{ kind: 'order', changes: [1, 2] }] })).toBeNull();
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
