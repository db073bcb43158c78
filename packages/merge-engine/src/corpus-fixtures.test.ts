import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitMergeFile } from './git-merge-file.test-support.js';
import { merge } from './index.js';

const root = join(import.meta.dirname, '..', 'test', 'fixtures', 'corpus');
const scenarios = readdirSync(root).sort();
const git = new GitMergeFile();
afterAll(() => git.dispose());

describe('real merge scenarios (test/fixtures/corpus) against git merge-file', () => {
  it('has the checked-in sample', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
  });

  it.each(scenarios)('%s: same bytes and conflicts as git', (name) => {
    const read = (file: string) => readFileSync(join(root, name, file));
    const [base, ours, theirs] = [read('base'), read('ours'), read('theirs')];
    const reference = git.run(base, ours, theirs);
    const result = merge(base, ours, theirs);
    expect(Buffer.from(result.bytes ?? []).equals(reference.output)).toBe(true);
    expect(result.conflicts.length).toBe(reference.conflicts);
    if (result.clean) expect(result.text).not.toMatch(/^<{7} /m);
  });
});
