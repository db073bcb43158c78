import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeTrees, type Tree, validateResolved } from './index.js';

const tree = (files: Record<string, string>): Tree =>
  new Map(Object.entries(files).map(([path, text]) => [path, new Uint8Array(Buffer.from(text))]));
const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : null);

describe('mergeTrees', () => {
  it('takes one-sided changes, identical changes once, and merges both-sided edits as text', () => {
    const base = tree({ 'a.txt': '1\n2\n3\n4\n5\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'gone.txt': 'x\n' });
    const ours = tree({ 'a.txt': 'ONE\n2\n3\n4\n5\n', 'b.txt': 'B\n', 'c.txt': 'c\n', 'same.txt': 's\n' });
    const theirs = tree({
      'a.txt': '1\n2\n3\n4\nFIVE\n',
      'b.txt': 'b\n',
      'c.txt': 'C\n',
      'same.txt': 's\n',
      'gone.txt': 'x\n',
    });
    const result = mergeTrees(base, ours, theirs);
    expect(result.clean).toBe(true);
    expect(text(result.tree.get('a.txt'))).toBe('ONE\n2\n3\n4\nFIVE\n');
    expect(Object.fromEntries(result.files.map((f) => [f.path, f.outcome]))).toEqual({
      'a.txt': 'merged',
      'b.txt': 'taken-ours',
      'c.txt': 'taken-theirs',
      'gone.txt': 'deleted',
      'same.txt': 'same-change',
    });
    expect(result.summary).toMatchObject({
      files: 5,
      merged: 1,
      takenOurs: 1,
      takenTheirs: 1,
      deleted: 1,
      sameChange: 1,
      conflicts: 0,
    });
    expect(result.tree.has('gone.txt')).toBe(false);
  });

  it('reports content, add/add, modify/delete, binary and file/directory conflicts', () => {
    const base = tree({ 'c.txt': 'x\n', 'md.txt': 'm\n', bin: '\0a' });
    const ours = tree({ 'c.txt': 'ours\n', 'md.txt': 'M\n', 'add.txt': 'ours\n', bin: '\0b', d: 'file\n' });
    const theirs = tree({ 'c.txt': 'theirs\n', 'add.txt': 'theirs\n', bin: '\0c', 'd/inner.txt': 'i\n' });
    const result = mergeTrees(base, ours, theirs);
    expect(result.clean).toBe(false);
    const kinds = Object.fromEntries(result.files.filter((f) => f.conflict).map((f) => [f.path, f.conflict]));
    expect(kinds).toEqual({
      'c.txt': 'content',
      'md.txt': 'modify-delete',
      'add.txt': 'add-add',
      bin: 'binary',
      'd~ours': 'file-directory',
    });
    expect(validateResolved(text(result.tree.get('c.txt')) ?? '').clean).toBe(false);
    expect(text(result.tree.get('md.txt'))).toBe('M\n');
    expect(text(result.tree.get('d/inner.txt'))).toBe('i\n');
    expect(result.files.find((f) => f.path === 'c.txt')?.conflicts).toHaveLength(1);
  });

  it('follows a file renamed on one side and carries the other side’s edits to it', () => {
    const base = tree({ 'old.txt': '1\n2\n3\n' });
    const ours = tree({ 'new.txt': '1\n2\n3\n' });
    const theirs = tree({ 'old.txt': '1\n2\nTHREE\n' });
    const result = mergeTrees(base, ours, theirs);
    expect(result.clean).toBe(true);
    expect([...result.tree.keys()]).toEqual(['new.txt']);
    expect(text(result.tree.get('new.txt'))).toBe('1\n2\nTHREE\n');
    expect(result.files[0]).toMatchObject({ path: 'new.txt', outcome: 'taken-theirs', renamedFrom: 'old.txt' });
    expect(mergeTrees(base, ours, theirs, { detectRenames: false }).clean).toBe(false);
  });
});

describe('mergeTrees identities', () => {
  const file = fc.constantFrom('a\n', 'b\n', 'a\nb\n', 'x\ny\nz\n', '\0bin');
  const treeArb = fc
    .dictionary(fc.constantFrom('a.txt', 'b.txt', 'dir/c.txt', 'dir/d.txt', 'e.bin'), file, { maxKeys: 5 })
    .map((files) => tree(files));
  const asObject = (t: ReadonlyMap<string, Uint8Array>) =>
    Object.fromEntries([...t].map(([path, bytes]) => [path, text(bytes)]));

  it('merge(b, x, b) = merge(b, b, x) = merge(b, x, x) = x, clean', () => {
    fc.assert(
      fc.property(treeArb, treeArb, (b, x) => {
        for (const result of [mergeTrees(b, x, b), mergeTrees(b, b, x), mergeTrees(b, x, x)]) {
          expect(result.clean).toBe(true);
          expect(asObject(result.tree)).toEqual(asObject(x));
        }
      }),
      { numRuns: 500 },
    );
  });
});
