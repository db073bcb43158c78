import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gitOrtMerges } from './git-merge-file.test-support.js';
import { merge } from './index.js';
import { scenario } from './scenarios.test-support.js';

describe('merge against git merge (ort: histogram diff, level zealous)', () => {
  it('writes the same file content as git merge-tree for 300 random scenarios', () => {
    const scenarios = fc.sample(scenario, { numRuns: 300, seed: 2026 });
    const reference = gitOrtMerges(scenarios);
    scenarios.forEach((s, k) => {
      const result = merge(s.base, s.ours, s.theirs, {
        level: 'zealous',
        diffAlgorithm: 'histogram',
        labels: { ours: `o${k}`, theirs: `t${k}` },
      });
      expect({ k, text: result.text }).toEqual({ k, text: reference[k] });
    });
  });
});
