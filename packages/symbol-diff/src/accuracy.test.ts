import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCases, scoreManifest, tallyByKind } from '../test/cases.js';
import { repositoryWithVersions } from '../test/fixture-repo.js';
import { generate } from './generate.js';
import { DEFAULT_CONFIDENCE_THRESHOLD } from './manifest/operations.js';

const cases = loadCases();
const repositories: string[] = [];
afterAll(() => {
  for (const repo of repositories) rmSync(repo, { recursive: true, force: true });
});

async function generateCase(dir: string) {
  const repo = repositoryWithVersions([
    ['v1', join(dir, 'v1')],
    ['v2', join(dir, 'v2')],
  ]);
  repositories.push(repo);
  return generate({ corePath: repo, from: 'v1', to: 'v2' });
}

describe('the hand-made corpus: every operation kind and the tricky cases', () => {
  const scores: ReturnType<typeof scoreManifest>[] = [];
  for (const fixture of cases) {
    it(`${fixture.name}: exactly the expected operations at the default threshold`, async () => {
      const { manifest, report } = await generateCase(fixture.dir);
      const score = scoreManifest(manifest, report, fixture, DEFAULT_CONFIDENCE_THRESHOLD);
      scores.push(score);
      expect({
        unexpected: score.falsePositives.map((op) => ({ kind: op.kind, match: op.match, confidence: op.confidence })),
        missed: score.falseNegatives,
        unresolvedMissed: score.missingUnresolved,
      }).toEqual({ unexpected: [], missed: [], unresolvedMissed: [] });
    });
  }

  it('covers every operation kind', () => {
    const kinds = new Set(cases.flatMap((c) => c.operations.map((op) => op.kind)));
    expect([...kinds].sort()).toEqual([
      'arg.add_default',
      'arg.rename',
      'config.key_rename',
      'move.file',
      'rename.callable',
      'rename.import',
      'rename.symbol',
    ]);
    expect(tallyByKind(scores).get('all')?.fp ?? 0).toBe(0);
  });

  it('gives byte-identical outputs for the same inputs', async () => {
    const dir = cases.find((c) => c.name === 'module-move')?.dir as string;
    const first = await generateCase(dir);
    const second = await generateCase(dir);
    const stable = (outputs: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(outputs).map(([name, text]) => [
          name,
          text.replace(/[0-9a-f]{40}/g, 'COMMIT').replace(/symbol-diff-repo-\w+/g, 'REPO'),
        ]),
      );
    expect(stable(second.outputs)).toEqual(stable(first.outputs));
    const again = await generate({
      corePath: repositories[repositories.length - 1] as string,
      from: 'v1',
      to: 'v2',
      parallel: 2,
    });
    expect(again.outputs).toEqual(second.outputs);
  });
});
