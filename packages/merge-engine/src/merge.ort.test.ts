import type { DiffAlgorithm } from '@lineage/line-diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gitMergeWithOption, gitOrtMerges } from './git-merge-file.test-support.js';
import { merge } from './index.js';
import { codeScenario, scenario } from './scenarios.test-support.js';

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

// Each line at most once per text: then git 2.39's --minimal (which still dropped frequent
// lines) and git ≥ 2.50's, which ours follows, diff alike.
const noRepeatedLine = (s: { base: string; ours: string; theirs: string }) =>
  [s.base, s.ours, s.theirs].every((text) => {
    const lines = text.split(/(?<=\n)/);
    return new Set(lines).size === lines.length;
  });

describe('merge with each diff algorithm against git merge -s recursive -X diff-algorithm=… (level zealous)', () => {
  // myers is compared with git merge-file (merge.git.test.ts), histogram with ort above.
  it.each<[DiffAlgorithm]>([['minimal'], ['patience']])(
    '%s: the same file content for 240 random scenarios',
    (algorithm) => {
      const sampled = [
        ...fc.sample(scenario, { numRuns: 120, seed: 7 }),
        ...fc.sample(codeScenario, { numRuns: 120, seed: 8 }),
      ];
      // git merges every scenario's file in one merge, so its cost is mostly file writes.
      const scenarios = algorithm === 'minimal' ? sampled.filter(noRepeatedLine) : sampled;
      expect(scenarios.length).toBeGreaterThan(algorithm === 'minimal' ? 30 : 239);
      const reference = gitMergeWithOption(scenarios, `diff-algorithm=${algorithm}`);
      scenarios.forEach((s, k) => {
        const result = merge(s.base, s.ours, s.theirs, {
          level: 'zealous',
          diffAlgorithm: algorithm,
          labels: { ours: 'HEAD', theirs: 'theirs' },
        });
        expect({ k, text: result.text }).toEqual({ k, text: reference[k] });
      });
    },
  );
});
