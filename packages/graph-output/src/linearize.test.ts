import { describe, expect, it } from 'vitest';
import { EdgeFlag } from './edge-flags.js';
import { linearize } from './linearize.js';
import type { FileGraph, OutputItem } from './output-items.js';

/** A file graph from edges between named one-line vertices; vertex 1 is the inode. */
function graph(edges: Array<[string, string, number?, number?]>): FileGraph {
  const ids = new Map<string, number>([['^', 1]]);
  const id = (name: string) => {
    if (!ids.has(name)) ids.set(name, ids.size + 1);
    return ids.get(name) as number;
  };
  const rows = Int32Array.from(edges.flatMap(([from, to, flag = 0, by = 1]) => [id(from), id(to), flag, by]));
  const names = new Map([...ids].map(([name, n]) => [n, name]));
  return {
    inode: 1,
    edges: rows,
    vertex: (v) => ({ changeId: 1, index: v }),
    lineBytes: (first, count, each) => {
      for (let v = first; v < first + count; v++) {
        const bytes = new TextEncoder().encode(`${names.get(v)}\n`);
        each(bytes, 0, bytes.length);
      }
    },
    hashOf: () => 'C'.repeat(52),
    // Change 2 and 3 are concurrent; everything knows change 1.
    knows: (a, b) => a === b || b === 1,
  };
}

const text = (items: OutputItem[]) =>
  items
    .map((item) => (item.kind === 'line' ? new TextDecoder().decode(item.bytes) : `${item.text.slice(0, 7)}\n`))
    .join('');

describe('linearize', () => {
  it('writes a chain as it is', () => {
    const result = linearize(
      graph([
        ['^', 'a'],
        ['a', 'b'],
        ['b', 'c'],
      ]),
    );
    expect(text(result.items)).toBe('a\nb\nc\n');
    expect(result.conflicts).toEqual([]);
  });

  it('follows paths through deleted vertices', () => {
    const result = linearize(
      graph([
        ['^', 'a'],
        ['a', 'b', EdgeFlag.DELETED],
        ['b', 'c'],
      ]),
    );
    expect(text(result.items)).toBe('a\nc\n');
  });

  it('condenses a cycle into a cyclic conflict, one side per vertex', () => {
    const result = linearize(
      graph([
        ['^', 'a'],
        ['a', 'x'],
        ['x', 'y'],
        ['y', 'x'],
        ['y', 'b'],
      ]),
    );
    expect(result.conflicts.map((c) => c.kind)).toEqual(['cyclic']);
    expect(text(result.items)).toMatch(/^a\n<{7}\n[xy]\n={7}\n[xy]\n>{7}\nb\n$/);
  });

  it('ignores a transitive edge when finding the conflict-free parts', () => {
    // x → y solves the conflict between x and y; the older edge a → y is now implied.
    const result = linearize(
      graph([
        ['^', 'a'],
        ['a', 'x'],
        ['a', 'y'],
        ['x', 'y'],
        ['x', 'b'],
        ['y', 'b'],
      ]),
    );
    expect(text(result.items)).toBe('a\nx\ny\nb\n');
    expect(result.conflicts).toEqual([]);
  });

  it('a deletion that did not know about a later line makes a zombie', () => {
    const result = linearize(
      graph([
        ['^', 'a'],
        ['a', 'b', EdgeFlag.DELETED, 2],
        ['b', 'x', 0, 3],
        ['x', 'c'],
      ]),
    );
    expect(text(result.items)).toBe('a\n<<<<<<<\nb\n>>>>>>>\nx\nc\n');
    expect(result.conflicts).toEqual([{ kind: 'zombie', changes: [2, 3] }]);
  });
});
