import { afterEach, describe, expect, it } from 'vitest';
import type { Attribution } from './attribution.js';
import { mergeTotals, subtractTotals, toSummary, totalsOf } from './attribution-summary.js';
import type { ChangeFacts } from './change-facts.js';
import { createTag } from './create-tag.js';
import { classifyPath } from './path-kinds.js';
import { closeTagRepositories, tempTagRepository, write } from './test-helpers.js';

afterEach(closeTagRepositories);

const ai = (
  provider: string,
  model: string,
  confidence: number | null,
  suggestionType: string | null,
): Attribution => ({
  aiAssisted: true,
  provider,
  model,
  confidence,
  suggestionType,
});

/**
 * Seed 000's sprint: 25 changes, 15 of them AI-assisted by two providers with known confidences.
 * Each row: the file it writes and its attribution (null: written by a person).
 */
const SPRINT: Array<[path: string, attribution: Attribution | null]> = [
  ['src/auth.ts', ai('anthropic', 'claude-sonnet', 0.875, 'completion')],
  ['src/auth.ts', ai('anthropic', 'claude-sonnet', 0.875, 'completion')],
  ['test/auth.test.ts', ai('anthropic', 'claude-sonnet', 0.875, 'refactor')],
  ['src/db.ts', ai('anthropic', 'claude-opus', 0.875, 'refactor')],
  ['src/db.ts', ai('anthropic', 'claude-sonnet', 0.75, 'completion')],
  ['docs/api.md', ai('anthropic', 'claude-opus', 0.75, 'completion')],
  ['src/api.ts', ai('anthropic', 'claude-sonnet', 0.75, 'refactor')],
  ['src/api.ts', ai('anthropic', 'claude-opus', 0.5, 'refactor')],
  ['test/api.test.ts', ai('anthropic', 'claude-sonnet', 0.5, 'completion')],
  ['src/ui.ts', ai('openai', 'gpt-4o', 0.25, 'completion')],
  ['src/ui.ts', ai('openai', 'gpt-4o', 0.25, 'completion')],
  ['test/ui.test.ts', ai('openai', 'gpt-4o', 0.5, 'test')],
  ['test/ui.test.ts', ai('openai', 'gpt-4o', 0.5, 'test')],
  ['README.md', ai('openai', 'gpt-4o', 0.125, 'completion')],
  ['src/ui.ts', ai('openai', 'gpt-4o', null, null)],
  ['src/auth.ts', null],
  ['src/auth.ts', null],
  ['src/db.ts', null],
  ['src/db.ts', null],
  ['test/db.test.ts', null],
  ['test/db.test.ts', null],
  ['docs/guide.md', null],
  ['docs/guide.md', null],
  ['src/api.ts', null],
  ['README.md', null],
];

describe('attribution summaries', () => {
  it('summarize a 25-change consolidating tag exactly, every field', async () => {
    const { repo, tags } = await tempTagRepository();
    const written = new Map<string, number>();
    for (const [path, attribution] of SPRINT) {
      const n = (written.get(path) ?? 0) + 1;
      written.set(path, n);
      write(tags, 'main', path, `${'x\n'.repeat(n)}`, { attribution });
    }
    const { tag } = createTag(tags, { channel: 'main', name: 'v1.0', consolidate: true, author: 'Ada' });
    const log = repo.log('main').map((entry) => repo.changeInfo(entry.hash).timestamp);
    expect(tags.summary(tag)).toEqual({
      totalChanges: 25,
      aiAssistedChanges: 15,
      humanAuthoredChanges: 10,
      aiProviders: {
        anthropic: {
          changeCount: 9,
          averageConfidence: 0.75, // (4 × 0.875 + 3 × 0.75 + 2 × 0.5) / 9
          modelsUsed: ['claude-opus', 'claude-sonnet'],
          suggestionTypes: { completion: 5, refactor: 4 },
        },
        openai: {
          changeCount: 6,
          averageConfidence: 0.325, // (2 × 0.25 + 2 × 0.5 + 0.125) / 5: one change gives no confidence
          modelsUsed: ['gpt-4o'],
          suggestionTypes: { completion: 3, test: 2 },
        },
      },
      confidenceHigh: 7,
      confidenceMedium: 4,
      confidenceLow: 3,
      averageConfidence: 8.375 / 14,
      creationTimeSpan: { start: log[0], end: log[24] },
      codeChanges: 14,
      testChanges: 6,
      docChanges: 5,
    });
  });

  it('are the same whether a tag is summed from its base or from every change', async () => {
    const { tags } = await tempTagRepository();
    SPRINT.slice(0, 12).forEach(([path, attribution], i) => {
      write(tags, 'main', path, `${i}\n`, { attribution });
    });
    createTag(tags, { channel: 'main', name: 'half', consolidate: true, author: 'Ada' });
    SPRINT.slice(12).forEach(([path, attribution], i) => {
      write(tags, 'main', path, `${i} again\n`, { attribution });
    });
    const whole = createTag(tags, { channel: 'main', name: 'whole', consolidate: true, author: 'Ada' }).tag;
    expect(whole.base).toBe(tags.byName('half')?.hash);
    const fromScratch = totalsOf(tags.changes(whole.hash).map((hash) => tags.facts(hash)));
    expect(tags.summary(whole)).toEqual(toSummary(fromScratch));
  });

  it('subtract exactly for a cycle, and merge back', () => {
    const facts = (i: number, confidence: number | null, provider = 'p'): ChangeFacts => ({
      hash: `H${i}`,
      message: `change ${i}`,
      authors: ['Ada'],
      timestamp: `2026-01-0${i}T00:00:00Z`,
      aiAssisted: confidence !== null,
      provider,
      model: 'm',
      confidence,
      suggestionType: 'completion',
      code: true,
      test: false,
      doc: false,
      dependencies: [],
      tagDependencies: [],
    });
    const first = [facts(1, 0.9), facts(2, null)];
    const second = [facts(3, 0.1), facts(4, 0.4, 'q')];
    const all = totalsOf([...first, ...second]);
    const cycle = subtractTotals(all, totalsOf(first));
    expect(toSummary(cycle)).toMatchObject({
      totalChanges: 2,
      aiAssistedChanges: 2,
      confidenceLow: 1,
      confidenceMedium: 1,
      averageConfidence: 0.25,
      aiProviders: { p: { changeCount: 1, averageConfidence: 0.1 }, q: { changeCount: 1, averageConfidence: 0.4 } },
    });
    expect(mergeTotals(totalsOf(first), totalsOf(second))).toEqual(all);
  });

  it('classify paths as code, test or doc', () => {
    expect(
      ['src/a.ts', 'src/a.test.ts', 'tests/unit/b.py', 'pkg/x_test.go', 'README', 'docs/intro.md', 'docs/test.png'].map(
        classifyPath,
      ),
    ).toEqual(['code', 'test', 'test', 'test', 'doc', 'doc', 'doc']);
  });
});
