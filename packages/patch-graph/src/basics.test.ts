import { afterEach, describe, expect, it } from 'vitest';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

describe('record, fork, apply', () => {
  it('records a file and outputs it back', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'a.txt', 'one\ntwo\nthree\n');
    expect(readText(repo, 'main', 'a.txt')).toBe('one\ntwo\nthree\n');
    recordText(repo, 'main', 'a.txt', 'one\n2\nthree\nfour');
    expect(readText(repo, 'main', 'a.txt')).toBe('one\n2\nthree\nfour');
    expect(repo.log('main')).toHaveLength(2);
  });

  it('makes an order conflict from concurrent inserts, and resolves it', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'a.txt', 'a\nb\n');
    repo.forkChannel('main', 'other');
    const x = recordText(repo, 'main', 'a.txt', 'a\nx\nb\n');
    const y = recordText(repo, 'other', 'a.txt', 'a\ny\nb\n');
    repo.apply('main', [y]);
    repo.apply('other', [x]);
    const merged = readText(repo, 'main', 'a.txt');
    expect(merged).toBe(readText(repo, 'other', 'a.txt'));
    expect(repo.state('main')).toBe(repo.state('other'));
    expect(merged).toMatch(/^a\n<<<<<<< \w+\n[xy]\n======= \w+\n[xy]\n>>>>>>> end of conflict\nb\n$/);
    expect(repo.conflicts('main')).toMatchObject([{ path: 'a.txt', kind: 'order' }]);
    recordText(repo, 'main', 'a.txt', 'a\nx\ny\nb\n');
    expect(readText(repo, 'main', 'a.txt')).toBe('a\nx\ny\nb\n');
    expect(repo.conflicts('main')).toEqual([]);
  });
});

describe('record only diffs the edited region, and still round-trips', () => {
  const cases: Array<[string, string]> = [
    ['a\nb\n', 'ab\n'],
    ['abc', 'abc\ndef'],
    ['abc', 'abcdef'],
    ['x\n', ''],
    ['', 'x'],
    ['a\nb\nc\n', 'z\na\nb\nc\n'],
    ['a\nb\nc\n', 'a\nb\nc\nz\n'],
    ['a\r\nb\r\n', 'a\r\nB\r\nb\r\n'],
    ['a\nb\nb\nb\nc\n', 'a\nb\nb\nc\n'],
    ['same\nsame\n', 'same\nsame\nsame\n'],
  ];
  for (const [before, after] of cases) {
    it(`${JSON.stringify(before)} → ${JSON.stringify(after)}`, async () => {
      const repo = await tempRepository();
      recordText(repo, 'main', 'f', before);
      if (before !== after) recordText(repo, 'main', 'f', after);
      expect(readText(repo, 'main', 'f')).toBe(after);
      // The cached output agrees with a fresh linearization of the graph.
      repo.forkChannel('main', 'copy');
      expect(readText(repo, 'copy', 'f')).toBe(after);
    });
  }
});
