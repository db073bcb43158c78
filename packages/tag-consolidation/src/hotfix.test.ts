import { afterEach, describe, expect, it } from 'vitest';
import { createTag } from './create-tag.js';
import { changesBeyond, conflictsIntroduced, patchTag, patchTargets, planPropagation } from './hotfix.js';
import { migrate, planMigration } from './migrate.js';
import { patchName } from './tag-names.js';
import type { TagStore } from './tag-store.js';
import { closeTagRepositories, tempTagRepository, text, write } from './test-helpers.js';

afterEach(closeTagRepositories);

/** v1.0 (f = a b c), v2.0 (+ g), v3.0 (f's last line edited); a fork of v1.0 with a fix of its first line. */
async function releases() {
  const { repo, tags } = await tempTagRepository();
  const tag = (name: string) => createTag(tags, { channel: 'main', name, consolidate: true, author: 't' }).tag;
  write(tags, 'main', 'f', 'a\n\nb\n\nc\n');
  const v1 = tag('v1.0');
  write(tags, 'main', 'g', 'g\n');
  const v2 = tag('v2.0');
  write(tags, 'main', 'f', 'a\n\nb\n\nc2\n');
  const v3 = tag('v3.0');
  repo.createChannel('fix');
  repo.apply('fix', [...tags.changes(v1.hash)]);
  return { repo, tags, v1, v2, v3 };
}

const fixOn = (tags: TagStore, channel: string, content: string) => write(tags, channel, 'f', content);

describe('hotfixes', () => {
  it('name patched tags by the next free patch number', async () => {
    const { tags, v1 } = await releases();
    expect(patchName(tags, v1)).toBe('v1.0.1');
    const fix = fixOn(tags, 'fix', 'A\n\nb\n\nc\n');
    const patched = patchTag(tags, { name: 'v1.0.1', base: v1, changes: changesBeyond(tags, v1, [fix]), author: 't' });
    expect(patchName(tags, v1)).toBe('v1.0.2');
    // A patch counts from its line.
    expect(patchName(tags, patched)).toBe('v1.0.2');
    expect(patched).toMatchObject({
      base: v1.hash,
      hotfixOf: v1.hash,
      consolidating: true,
      consolidatedChangeCount: 2,
    });
    // Its state is that of the set it names: the fork holding v1.0 and the fix.
    expect(patched.state).toBe(tags.repo.state('fix'));
  });

  it('plan a propagation to every descendant and the channels they were made on, then nothing once done', async () => {
    const { repo, tags, v1 } = await releases();
    const fix = fixOn(tags, 'fix', 'A\n\nb\n\nc\n');
    patchTag(tags, { name: 'v1.0.1', base: v1, changes: changesBeyond(tags, v1, [fix]), author: 't' });
    const plan = planPropagation(tags, 'v1.0.1');
    expect(plan.changes).toEqual([fix]);
    expect(plan.targets.map((target) => [target.tag.name, target.name, target.changes])).toEqual([
      ['v2.0', 'v2.0.1', [fix]],
      ['v3.0', 'v3.0.1', [fix]],
    ]);
    expect(plan.channels).toEqual(['main']);
    const made = repo.transaction(() => patchTargets(tags, plan, { author: 't' }));
    expect(made.map((tag) => tag.name)).toEqual(['v2.0.1', 'v3.0.1']);
    repo.createChannel('v3.0.1');
    repo.apply('v3.0.1', [...tags.changes(made[1]?.hash as string)]);
    expect(text(repo, 'v3.0.1', 'f')).toBe('A\n\nb\n\nc2\n');
    repo.apply('main', repo.dependencyClosure('main', [fix]));
    expect(planPropagation(tags, 'v1.0.1')).toMatchObject({ targets: [], channels: [] });
    expect(() => planPropagation(tags, 'v2.0')).toThrow(expect.objectContaining({ code: 'TAG_NOT_A_HOTFIX' }));
  });

  it('find the conflicts a hotfix would leave, on a scratch channel that leaves no trace', async () => {
    const { repo, tags, v2, v3 } = await releases();
    const fix = fixOn(tags, 'fix', 'a\n\nb\n\nC\n');
    const before = { channels: repo.channels(), main: repo.state('main') };
    expect(conflictsIntroduced(repo, { changes: tags.changes(v2.hash) }, [fix])).toEqual([]);
    const conflicts = conflictsIntroduced(repo, { changes: tags.changes(v3.hash) }, [fix]);
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts[0]?.path).toBe('f');
    expect(conflictsIntroduced(repo, { channel: 'main' }, [fix]).length).toBeGreaterThan(0);
    expect({ channels: repo.channels(), main: repo.state('main') }).toEqual(before);
  });
});

describe('migration', () => {
  it('tags every N changes, extending the tag before, and finds them on a second run', async () => {
    const { repo, tags } = await tempTagRepository();
    for (let i = 1; i <= 7; i++) write(tags, 'main', 'f', `${'x\n'.repeat(i)}`, { consolidate: false });
    const planned = planMigration(tags, 'main', 3);
    expect(planned.map((step) => [step.name, step.count, step.existing])).toEqual([
      ['main-3', 3, false],
      ['main-6', 6, false],
    ]);
    expect(planned[1]?.state).toBe(repo.log('main')[5]?.state);
    const { created } = migrate(tags, { channel: 'main', interval: 3, author: 't' });
    expect(created.map((tag) => [tag.name, tag.base === null, tag.consolidatedChangeCount])).toEqual([
      ['main-3', true, 3],
      ['main-6', false, 6],
    ]);
    expect(tags.added(created[1] as (typeof created)[number])).toEqual(
      repo
        .log('main')
        .slice(3, 6)
        .map((entry) => entry.hash),
    );
    expect(migrate(tags, { channel: 'main', interval: 3, author: 't' }).created).toEqual([]);
    expect(() => planMigration(tags, 'main', 0)).toThrow(
      expect.objectContaining({ code: 'CONSOLIDATION_INTERVAL_INVALID' }),
    );
  });
});
