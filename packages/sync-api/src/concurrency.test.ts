import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SyncService } from '@lineage/artifact-sync';
import { describe, expect, it } from 'vitest';
import { skill, Upstream, useApi, write } from '../test/fixture.js';

const fx = useApi();

describe('concurrent requests over HTTP', () => {
  it('50 parallel syncs of different artifacts and 10 of the same one: each artifact serialized by its lock, nothing lost', async () => {
    const root = fx.tempDir();
    const upstream = new Upstream(join(root, 'upstream'));
    const names = Array.from({ length: 50 }, (_, i) => `s${i}`);
    upstream.commit(
      Object.fromEntries([...names, 'shared'].map((name) => [`skills/${name}/SKILL.md`, skill({}, name)])),
    );
    const home = join(root, 'home');
    const projects = Array.from({ length: 10 }, (_, i) => join(root, `project-${i}`));
    const service = await SyncService.open({ home });
    for (const name of [...names, 'shared']) await service.add({ source: `${upstream.dir}#skills/${name}` });
    for (const project of projects) {
      mkdirSync(project);
      await service.deploy({ artifact: 'shared', project });
      // Each project adds a file of its own: a lost update would lose one of them.
      write(join(project, '.claude', 'skills', 'shared', `note-${projects.indexOf(project)}.md`), 'mine\n');
    }
    await service.close();
    upstream.commit(
      Object.fromEntries(names.map((name) => [`skills/${name}/SKILL.md`, skill({ 5: `new ${name}` }, name)])),
    );

    const api = await fx.start(home);
    const responses = await Promise.all([
      ...names.map((artifact) => api.post('/v1/sync', { artifact, direction: 'upstream', apply: true })),
      ...projects.map((project) =>
        api.post('/v1/sync', { artifact: 'shared', direction: 'project', project, apply: true, strategy: 'auto' }),
      ),
    ]);
    expect(responses.map((response) => response.status)).toEqual(Array(60).fill(200));
    expect(responses.slice(0, 50).map((response) => response.body.status)).toEqual(Array(50).fill('fast-forwarded'));
    expect(new Set(responses.slice(50).map((response) => response.body.status))).toEqual(
      new Set(['fast-forwarded', 'merged']),
    );

    const check = await SyncService.open({ home });
    try {
      for (const [i, name] of names.entries()) {
        const history = await check.history({ artifact: name });
        expect(history.entries.map((entry) => entry.action)).toEqual(['add', 'sync']);
        const { files, artifact } = await check.show({ artifact: name });
        expect(files.map((file) => file.path)).toEqual(['SKILL.md']);
        // Each artifact holds its own upstream content, not a neighbour's.
        expect(artifact.current_hash).toBe(responses[i]?.body.plan.source.hash);
      }
      const shared = await check.show({ artifact: 'shared' });
      expect(shared.files.map((file) => file.path).sort()).toEqual(
        ['SKILL.md', ...projects.map((_, i) => `note-${i}.md`)].sort(),
      );
      // One after the other: each sync's parent is the version the previous one made.
      const history = await check.history({ artifact: 'shared' });
      const syncs = history.entries.filter((entry) => entry.action === 'sync');
      expect(syncs).toHaveLength(10);
      for (const [i, entry] of syncs.entries())
        expect(entry.parent_hash).toBe(i === 0 ? history.entries[0]?.content_hash : syncs[i - 1]?.content_hash);
      expect(readdirSync(join(home, 'locks')).filter((name) => name.endsWith('.lock'))).toEqual([]);
      // The bytes survived too: a fresh deployment of the result holds every project's file intact.
      const fresh = join(root, 'fresh');
      mkdirSync(fresh);
      await check.deploy({ artifact: 'shared', project: fresh });
      const deployed = join(fresh, '.claude', 'skills', 'shared');
      expect(readFileSync(join(deployed, 'SKILL.md'), 'utf8')).toBe(skill({}, 'shared'));
      for (const i of projects.keys()) expect(readFileSync(join(deployed, `note-${i}.md`), 'utf8')).toBe('mine\n');
    } finally {
      await check.close();
    }
  });
});
