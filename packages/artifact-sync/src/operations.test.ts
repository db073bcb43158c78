import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read, skill, skillFiles, skillPath, useSyncFixture, write } from '../test/sync-fixture.js';
import type { ProgressEvent } from './index.js';

const fx = useSyncFixture();

describe('rollback', () => {
  it('puts the collection back to any version of its lineage, recorded as a new entry, and projects follow', async () => {
    const { upstream, service, project } = await fx.deployed();
    const v1 = (await service.show({ artifact: 'review' })).artifact.current_hash;
    upstream.write({ 'skills/review/SKILL.md': skill({ 0: 'v2' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    await service.update({ artifact: 'review', project, apply: true });
    const v2 = (await service.show({ artifact: 'review' })).artifact.current_hash;

    const planned = await service.rollback({ artifact: 'review', to: v1.slice(0, 10), apply: false });
    expect(planned).toMatchObject({
      status: 'planned',
      applied: false,
      plan: { files: expect.arrayContaining([expect.objectContaining({ path: 'SKILL.md', action: 'modify' })]) },
    });
    expect((await service.show({ artifact: 'review' })).artifact.current_hash).toBe(v2);
    const rolled = await service.rollback({ artifact: 'review', to: v1.slice(3, 12) });
    expect(rolled).toMatchObject({ status: 'rolled-back', lineage: [v1, v2, v1], head: { content_hash: v1 } });
    const history = await service.history({ artifact: 'review' });
    expect(history.entries.map((entry) => entry.action)).toEqual(['add', 'sync', 'rollback']);

    expect((await service.drift({ project })).entries[0]).toMatchObject({
      status: 'outdated',
      recommendation: 'update',
    });
    expect((await service.update({ artifact: 'review', project, apply: true })).status).toBe('fast-forwarded');
    expect(read(skillPath(project))).toBe(skillFiles()['skills/review/SKILL.md']);
    // And forward again.
    expect((await service.rollback({ artifact: 'review', to: v2 })).lineage).toEqual([v1, v2, v1, v2]);
    await expect(service.rollback({ artifact: 'review', to: 'h1:nothing-like-this' })).rejects.toMatchObject({
      code: 'VERSION_NOT_IN_LINEAGE',
      exitCode: 3,
    });
    await expect(service.rollback({ artifact: 'review', to: 'h1' })).rejects.toMatchObject({
      code: 'HASH_PREFIX_TOO_SHORT',
      exitCode: 2,
    });
  });

  it('puts a deployment back, keeping the project’s edits as a version first', async () => {
    const { upstream, service, project } = await fx.deployed();
    const v1 = (await service.show({ artifact: 'review' })).artifact.current_hash;
    upstream.write({ 'skills/review/SKILL.md': skill({ 0: 'v2' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    await service.update({ artifact: 'review', project, apply: true });
    write(skillPath(project), skill({ 0: 'v2', 5: 'my edit' }));
    const rolled = await service.rollback({ artifact: 'review', project, to: v1 });
    expect(rolled).toMatchObject({
      status: 'rolled-back',
      saved_versions: [expect.any(String)],
      sync_status: 'outdated',
    });
    expect(read(skillPath(project))).toBe(skillFiles()['skills/review/SKILL.md']);
    const saved = rolled.saved_versions[0] as string;
    await service.rollback({ artifact: 'review', project, to: saved });
    expect(read(skillPath(project))).toBe(skill({ 0: 'v2', 5: 'my edit' }));
  });
});

describe('abort', () => {
  it('restores the version from before the merge, keeps what a person did to the markers, and clears the conflicts', async () => {
    const { upstream, service, project } = await fx.deployed();
    write(skillPath(project), skill({ 3: 'FOUR mine' }));
    upstream.write({ 'skills/review/SKILL.md': skill({ 3: 'FOUR theirs' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    await service.update({ artifact: 'review', project, apply: true, strategy: 'prompt' });
    const half = `${read(skillPath(project))}\nhalf resolved\n`;
    write(skillPath(project), half);
    const aborted = await service.abort({ artifact: 'review', project });
    expect(aborted).toMatchObject({ cleared_conflicts: ['SKILL.md'], saved_hash: expect.any(String) });
    expect(read(skillPath(project))).toBe(skill({ 3: 'FOUR mine' }));
    expect((await service.drift({ project })).entries[0]).toMatchObject({ status: 'diverged', pending_conflicts: [] });
    expect(read(join(project, '.claude', '.skillmeat-deployed.toml'))).toContain('pending_conflicts = []');
    const history = await service.history({ artifact: 'review', project });
    expect(history.entries.map((entry) => entry.action)).toEqual(['deploy', 'local-edit', 'local-edit', 'abort']);
    await service.rollback({ artifact: 'review', project, to: aborted.saved_hash as string });
    expect(read(skillPath(project))).toBe(half);
    await expect(service.abort({ artifact: 'review', project })).rejects.toMatchObject({
      code: 'NO_PENDING_MERGE',
      exitCode: 3,
    });
  });
});

describe('bulk update', () => {
  it('updates every deployment of a project with bounded parallelism and sums up the outcomes', async () => {
    const names = ['same', 'forward', 'merge', 'clash', 'broken'];
    const upstream = fx.upstream().write(Object.fromEntries(names.map((name) => [`skills/${name}/SKILL.md`, skill()])));
    upstream.commit('v1');
    const service = await fx.service({ concurrency: 2 });
    const project = fx.project();
    for (const name of names) {
      await service.add({ source: `${upstream.dir}#skills/${name}` });
      await service.deploy({ artifact: name, project });
    }
    const local = (name: string) => join(project, '.claude', 'skills', name, 'SKILL.md');
    write(local('merge'), skill({ 0: 'ONE mine' }));
    write(local('clash'), skill({ 2: 'THREE mine' }));
    rmSync(join(project, '.claude', 'skills', 'broken'), { recursive: true });
    writeFileSync(join(project, '.claude', 'skills', 'broken'), 'a file where a directory should be');
    upstream.write({
      'skills/forward/SKILL.md': skill({ 5: 'SIX' }),
      'skills/merge/SKILL.md': skill({ 5: 'SIX' }),
      'skills/clash/SKILL.md': skill({ 2: 'THREE theirs' }),
      'skills/broken/SKILL.md': skill({ 5: 'SIX' }),
    });
    upstream.commit('v2');
    const upstreamRun = await service.syncAll({ apply: true });
    expect(upstreamRun.summary).toMatchObject({ total: 5, fast_forwarded: 4, unchanged: 1, errors: 0 });

    const progress: ProgressEvent[] = [];
    const dry = await service.updateAll({ project });
    expect(dry.summary).toMatchObject({ planned: 4, errors: 1 });
    const result = await service.updateAll({
      project,
      apply: true,
      strategy: 'auto',
      onProgress: (event) => progress.push(event),
    });
    expect(result.summary).toEqual({
      total: 5,
      auto_merged: 1,
      fast_forwarded: 1,
      conflicts: 1,
      errors: 1,
      unchanged: 1,
      overwritten: 0,
      planned: 0,
      cancelled: 0,
    });
    expect(Object.fromEntries(result.items.map((item) => [item.artifact_id, item.status]))).toEqual({
      'skill:broken': 'error',
      'skill:clash': 'conflicts-stopped',
      'skill:forward': 'fast-forwarded',
      'skill:merge': 'merged',
      'skill:same': 'unchanged',
    });
    expect(result.items.find((item) => item.status === 'error')?.error).toMatchObject({
      code: 'ARTIFACT_NOT_A_DIRECTORY',
    });
    expect(progress.filter((event) => event.phase === 'item').map((event) => event.done)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(result.items.map((item) => item.result?.trace_id ?? result.trace_id))).toEqual(
      new Set([result.trace_id]),
    );
    expect(read(local('merge'))).toBe(skill({ 0: 'ONE mine', 5: 'SIX' }));

    // A merge left waiting (strategy prompt) is a conflict in the next run too, not an error.
    expect((await service.update({ artifact: 'clash', project, apply: true })).status).toBe('conflicts-pending');
    const again = await service.updateAll({ project, apply: true });
    expect(again.summary).toMatchObject({ conflicts: 1, errors: 1 });
    expect(again.items.find((item) => item.artifact_id === 'skill:clash')).toMatchObject({
      status: 'conflicts-pending',
      error: { code: 'CONFLICTS_PENDING' },
    });

    const controller = new AbortController();
    controller.abort();
    const cancelled = await service.updateAll({ project, apply: true, signal: controller.signal });
    expect(cancelled.summary.cancelled).toBe(5);
  });
});

describe('upstream checks', () => {
  it('tell which artifacts changed, not just that their repository moved', async () => {
    const upstream = fx.upstream().write({
      'skills/review/SKILL.md': skill(),
      'skills/other/SKILL.md': skill({ 0: 'other' }),
      'skills/gone/SKILL.md': skill({ 0: 'gone' }),
    });
    upstream.commit('v1');
    const service = await fx.service();
    const project = fx.project();
    for (const name of ['review', 'other', 'gone']) {
      await service.add({ source: `${upstream.dir}#skills/${name}` });
      await service.deploy({ artifact: name, project });
    }
    upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX' }), 'skills/gone/SKILL.md': null }).commit('v2');
    const checks = await service.checkUpstreams();
    expect(Object.fromEntries(checks.checks.map((check) => [check.artifact_id, [check.sha, check.newer]]))).toEqual({
      'skill:gone': [upstream.head(), true],
      'skill:other': [upstream.head(), false],
      'skill:review': [upstream.head(), true],
    });
    expect(checks.warnings).toEqual([expect.stringMatching(/^skill:gone: cannot read it at [0-9a-f]{12}: /)]);
    const drift = await service.drift({ project });
    expect(Object.fromEntries(drift.entries.map((entry) => [entry.artifact_id, entry.status]))).toEqual({
      'skill:gone': 'outdated',
      'skill:other': 'synced',
      'skill:review': 'outdated',
    });
    // The check fetched the commit: the sync that follows reads it from the cache, and agrees.
    expect((await service.sync({ artifact: 'other', direction: 'upstream', apply: true })).status).toBe('unchanged');
    expect((await service.sync({ artifact: 'review', direction: 'upstream', apply: true })).status).toBe(
      'fast-forwarded',
    );
  });
});

describe('pins', () => {
  it('a tag or commit pin stays put while the branch moves; a branch pin follows; a new ref re-pins', async () => {
    const upstream = fx.upstream().write(skillFiles());
    const first = upstream.commit('v1');
    upstream.run(['tag', '-a', 'v1.0.0', '-m', 'v1']);
    upstream.run(['branch', 'dev']);
    const service = await fx.service();
    const tag = await service.add({ source: `${upstream.dir}#skills/review@v1.0.0`, name: 'by-tag' });
    const sha = await service.add({ source: `${upstream.dir}#skills/review@${first.slice(0, 9)}`, name: 'by-sha' });
    const branch = await service.add({ source: `${upstream.dir}#skills/review@dev`, name: 'by-branch' });
    const tracking = await service.add({ source: `${upstream.dir}#skills/review`, name: 'tracking' });
    expect(
      [tag, sha, branch, tracking].map((added) => [
        added.artifact.upstream?.pin,
        added.artifact.upstream?.version,
        added.artifact.upstream?.sha,
      ]),
    ).toEqual([
      ['tag', 'v1.0.0', first],
      ['sha', first.slice(0, 9), first],
      ['branch', 'dev', first],
      ['default', 'main', first],
    ]);
    upstream.write({ 'skills/review/SKILL.md': skill({ 0: 'main moved' }) }).commit('v2');
    upstream.run(['tag', 'v2.0.0']);
    const checks = await service.checkUpstreams();
    expect(Object.fromEntries(checks.checks.map((check) => [check.artifact_id, check.newer]))).toEqual({
      'skill:by-branch': false,
      'skill:by-sha': false,
      'skill:by-tag': false,
      'skill:tracking': true,
    });
    expect((await service.sync({ artifact: 'by-tag', direction: 'upstream', apply: true })).status).toBe('unchanged');
    expect((await service.sync({ artifact: 'tracking', direction: 'upstream', apply: true })).status).toBe(
      'fast-forwarded',
    );
    const repinned = await service.sync({ artifact: 'by-tag', direction: 'upstream', apply: true, ref: 'v2.0.0' });
    expect(repinned.status).toBe('fast-forwarded');
    expect((await service.show({ artifact: 'by-tag' })).artifact.upstream).toMatchObject({
      ref: 'v2.0.0',
      pin: 'tag',
      version: 'v2.0.0',
    });
    expect((await service.history({ artifact: 'by-tag' })).entries[1]?.upstream).toMatchObject({
      ref: 'v2.0.0',
      version: 'v2.0.0',
    });
    await expect(service.add({ source: `${upstream.dir}#skills/review@no-such-ref`, name: 'x' })).rejects.toMatchObject(
      { code: 'UPSTREAM_REF_NOT_FOUND', exitCode: 3 },
    );
    await expect(service.add({ source: `${upstream.dir}#skills/nothing`, name: 'y' })).rejects.toMatchObject({
      code: 'UPSTREAM_PATH_NOT_FOUND',
      exitCode: 3,
    });
    await expect(service.add({ source: `${join(upstream.dir, 'missing')}#x` })).rejects.toMatchObject({ exitCode: 3 });
  });
});
