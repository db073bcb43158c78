import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from './repository.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

const rows = (count: number) =>
  Array.from({ length: count }, (_, i) => `{"row": ${i}, "value": "${i * 7919}"}\n`).join('');

describe('the change store', () => {
  it('deflates a change of megabytes, brotli-compresses the others, and reads both back checked', async () => {
    const repo = await tempRepository();
    const large = rows(40_000);
    expect(large.length).toBeGreaterThan(1 << 20);
    const big = recordText(repo, 'main', 'data.jsonl', large);
    const small = recordText(repo, 'main', 'notes.txt', 'a\n');
    const codec = repo.database.prepare('SELECT codec FROM change_data WHERE hash = ?').pluck();
    expect([codec.get(big), codec.get(small)]).toEqual([1, 0]);
    expect(Buffer.from(repo.changes.read(big).contents).includes(large)).toBe(true);
    const dir = repo.dir;
    await repo.close();
    // A new process reads the file from the deflated contents (its kept output refers to them).
    const again = await Repository.open(dir);
    try {
      expect(readText(again, 'main', 'data.jsonl')).toBe(large);
      const packed = again.database
        .prepare('SELECT contents FROM change_data WHERE hash = ?')
        .pluck()
        .get(big) as Buffer;
      const middle = packed.length >> 1;
      packed[middle] = (packed[middle] as number) ^ 0xff;
      again.database.prepare('UPDATE change_data SET contents = ? WHERE hash = ?').run(packed, big);
      expect(() => again.changes.read(big)).toThrow(expect.objectContaining({ code: 'CHANGE_CORRUPT' }));
    } finally {
      await again.close();
    }
  });
});
