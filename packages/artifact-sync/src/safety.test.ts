import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@lineage/sqlite-store';
import { git } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { serveRepository } from '../test/dumb-http.js';
import { fingerprint, read, skill, skillFiles, skillPath, useSyncFixture, write } from '../test/sync-fixture.js';
import type { LogEvent } from './index.js';

const fx = useSyncFixture();

/** Every row of every table: what a read-only operation must leave exactly as it was. */
async function dumpDatabase(home: string): Promise<unknown> {
  const store = await openStore(join(home, 'collection.db'), [], { readonly: true });
  const tables = store.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  const dump = Object.fromEntries(tables.map(({ name }) => [name, store.raw.prepare(`SELECT * FROM "${name}"`).all()]));
  await store.close();
  return dump;
}

describe('an upstream is untrusted input', () => {
  async function refused(build: (upstream: ReturnType<typeof fx.upstream>) => void, code: string, limits = {}) {
    const upstream = fx.upstream().write(skillFiles());
    build(upstream);
    const home = fx.tempDir();
    const service = await fx.service({ home, limits });
    await expect(service.add({ source: `${upstream.dir}#skills/review` })).rejects.toMatchObject({
      code,
      message: expect.stringContaining('nothing was written'),
    });
    expect((await service.list()).artifacts).toEqual([]);
    expect(readdirSync(join(home, 'objects'))).toEqual([]);
  }

  it('refuses a tree entry named ..', async () => {
    await refused((upstream) => {
      upstream.commit('v1');
      const blob = upstream.hashObject('escape\n');
      const review = upstream.mktree([
        `100644 blob ${upstream.hashObject('# skill\n')}\tSKILL.md`,
        `100644 blob ${blob}\t..`,
      ]);
      const outside = upstream.mktree([`100644 blob ${blob}\tpasswd`]);
      const skills = upstream.mktree([`040000 tree ${review}\treview`, `040000 tree ${outside}\t..`]);
      upstream.setHead(upstream.mktree([`040000 tree ${skills}\tskills`]));
    }, 'UNSAFE_PATH');
  });

  it('refuses a symbolic link that points outside the artifact, relative or absolute', async () => {
    await refused((upstream) => {
      symlinkSync('../../../../../../etc/passwd', join(upstream.dir, 'skills/review/leak'));
      upstream.commit('v1');
    }, 'UNSAFE_SYMLINK');
    await refused((upstream) => {
      symlinkSync('/etc/passwd', join(upstream.dir, 'skills/review/leak'));
      upstream.commit('v1');
    }, 'UNSAFE_SYMLINK');
  });

  it('refuses files over the limit before reading them, and submodules', async () => {
    await refused(
      (upstream) => {
        upstream.write({ 'skills/review/big.bin': new Uint8Array(5_000) }).commit('v1');
      },
      'ARTIFACT_FILE_TOO_LARGE',
      { maxFileBytes: 4_096 },
    );
    await refused((upstream) => {
      const commit = upstream.commit('v1');
      git(upstream.dir, ['update-index', '--add', '--cacheinfo', `160000,${commit},skills/review/vendor`]);
      git(upstream.dir, ['commit', '-qm', 'submodule']);
    }, 'UPSTREAM_SUBMODULE');
  });

  it('keeps links inside the artifact, and refuses a hostile update without touching the collection', async () => {
    const upstream = fx.upstream().write(skillFiles());
    symlinkSync('checklist.md', join(upstream.dir, 'skills/review/link.md'));
    upstream.commit('v1');
    const service = await fx.service();
    const project = fx.project();
    await service.add({ source: `${upstream.dir}#skills/review` });
    await service.deploy({ artifact: 'review', project });
    expect(read(skillPath(project, 'link.md'))).toBe('check a\ncheck b\n');
    const before = await service.show({ artifact: 'review' });
    symlinkSync('../../secret', join(upstream.dir, 'skills/review/leak'));
    upstream.commit('v2');
    await expect(service.sync({ artifact: 'review', direction: 'upstream', apply: true })).rejects.toMatchObject({
      code: 'UNSAFE_SYMLINK',
    });
    expect(await service.show({ artifact: 'review' })).toMatchObject({
      artifact: before.artifact,
      versions: before.versions,
    });
  });
});

