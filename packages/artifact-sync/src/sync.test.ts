import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read, skill, skillFiles, skillPath, useSyncFixture, write } from '../test/sync-fixture.js';

const fx = useSyncFixture();

describe('upstream → collection', () => {
  it('unchanged: nothing new upstream writes nothing', async () => {
    const { service } = await fx.deployed();
    const before = await service.history({ artifact: 'review' });
    const result = await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    expect(result).toMatchObject({ status: 'unchanged', applied: true, plan: { outcome: 'unchanged' } });
    expect((await service.history({ artifact: 'review' })).entries).toEqual(before.entries);
  });

  it('fast-forward: the upstream version becomes the collection version, parent and origin recorded', async () => {
    const { upstream, service } = await fx.deployed();
    const v1 = (await service.show({ artifact: 'review' })).artifact;
    const sha = upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX' }) }).commit('v2');
    const dry = await service.sync({ artifact: 'review', direction: 'upstream' });
    expect(dry).toMatchObject({ status: 'planned', applied: false });
    expect((await service.show({ artifact: 'review' })).artifact.current_hash).toBe(v1.current_hash);
    const result = await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    expect(result).toMatchObject({
      status: 'fast-forwarded',
      plan: { outcome: 'fast-forward', base_hash: v1.current_hash },
    });
    const after = (await service.show({ artifact: 'review' })).artifact;
    expect(after.upstream).toMatchObject({ sha, pin: 'default', version: 'main' });
    expect(after.version_lineage).toEqual([v1.current_hash, after.current_hash]);
    expect(result.head).toMatchObject({
      parent_hash: v1.current_hash,
      change_origin: 'sync',
      version_lineage: [v1.current_hash, after.current_hash],
    });
  });

  it('auto-merge: an upstream update keeps the collection’s own edits (never silently dropped)', async () => {
    const { upstream, service, project } = await fx.deployed();
    write(skillPath(project), skill({ 0: 'ONE (edited in a project)' }));
    expect((await service.sync({ artifact: 'review', direction: 'project', project, apply: true })).status).toBe(
      'fast-forwarded',
    );
    upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX (upstream)' }) }).commit('v2');
    const result = await service.sync({ artifact: 'review', direction: 'upstream', apply: true, strategy: 'auto' });
    expect(result).toMatchObject({ status: 'merged', plan: { outcome: 'merge' } });
    const files = (await service.update({ artifact: 'review', project, apply: true })).plan.files;
    expect(files.find((file) => file.path === 'SKILL.md')).toMatchObject({ action: 'modify', outcome: 'taken-theirs' });
    expect(read(skillPath(project))).toBe(skill({ 0: 'ONE (edited in a project)', 5: 'SIX (upstream)' }));
  });

  it('conflict: auto stops writing nothing; prompt leaves markers in a workspace; resolving records the merge', async () => {
    const { upstream, service, project } = await fx.deployed();
    write(skillPath(project), skill({ 2: 'THREE local' }));
    await service.sync({ artifact: 'review', direction: 'project', project, apply: true });
    const before = (await service.show({ artifact: 'review' })).artifact;
    const sha = upstream.write({ 'skills/review/SKILL.md': skill({ 2: 'THREE upstream' }) }).commit('v2');
    const stopped = await service.sync({ artifact: 'review', direction: 'upstream', apply: true, strategy: 'auto' });
    expect(stopped).toMatchObject({ status: 'conflicts-stopped', conflicts: [{ path: 'SKILL.md', kind: 'content' }] });
    expect((await service.show({ artifact: 'review' })).artifact).toEqual(before);

    const pending = await service.sync({ artifact: 'review', direction: 'upstream', apply: true, strategy: 'prompt' });
    expect(pending.status).toBe('conflicts-pending');
    const marked = pending.conflicts[0]?.workspace_path as string;
    expect(read(marked)).toContain('<<<<<<< collection\nTHREE local\n=======\nTHREE upstream\n>>>>>>> upstream main\n');
    expect((await service.show({ artifact: 'review' })).artifact).toMatchObject({
      current_hash: before.current_hash,
      pending_conflicts: ['SKILL.md'],
    });
    await expect(service.sync({ artifact: 'review', direction: 'upstream', apply: true })).rejects.toMatchObject({
      code: 'CONFLICTS_PENDING',
      exitCode: 4,
    });

    await expect(
      service.resolve({ artifact: 'review', file: 'SKILL.md', resolution: 'current' }),
    ).rejects.toMatchObject({ code: 'CONFLICT_MARKERS_REMAIN', exitCode: 4 });
    write(marked, skill({ 2: 'THREE both' }));
    const resolved = await service.resolve({ artifact: 'review', file: 'SKILL.md', resolution: 'current' });
    expect(resolved).toMatchObject({
      completed: true,
      remaining: [],
      head: { change_origin: 'sync', parent_hash: before.current_hash },
    });
    const after = (await service.show({ artifact: 'review' })).artifact;
    expect(after).toMatchObject({
      current_hash: resolved.head?.content_hash,
      pending_conflicts: [],
      upstream: { sha },
    });
    // The resolution is what took the upstream commit in: its history entry names it.
    expect((await service.history({ artifact: 'review' })).entries.at(-1)).toMatchObject({
      action: 'resolve',
      upstream: { sha, version: 'main' },
    });
    expect(existsSync(marked)).toBe(false);
    expect((await service.sync({ artifact: 'review', direction: 'upstream', apply: true })).status).toBe('unchanged');
  });

  it('binary files: a one-sided change is taken, changes on both sides conflict keeping ours', async () => {
    const png = (n: number) => new Uint8Array([137, 80, 78, 71, 0, 0, n]);
    const { upstream, service, project } = await fx.deployed({ ...skillFiles(), 'skills/review/logo.png': png(1) });
    upstream.write({ 'skills/review/logo.png': png(2) }).commit('v2');
    const taken = await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    expect(taken.plan.files.find((file) => file.path === 'logo.png')).toMatchObject({
      binary: true,
      outcome: 'taken-theirs',
    });
    await service.update({ artifact: 'review', project, apply: true });
    write(skillPath(project, 'logo.png'), png(3));
    await service.sync({ artifact: 'review', direction: 'project', project, apply: true });
    upstream.write({ 'skills/review/logo.png': png(4) }).commit('v3');
    const result = await service.sync({ artifact: 'review', direction: 'upstream', apply: true, strategy: 'auto' });
    expect(result).toMatchObject({ status: 'conflicts-stopped', conflicts: [{ path: 'logo.png', kind: 'binary' }] });
  });
});

