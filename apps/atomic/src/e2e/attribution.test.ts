import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// Attribution queries and history migration, end to end from the built bin (issue 11).
const tempDir = useTempDirs('atomic-attribution-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const noAi = { ATOMIC_AI_ENABLED: '', ATOMIC_AI_PROVIDER: '', ATOMIC_AI_MODEL: '', ATOMIC_AI_CONFIDENCE: '' };
// Dozens of CLI runs each, on a shared two-core machine.
const E2E_TIMEOUT = 240_000;
const json = <T = Record<string, unknown>>(text: string) => JSON.parse(text) as T;

type Summary = {
  totalChanges: number;
  aiAssistedChanges: number;
  humanAuthoredChanges: number;
  aiProviders: Record<string, { changeCount: number; averageConfidence: number; modelsUsed: string[] }>;
  averageConfidence: number;
  testChanges: number;
};

describe('atomic attribution', () => {
  it(
    'answers every query, summaries from the stored tag summaries',
    () => {
      const run = binRunner(bin, { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
      const dir = tempDir();
      run.ok(dir, ['init']);
      const record = (file: string, ai: string[] = []) => {
        appendFileSync(join(dir, file), `${file} ${Math.random()}\n`);
        run.ok(dir, ['add', file]);
        return run.ok(dir, ['record', '-m', `edit ${file}`, ...ai]).stdout.trim();
      };
      const claude = ['--ai-provider', 'anthropic', '--ai-model', 'claude', '--ai-confidence', '0.75'];
      const gpt = ['--ai-provider', 'openai', '--ai-model', 'gpt-4o', '--ai-confidence', '0.25'];
      record('a.ts', claude);
      record('a.ts');
      record('a.test.ts', gpt);
      run.ok(dir, ['tag', 'create', '--consolidate', 'v1.0']);
      const fourth = record('b.ts', claude);
      record('b.ts', gpt);
      record('README.md');
      run.ok(dir, ['tag', 'create', '--consolidate', 'v2.0']);

      const v1 = json<Summary>(run.ok(dir, ['attribution', '--tag', 'v1.0', '--summary', '--json']).stdout);
      expect(v1).toMatchObject({
        totalChanges: 3,
        aiAssistedChanges: 2,
        humanAuthoredChanges: 1,
        averageConfidence: 0.5,
        testChanges: 1,
        aiProviders: {
          anthropic: { changeCount: 1, averageConfidence: 0.75, modelsUsed: ['claude'] },
          openai: { changeCount: 1, averageConfidence: 0.25, modelsUsed: ['gpt-4o'] },
        },
      });
      expect(run.ok(dir, ['attribution', '--tag', 'v1.0']).stdout).toContain('3 changes, 2 AI-assisted (66.7%)');

      const compared = json<{ delta: { totalChanges: number; aiAssistedChanges: number } }>(
        run.ok(dir, ['attribution', '--compare-tags', 'v1.0', 'v2.0', '--json']).stdout,
      );
      expect(compared.delta).toMatchObject({ totalChanges: 3, aiAssistedChanges: 2 });
      expect(run.ok(dir, ['attribution', '--tag-comparison', 'v1.0..v2.0', '--json']).stdout).toBe(
        run.ok(dir, ['attribution', '--compare-tags', 'v1.0', 'v2.0', '--json']).stdout,
      );

      const trends = json<Array<{ tag: string; cycle: { totalChanges: number; aiAssistedChanges: number } }>>(
        run.ok(dir, ['attribution', '--tag-range', 'v1.0..v2.0', '--ai-trends', '--json']).stdout,
      );
      expect(trends.map((t) => [t.tag, t.cycle.totalChanges, t.cycle.aiAssistedChanges])).toEqual([
        ['v1.0', 3, 2],
        ['v2.0', 3, 2],
      ]);
      const confidence = json<{ cycles: Array<{ tag: string; confidenceHigh: number; confidenceLow: number }> }>(
        run.ok(dir, ['attribution', '--confidence-analysis', '--consolidation-cycles', '1', '--json']).stdout,
      );
      expect(confidence.cycles).toMatchObject([{ tag: 'v2.0', confidenceHigh: 1, confidenceLow: 1 }]);

      const breakdown = json<{ changes: number; summary: Summary }>(
        run.ok(dir, ['attribution', '--provider-breakdown', '--since-tag', 'v1.0', '--json']).stdout,
      );
      expect(breakdown.changes).toBe(3);
      expect(Object.keys(breakdown.summary.aiProviders)).toEqual(['anthropic', 'openai']);
      const versus = json<{ providers: Record<string, { changeCount: number; share: number }> }>(
        run.ok(dir, ['attribution', '--provider-comparison', 'openai', 'anthropic', '--since-tag', 'v1.0', '--json'])
          .stdout,
      );
      expect(versus.providers).toMatchObject({
        openai: { changeCount: 1, share: 0.5 },
        anthropic: { changeCount: 1, share: 0.5 },
      });

      expect(json(run.ok(dir, ['attribution', '--hash', fourth.slice(0, 8), '--json']).stdout)).toMatchObject({
        hash: fourth,
        provider: 'anthropic',
        confidence: 0.75,
        kinds: ['code'],
      });
      const detailed = json<{ changes: Array<{ provider: string }> }>(
        run.ok(dir, ['attribution', '--tag', 'v2.0', '--detailed', '--provider', 'openai', '--json']).stdout,
      );
      expect(detailed.changes.map((change) => change.provider)).toEqual(['openai', 'openai']);
      const channel = json<{ changes: unknown[]; summary: Summary }>(
        run.ok(dir, ['attribution', '--channel', 'main', '--ai-only', '--json']).stdout,
      );
      expect(channel.changes).toHaveLength(4);
      expect(channel.summary.aiAssistedChanges).toBe(4);

      const nothing = run.run(dir, ['attribution']);
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toContain('[ATTRIBUTION_QUERY_INVALID]');
    },
    E2E_TIMEOUT,
  );
});

describe('atomic migrate', () => {
  it(
    'adds consolidating tags every N changes of an existing history; new changes then depend on the last',
    () => {
      const run = binRunner(bin, { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
      const dir = tempDir();
      run.ok(dir, ['init']);
      for (let i = 1; i <= 7; i++) {
        appendFileSync(join(dir, 'f.txt'), `${i}\n`);
        if (i === 1) run.ok(dir, ['add', 'f.txt']);
        run.ok(dir, ['record', '-m', `${i}`]);
      }
      expect(run.ok(dir, ['migrate', '--consolidation-interval', '3', '--dry-run']).stdout).toBe(
        'main-3\t3 changes\twould create\nmain-6\t6 changes\twould create\n',
      );
      expect(run.ok(dir, ['tag', 'list']).stdout).toBe('');
      run.ok(dir, ['migrate', '--consolidation-interval', '3']);
      const tags = json<Array<{ name: string; consolidatedChangeCount: number; base: { name: string } | null }>>(
        run.ok(dir, ['tag', 'list', '--json']).stdout,
      );
      expect(tags.map((tag) => [tag.name, tag.consolidatedChangeCount, tag.base?.name ?? null])).toEqual([
        ['main-3', 3, null],
        ['main-6', 6, 'main-3'],
      ]);
      // Running it again finds the tags there.
      expect(run.ok(dir, ['migrate', '--consolidation-interval', '3']).stdout).toBe(
        'main-3\t3 changes\texists\nmain-6\t6 changes\texists\n',
      );
      writeFileSync(join(dir, 'f.txt'), '1\n2\n3\n4\n5\n6\n7\n8\n');
      const next = json<{ dependencies: Array<{ type: string; name?: string; hash: string }> }>(
        run.ok(dir, ['record', '-m', '8', '--json']).stdout,
      );
      // The 7th change came after the last tag: the new change depends on it, as before.
      expect(next.dependencies).toMatchObject([{ type: 'change' }]);
      writeFileSync(join(dir, 'f.txt'), '0\n1\n2\n3\n4\n5\n6\n7\n8\n');
      const first = json<{ dependencies: Array<{ type: string; name?: string }> }>(
        run.ok(dir, ['record', '-m', '0', '--json']).stdout,
      );
      expect(first.dependencies).toEqual([expect.objectContaining({ type: 'tag', name: 'main-6' })]);
    },
    E2E_TIMEOUT,
  );
});
