import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLineage, extendLineage, findMergeBase, parseLineage, walkAncestry } from './lineage.js';

describe('lineage', () => {
  it('extends a lineage from the cached one: ours, what incoming adds, then the head', () => {
    expect(extendLineage([], [], 'A')).toEqual(['A']);
    expect(extendLineage(['A'], ['A'], 'B')).toEqual(['A', 'B']);
    // A merge of the collection's C and D into a project that made B remembers C and D.
    expect(extendLineage(['A', 'B'], ['A', 'C', 'D'], 'M')).toEqual(['A', 'B', 'C', 'D', 'M']);
    // A fast-forward ends on the incoming head without repeating it.
    expect(extendLineage(['A'], ['A', 'C'], 'C')).toEqual(['A', 'C']);
    // A revert is recorded as a new entry, not lost.
    expect(extendLineage(['A', 'B'], [], 'A')).toEqual(['A', 'B', 'A']);
  });

  it('finds the last version both tiers share as the merge base', () => {
    expect(findMergeBase(['A', 'B'], ['A', 'C', 'D'])).toBe('A');
    // After a merge took D in, the next merge starts from D, not from A again.
    expect(findMergeBase(['A', 'B', 'C', 'D', 'M'], ['A', 'C', 'D', 'E'])).toBe('D');
    // A rollback on the incoming side arrives as a change: base B, not the old A.
    expect(findMergeBase(['A', 'B'], ['A', 'B', 'A'])).toBe('B');
    expect(findMergeBase(['X'], ['Y'])).toBeNull();
    // A candidate whose content is unavailable falls back to an older common version.
    expect(findMergeBase(['A', 'B'], ['A', 'B', 'C'], (hash) => hash !== 'B')).toBe('A');
  });

  it('picks a base held by both sides, and the newest one of ours', () => {
    const lineage = fc.array(fc.constantFrom<string>('A', 'B', 'C', 'D', 'E', 'F'), { maxLength: 12 });
    fc.assert(
      fc.property(lineage, lineage, (ours, theirs) => {
        const base = findMergeBase(ours, theirs);
        if (base === null) {
          expect(ours.some((hash) => theirs.includes(hash))).toBe(false);
        } else {
          expect(theirs).toContain(base);
          expect(ours.slice(ours.lastIndexOf(base) + 1).some((hash) => theirs.includes(hash))).toBe(false);
        }
      }),
    );
  });

  it('reports cycles, orphans and missing versions instead of looping on them', () => {
    const parents: Record<string, string | null> = { A: null, B: 'A', C: 'B', X: 'Y', Y: 'X', O: 'gone' };
    const parentOf = (hash: string) => parents[hash];
    expect(checkLineage(['A', 'B', 'C'], parentOf)).toEqual([]);
    expect(checkLineage(['X'], parentOf)).toEqual([expect.objectContaining({ kind: 'cycle', hash: 'X' })]);
    expect(checkLineage(['A', 'O'], parentOf)).toEqual([expect.objectContaining({ kind: 'orphan', hash: 'O' })]);
    expect(checkLineage(['A', 'Z', 'Z'], parentOf)).toEqual([expect.objectContaining({ kind: 'missing', hash: 'Z' })]);
    expect(walkAncestry('C', parentOf)).toEqual({ chain: ['A', 'B', 'C'], issue: null });
    expect(walkAncestry('Y', parentOf).issue).toMatchObject({ kind: 'cycle' });
  });

  it('terminates on any parent graph, cyclic or not, visiting each version once', () => {
    const hashes = ['A', 'B', 'C', 'D', 'E'];
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom(...hashes, 'gone')), { minLength: 5, maxLength: 5 }),
        fc.array(fc.constantFrom(...hashes)),
        (parentList, lineage) => {
          let lookups = 0;
          const parentOf = (hash: string) => {
            lookups++;
            const index = hashes.indexOf(hash);
            return index === -1 ? undefined : (parentList[index] ?? null);
          };
          checkLineage(lineage, parentOf);
          expect(lookups).toBeLessThanOrEqual(hashes.length + 1 + lineage.length);
        },
      ),
    );
  });

  it('reads lineages from JSON, refusing anything that is not a list of hashes', () => {
    expect(parseLineage('["A","B"]')).toEqual(['A', 'B']);
    expect(parseLineage('{"a":1}')).toBeNull();
    expect(parseLineage('not json')).toBeNull();
    expect(parseLineage(null)).toBeNull();
  });
});