describe('collection → project', () => {
  it('unchanged and fast-forward', async () => {
    const { upstream, service, project } = await fx.deployed();
    expect((await service.update({ artifact: 'review', project, apply: true })).status).toBe('unchanged');
    upstream.write({ 'skills/review/SKILL.md': skill({ 1: 'TWO' }), 'skills/review/new.md': 'new\n' }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    const result = await service.update({ artifact: 'review', project, apply: true });
    expect(result).toMatchObject({ status: 'fast-forwarded', sync_status: 'synced', saved_versions: [] });
    expect(result.plan.files.map((file) => [file.path, file.action])).toEqual([
      ['SKILL.md', 'modify'],
      ['checklist.md', 'unchanged'],
      ['new.md', 'add'],
    ]);
    expect(read(skillPath(project, 'new.md'))).toBe('new\n');
    const record = read(join(project, '.claude', '.skillmeat-deployed.toml'));
    expect(record).toContain(`content_hash = "${result.head?.content_hash}"`);
    expect(record).toContain(`upstream_sha = "${upstream.head()}"`);
  });

  it('auto-merge: project edits and collection changes in different places both survive, the edits kept as a version', async () => {
    const { upstream, service, project } = await fx.deployed();
    write(skillPath(project), skill({ 0: 'ONE mine' }));
    upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX theirs' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    const result = await service.update({ artifact: 'review', project, apply: true, strategy: 'auto' });
    expect(result).toMatchObject({ status: 'merged', sync_status: 'modified' });
    expect(read(skillPath(project))).toBe(skill({ 0: 'ONE mine', 5: 'SIX theirs' }));
    const history = await service.history({ artifact: 'review', project });
    expect(history.entries.map((entry) => [entry.action, entry.change_origin])).toEqual([
      ['deploy', 'deployment'],
      ['local-edit', 'local_modification'],
      ['sync', 'sync'],
    ]);
    expect(history.lineage_issues).toEqual([]);
    expect(result.saved_versions).toEqual([history.entries[1]?.content_hash]);
    // The merge names both its parents: the project's edit and the collection's version.
    const collection = (await service.show({ artifact: 'review' })).artifact.current_hash;
    expect(history.entries[2]).toMatchObject({
      parent_hash: history.entries[1]?.content_hash,
      metadata: { merged_from: collection },
    });
  });

  it('conflict: markers in the project, the record says so, and resolve validates the file', async () => {
    const { upstream, service, project } = await fx.deployed();
    write(skillPath(project), skill({ 3: 'FOUR mine' }));
    upstream.write({ 'skills/review/SKILL.md': skill({ 3: 'FOUR theirs' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    const result = await service.update({ artifact: 'review', project, apply: true, strategy: 'prompt' });
    expect(result).toMatchObject({ status: 'conflicts-pending', sync_status: 'conflict' });
    expect(read(skillPath(project))).toContain(
      '<<<<<<< project\nFOUR mine\n=======\nFOUR theirs\n>>>>>>> collection\n',
    );
    const record = read(join(project, '.claude', '.skillmeat-deployed.toml'));
    expect(record).toContain('sync_status = "conflict"');
    expect(record).toContain('pending_conflicts = [ "SKILL.md" ]');
    expect((await service.drift({ project })).entries[0]).toMatchObject({
      status: 'conflict',
      recommendation: 'resolve',
      pending_conflicts: ['SKILL.md'],
    });
    await expect(
      service.resolve({ artifact: 'review', project, file: 'nope.md', resolution: 'ours' }),
    ).rejects.toMatchObject({ code: 'CONFLICT_NOT_FOUND', exitCode: 3 });
    await expect(
      service.resolve({
        artifact: 'review',
        project,
        file: 'SKILL.md',
        resolution: 'custom',
        content: '<<<<<<< mine\nx\n=======\ny\n>>>>>>> theirs\n',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT_MARKERS_REMAIN' });
    const resolved = await service.resolve({
      artifact: 'review',
      project,
      file: 'SKILL.md',
      resolution: 'custom',
      content: skill({ 3: 'FOUR both' }),
    });
    expect(resolved.completed).toBe(true);
    expect(read(skillPath(project))).toBe(skill({ 3: 'FOUR both' }));
    expect((await service.drift({ project })).entries[0]).toMatchObject({ status: 'modified', pending_conflicts: [] });
    expect(read(join(project, '.claude', '.skillmeat-deployed.toml'))).toContain('pending_conflicts = []');
  });

  it('binary files: a collection change reaches an unmodified project; an edited one conflicts', async () => {
    const png = (n: number) => new Uint8Array([137, 80, 78, 71, 0, 0, n]);
    const { upstream, service, project } = await fx.deployed({ ...skillFiles(), 'skills/review/logo.png': png(1) });
    upstream.write({ 'skills/review/logo.png': png(2) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    expect((await service.update({ artifact: 'review', project, apply: true })).status).toBe('fast-forwarded');
    expect(new Uint8Array(readFileSync(skillPath(project, 'logo.png')))).toEqual(png(2));
    write(skillPath(project, 'logo.png'), png(5));
    upstream.write({ 'skills/review/logo.png': png(6) }).commit('v3');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    const result = await service.update({ artifact: 'review', project, apply: true, strategy: 'auto' });
    expect(result).toMatchObject({ status: 'conflicts-stopped', conflicts: [{ path: 'logo.png', kind: 'binary' }] });
  });
});

describe('project → collection', () => {
  it('unchanged, then a project edit fast-forwards the collection as a local modification', async () => {
    const { service, project } = await fx.deployed();
    expect((await service.sync({ artifact: 'review', direction: 'project', project, apply: true })).status).toBe(
      'unchanged',
    );
    const deployedHash = (await service.drift({ project })).entries[0]?.hashes.deployed;
    write(skillPath(project), skill({ 1: 'TWO mine' }));
    expect((await service.drift({ project })).entries[0]).toMatchObject({
      status: 'modified',
      recommendation: 'sync-project',
      files: expect.arrayContaining([{ path: 'SKILL.md', project: 'modified', collection: 'unchanged' }]),
    });
    // show says so too: the status of the files as they are, not as the last write left them.
    expect((await service.show({ artifact: 'review' })).deployments).toMatchObject([
      { project, sync_status: 'modified' },
    ]);
    const result = await service.sync({ artifact: 'review', direction: 'project', project, apply: true });
    expect(result).toMatchObject({ status: 'fast-forwarded', sync_status: 'synced' });
    const versions = (await service.show({ artifact: 'review' })).versions;
    expect(versions.find((version) => version.content_hash === result.head?.content_hash)).toMatchObject({
      change_origin: 'local_modification',
      parent_hash: deployedHash,
    });
    expect((await service.drift({ project })).entries[0]?.status).toBe('synced');
    // The deployment's history shows the edit its head moved to: every parent is an entry.
    const history = await service.history({ artifact: 'review', project });
    expect(history.entries.map((entry) => [entry.action, entry.content_hash, entry.parent_hash])).toEqual([
      ['deploy', deployedHash, null],
      ['local-edit', result.head?.content_hash, deployedHash],
    ]);
  });

  it('deletions, additions and renames made in a project propagate', async () => {
    const { service, project } = await fx.deployed({
      ...skillFiles(),
      'skills/review/old-name.md': 'moved\ncontent\n',
    });
    rmSync(skillPath(project, 'checklist.md'));
    write(skillPath(project, 'added/notes.md'), 'notes\n');
    renameSync(skillPath(project, 'old-name.md'), skillPath(project, 'new-name.md'));
    const result = await service.sync({ artifact: 'review', direction: 'project', project, apply: true });
    expect(result.plan.files.map((file) => [file.path, file.action])).toEqual([
      ['SKILL.md', 'unchanged'],
      ['added/notes.md', 'add'],
      ['checklist.md', 'delete'],
      ['new-name.md', 'add'],
      ['old-name.md', 'delete'],
    ]);
    const files = (await service.show({ artifact: 'review' })).files.map((file) => file.path);
    expect(files).toEqual(['SKILL.md', 'added/notes.md', 'new-name.md']);
    // And into a second project.
    const other = fx.project();
    await service.deploy({ artifact: 'review', project: other });
    expect(existsSync(skillPath(other, 'checklist.md'))).toBe(false);
    expect(read(skillPath(other, 'new-name.md'))).toBe('moved\ncontent\n');
  });

  it('auto-merge with upstream changes, and conflicts that stop or wait', async () => {
    const { upstream, service, project } = await fx.deployed();
    upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX up' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    write(skillPath(project), skill({ 0: 'ONE mine' }));
    const merged = await service.sync({
      artifact: 'review',
      direction: 'project',
      project,
      apply: true,
      strategy: 'auto',
    });
    expect(merged).toMatchObject({ status: 'merged', sync_status: 'outdated' });
    expect((await service.update({ artifact: 'review', project, apply: true })).status).toBe('fast-forwarded');
    expect(read(skillPath(project))).toBe(skill({ 0: 'ONE mine', 5: 'SIX up' }));

    upstream.write({ 'skills/review/SKILL.md': skill({ 0: 'ONE mine', 5: 'SIX up', 4: 'FIVE up' }) }).commit('v3');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    write(skillPath(project), skill({ 0: 'ONE mine', 5: 'SIX up', 4: 'FIVE mine' }));
    expect(
      (await service.sync({ artifact: 'review', direction: 'project', project, apply: true, strategy: 'auto' })).status,
    ).toBe('conflicts-stopped');
    const pending = await service.sync({ artifact: 'review', direction: 'project', project, apply: true });
    expect(pending).toMatchObject({
      status: 'conflicts-pending',
      conflicts: [{ path: 'SKILL.md', labels: { ours: 'collection', theirs: 'project' } }],
    });
    const done = await service.resolve({ artifact: 'review', file: 'SKILL.md', resolution: 'theirs' });
    expect(done.completed).toBe(true);
    const drift = (await service.drift({ project })).entries[0];
    expect(drift).toMatchObject({ status: 'synced', hashes: { collection: done.head?.content_hash } });
  });

  it('binary: a project’s new image reaches the collection', async () => {
    const { service, project } = await fx.deployed();
    write(skillPath(project, 'logo.png'), new Uint8Array([137, 80, 78, 71, 0, 1]));
    const result = await service.sync({ artifact: 'review', direction: 'project', project, apply: true });
    expect(result.plan.files.find((file) => file.path === 'logo.png')).toMatchObject({ action: 'add', binary: true });
    expect((await service.show({ artifact: 'review' })).files.map((file) => file.path)).toContain('logo.png');
  });
});

describe('both ways', () => {
  it('takes the upstream in, merges the project’s edits, and leaves both with the same content', async () => {
    const { upstream, service, project } = await fx.deployed();
    upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX up' }) }).commit('v2');
    write(skillPath(project), skill({ 0: 'ONE mine' }));
    const result = await service.sync({ artifact: 'review', direction: 'both', project, apply: true });
    expect(result.steps?.map((step) => [step.direction, step.status])).toEqual([
      ['upstream-to-collection', 'fast-forwarded'],
      ['project-to-collection', 'merged'],
      ['collection-to-project', 'fast-forwarded'],
    ]);
    const drift = (await service.drift({ project })).entries[0];
    expect(drift).toMatchObject({ status: 'synced' });
    expect(drift?.hashes.project).toBe(drift?.hashes.collection);
    expect(read(skillPath(project))).toBe(skill({ 0: 'ONE mine', 5: 'SIX up' }));
  });

  it('a dry run plans each step on the one before, so it shows what applying will do, and writes nothing', async () => {
    const { upstream, service, project } = await fx.deployed();
    upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX up' }) }).commit('v2');
    write(skillPath(project), skill({ 0: 'ONE mine' }));
    const before = (await service.show({ artifact: 'review' })).artifact.current_hash;
    const dry = await service.sync({ artifact: 'review', direction: 'both', project });
    expect(dry.steps?.map((step) => [step.direction, step.status, step.plan.outcome])).toEqual([
      ['upstream-to-collection', 'planned', 'fast-forward'],
      ['project-to-collection', 'planned', 'merge'],
      ['collection-to-project', 'planned', 'fast-forward'],
    ]);
    // The last step brings the upstream's line to the project: its diff says so.
    const toProject = dry.steps?.[2]?.plan.files.find((file) => file.path === 'SKILL.md');
    expect(toProject?.diff).toContain('-six\n+SIX up');
    expect(dry.warnings).toEqual([]);
    expect((await service.show({ artifact: 'review' })).artifact.current_hash).toBe(before);
    expect(read(skillPath(project))).toBe(skill({ 0: 'ONE mine' }));

    const applied = await service.sync({ artifact: 'review', direction: 'both', project, apply: true });
    expect(applied.steps?.map((step) => step.head?.content_hash)).toEqual(
      dry.steps?.map((step) => step.plan.result_hash),
    );
  });

  it('a dry run stops at a step that would conflict, and says the rest waits for the conflicts', async () => {
    const { upstream, service, project } = await fx.deployed();
    upstream.write({ 'skills/review/SKILL.md': skill({ 2: 'THREE up' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    write(skillPath(project), skill({ 2: 'THREE mine' }));
    const dry = await service.sync({ artifact: 'review', direction: 'both', project });
    expect(dry.steps?.map((step) => [step.direction, step.plan.outcome])).toEqual([
      ['upstream-to-collection', 'unchanged'],
      ['project-to-collection', 'conflict'],
    ]);
    expect(dry.conflicts.map((conflict) => conflict.path)).toEqual(['SKILL.md']);
    expect(dry.warnings[0]).toMatch(/stops at the conflicts: the 1 step\(s\) after them/);
  });
});