describe('drift', () => {
  it('writes nothing: not the database, not the objects, not the project or its record', async () => {
    const upstream = fx.upstream().write(skillFiles());
    upstream.commit('v1');
    const home = fx.tempDir();
    const service = await fx.service({ home });
    const project = fx.project();
    await service.add({ source: `${upstream.dir}#skills/review` });
    await service.deploy({ artifact: 'review', project });
    write(skillPath(project), skill({ 0: 'edited' }));
    upstream.write({ 'skills/review/checklist.md': 'changed\n' }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    const before = {
      db: await dumpDatabase(home),
      objects: fingerprint(join(home, 'objects')),
      project: fingerprint(project),
    };
    const report = await service.drift({ project });
    expect(report.entries[0]).toMatchObject({
      status: 'diverged',
      would_conflict: false,
      files: [
        { path: 'SKILL.md', project: 'modified', collection: 'unchanged' },
        { path: 'checklist.md', project: 'unchanged', collection: 'modified' },
      ],
    });
    await service.drift();
    expect({
      db: await dumpDatabase(home),
      objects: fingerprint(join(home, 'objects')),
      project: fingerprint(project),
    }).toEqual(before);
  });

  it('sees edits to single-file artifacts (commands, agents, hooks)', async () => {
    const upstream = fx.upstream().write({ 'commands/fix.md': 'Fix the bug.\n\nThen test.\n' });
    upstream.commit('v1');
    const service = await fx.service();
    const project = fx.project();
    const added = await service.add({ source: `${upstream.dir}#commands/fix.md` });
    expect(added.artifact).toMatchObject({ id: 'command:fix', kind: 'command' });
    await service.deploy({ artifact: 'fix', project });
    const file = join(project, '.claude', 'commands', 'fix.md');
    expect(read(file)).toBe('Fix the bug.\n\nThen test.\n');
    writeFileSync(file, 'Fix the bug carefully.\n\nThen test.\n');
    expect((await service.drift({ project })).entries[0]).toMatchObject({
      status: 'modified',
      files: [{ path: 'fix.md', project: 'modified' }],
    });
    upstream.write({ 'commands/fix.md': 'Fix the bug.\n\nThen test twice.\n' }).commit('v2');
    await service.sync({ artifact: 'fix', direction: 'upstream', apply: true });
    expect((await service.update({ artifact: 'fix', project, apply: true })).status).toBe('merged');
    expect(read(file)).toBe('Fix the bug carefully.\n\nThen test twice.\n');
  });
});

describe('versions', () => {
  it('the same content in two artifacts, and a revert to an earlier version, never collide', async () => {
    const upstream = fx.upstream().write({
      ...skillFiles(),
      'skills/copy/SKILL.md': skillFiles()['skills/review/SKILL.md'],
      'skills/copy/checklist.md': 'check a\ncheck b\n',
    });
    const v1 = upstream.commit('v1');
    const service = await fx.service();
    const [review, copy] = [
      await service.add({ source: `${upstream.dir}#skills/review` }),
      await service.add({ source: `${upstream.dir}#skills/copy` }),
    ];
    expect(review.artifact.current_hash).toBe(copy.artifact.current_hash);
    upstream.write({ 'skills/review/SKILL.md': skill({ 0: 'v2' }) }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    upstream.run(['revert', '--no-edit', 'HEAD']);
    const reverted = await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    expect(reverted.status).toBe('fast-forwarded');
    const history = await service.history({ artifact: 'review' });
    const first = review.artifact.current_hash;
    expect(history.version_lineage).toEqual([first, expect.any(String), first]);
    expect(history.entries.map((entry) => entry.action)).toEqual(['add', 'sync', 'sync']);
    expect(history.lineage_issues).toEqual([]);
    expect((await service.show({ artifact: 'copy' })).versions).toHaveLength(1);
    expect(v1).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('degraded modes', () => {
  async function served() {
    const upstream = fx.upstream().write(skillFiles());
    upstream.commit('v1');
    const root = fx.tempDir();
    git(root, ['clone', '-q', '--bare', upstream.dir, 'repo.git']);
    git(join(root, 'repo.git'), ['update-server-info']);
    const server = await serveRepository(root);
    const publish = () => {
      git(upstream.dir, ['push', '-q', join(root, 'repo.git'), 'main']);
      git(join(root, 'repo.git'), ['update-server-info']);
    };
    return { upstream, server, publish };
  }

  it('retries a rate-limited upstream with backoff, then succeeds', async () => {
    const { server } = await served();
    const events: LogEvent[] = [];
    const service = await fx.service({
      retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
      log: (event) => events.push(event),
    });
    server.fail(2, 429);
    try {
      const added = await service.add({ source: `${server.url}#skills/review` });
      expect(added.artifact.upstream).toMatchObject({ url: server.url, pin: 'default', version: 'main' });
      expect(events.filter((event) => event.event === 'upstream.retry')).toHaveLength(2);
      expect(events.find((event) => event.event === 'upstream.retry')).toMatchObject({
        url: server.url,
        attempt: 1,
        operation_type: 'add',
        trace_id: added.trace_id,
        message: expect.stringContaining('429'),
      });
    } finally {
      await server.close();
    }
  });

  it('falls back to the cached upstream check with a warning when the upstream is unreachable or keeps rate-limiting', async () => {
    const { upstream, server, publish } = await served();
    const service = await fx.service({ retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
    const project = fx.project();
    await service.add({ source: `${server.url}#skills/review` });
    await service.deploy({ artifact: 'review', project });
    upstream.write({ 'skills/review/checklist.md': 'newer\n' }).commit('v2');
    publish();
    const fresh = await service.checkUpstreams();
    expect(fresh.checks[0]).toMatchObject({ ok: true, newer: true, sha: upstream.head(), from_cache: false });

    server.fail(1_000, 429);
    const limited = await service.drift({ project, check_upstream: true });
    expect(limited.warnings).toEqual([expect.stringContaining('using the last successful check')]);
    expect(limited.entries[0]).toMatchObject({
      status: 'outdated',
      upstream: { latest_sha: upstream.head() },
      recommendation: 'sync-upstream',
    });
    await server.close();
    const offline = await service.checkUpstreams();
    expect(offline.checks[0]).toMatchObject({
      ok: false,
      from_cache: true,
      sha: upstream.head(),
      error: { code: 'UPSTREAM_UNREACHABLE' },
    });
    expect((await service.drift({ project, check_upstream: true })).entries[0]?.status).toBe('outdated');
    await expect(service.sync({ artifact: 'review', direction: 'upstream', apply: true })).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      hint: expect.stringContaining('try again'),
    });
  });
});

describe('deployment records', () => {
  it('a damaged record stops every write with a clear error and is never overwritten', async () => {
    const { upstream, service, project } = await fx.deployed();
    upstream.write({ 'skills/review/checklist.md': 'newer\n' }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    const record = join(project, '.claude', '.skillmeat-deployed.toml');
    writeFileSync(record, '[[deployed]]\nartifact_name = "review\n');
    const before = fingerprint(project);
    await expect(service.update({ artifact: 'review', project, apply: true })).rejects.toMatchObject({
      code: 'DEPLOYMENT_RECORD_INVALID',
      message: expect.stringContaining('line 2'),
    });
    await expect(
      service.sync({ artifact: 'review', direction: 'project', project, apply: true }),
    ).rejects.toMatchObject({ code: 'DEPLOYMENT_RECORD_INVALID' });
    expect(fingerprint(project)).toEqual(before);
    const drift = await service.drift({ project });
    expect(drift.warnings).toEqual([expect.stringContaining('is not valid TOML')]);
    expect(drift.entries[0]?.status).toBe('outdated');
  });

  it('a legacy record (SkillMeat, no lineage) is evaluated without writing, then migrated with its hash as the lineage root', async () => {
    const upstream = fx.upstream().write(skillFiles());
    upstream.commit('v1');
    const service = await fx.service();
    await service.add({ source: `${upstream.dir}#skills/review` });
    const project = fx.project();
    for (const [path, content] of Object.entries(skillFiles())) write(join(project, '.claude', path), content);
    write(skillPath(project), skill({ 2: 'edited before the migration' }));
    const record = join(project, '.claude', '.skillmeat-deployed.toml');
    writeFileSync(
      record,
      '[[deployed]]\nartifact_name = "review"\nartifact_type = "skill"\nfrom_collection = "default"\ndeployed_at = "2025-01-15T09:30:00"\nartifact_path = "skills/review"\ncontent_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"\nlocal_modifications = false\n',
    );
    const legacyBytes = read(record);
    const drift = await service.drift({ project });
    expect(drift.warnings).toEqual([expect.stringContaining('legacy record')]);
    // Nothing says which version the project started from: both sides count as changed.
    expect(drift.entries[0]).toMatchObject({ artifact_id: 'skill:review', status: 'diverged', hashes: { base: null } });
    expect(read(record)).toBe(legacyBytes);

    const migrated = await service.migrateRecords({ project });
    expect(migrated.adopted).toEqual(['skill:review']);
    const current = drift.entries[0]?.hashes.project as string;
    const rewritten = read(record);
    expect(rewritten).toContain(`version_lineage = [ "${current}" ]`);
    expect(rewritten).toContain('local_modifications = false');
    expect((await service.history({ artifact: 'review', project })).entries).toEqual([
      expect.objectContaining({
        action: 'adopt',
        content_hash: current,
        metadata: expect.objectContaining({ legacy: true }),
      }),
    ]);
    // With no version known to both sides, every difference is left to a person, never overwritten.
    upstream.write({ 'skills/review/checklist.md': 'newer\n' }).commit('v2');
    await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
    expect(existsSync(skillPath(project))).toBe(true);
    const update = await service.update({ artifact: 'review', project, apply: true, strategy: 'prompt' });
    expect(update.plan.base_hash).toBe(null);
    expect(update.status).toBe('conflicts-pending');
  });
});
