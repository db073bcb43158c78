import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineClasses } from './index.js';

const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd\n', '\n', 'e'), { maxLength: 40 });

describe('LineClasses', () => {
  it('classifyLike numbers lines exactly as classify does, however the text drifted from its reference', () => {
    fc.assert(
      fc.property(lines, lines, (reference, text) => {
        const plain = new LineClasses();
        const expected = [plain.classify(reference), plain.classify(text)];
        const aligned = new LineClasses();
        const referenceClasses = aligned.classify(reference);
        const actual = [referenceClasses, aligned.classifyLike(text, reference, referenceClasses)];
        expect(actual.map((c) => [...c])).toEqual(expected.map((c) => [...c]));
      }),
      { numRuns: 2000 },
    );
  });
});
