import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSyncFixture, write } from '../test/sync-fixture.js';

const fx = useSyncFixture();

describe('operations on one artifact at once', () => {
  it('are serialized on its current version: parallel syncs from ten projects lose none of their edits', async () => {
    const { service, project } = await fx.deployed();
    const projects = [project];
    for (let i = 1; i < 10; i++) {
      projects.push(fx.project());
      await service.deploy({ artifact: 'review', project: projects[i] as string });
    }
    for (const [i, dir] of projects.entries())
      write(join(dir, '.claude', 'skills', 'review', `note-${i}.md`), `${i}\n`);
    const results = await Promise.all(
      projects.map((dir) => service.sync({ artifact: 'review', direction: 'project', project: dir, apply: true })),
    );
    expect(results.filter((result) => result.status === 'fast-forwarded')).toHaveLength(1);
    const { files } = await service.show({ artifact: 'review' });
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(projects.map((_, i) => `note-${i}.md`)));
  });
});
