import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { skill, skillPath, useSyncFixture, write } from '../test/sync-fixture.js';

const fx = useSyncFixture();

describe('conflicts()', () => {
  it('lists a tier’s pending conflicts with the file to open and what ours and theirs are', async () => {
    const { upstream, service, project } = await fx.deployed();
    expect((await service.conflicts({ artifact: 'review', project })).conflicts).toEqual([]);
    write(skillPath(project), skill({ 2: 'THREE (project)' }));
    upstream.write({ 'skills/review/SKILL.md': skill({ 2: 'THREE (upstream)' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    await service.update({ artifact: 'review', project, apply: true, strategy: 'prompt' });
    const listed = await service.conflicts({ artifact: 'review', project });
    expect(listed).toMatchObject({
      artifact_id: 'skill:review',
      direction: 'collection-to-project',
      conflicts: [
        { path: 'SKILL.md', kind: 'content', workspace_path: skillPath(project), labels: { ours: 'project' } },
      ],
    });
    expect(readFileSync(skillPath(project), 'utf8')).toContain('<<<<<<< project');
    expect((await service.conflicts({ artifact: 'review' })).conflicts).toEqual([]);
    await service.abort({ artifact: 'review', project });
    expect((await service.conflicts({ artifact: 'review', project })).direction).toBeNull();
  });
});
