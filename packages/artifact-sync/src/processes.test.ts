import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { read, skill, skillFiles, skillPath, useSyncFixture, write } from '../test/sync-fixture.js';

const fx = useSyncFixture();
const fixture = join(import.meta.dirname, '..', 'test', 'fixtures', 'update-and-wait.mjs');

/** A deployed skill whose collection has a newer version waiting to be applied to the project. */
async function pendingUpdate() {
  const upstream = fx.upstream().write(skillFiles());
  upstream.commit('v1');
  const home = fx.tempDir();
  const service = await fx.service({ home, lockTimeoutMs: 300 });
  const project = fx.project();
  await service.add({ source: `${upstream.dir}#skills/review` });
  await service.deploy({ artifact: 'review', project });
  upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX v2' }), 'skills/review/new.md': 'new\n' }).commit('v2');
  await service.sync({ artifact: 'review', direction: 'upstream', apply: true });
  return { service, home, project };
}

/** Starts the second process and resolves once it is stopped inside the apply, holding the artifact's lock. */
async function stoppedInApply(home: string, project: string, point: 'beforeSwap' | 'betweenRenames') {
  const go = join(fx.tempDir(), 'go');
  const child = spawn(process.execPath, [fixture, home, project, point, go], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('ready') && resolve());
    child.on('close', (code) => reject(new Error(`the second process ended early (${code}): ${stderr}`)));
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, go, done, output: () => stdout, errors: () => stderr };
}

function kill(child: ChildProcess) {
  child.kill('SIGKILL');
}

describe('two processes', () => {
  it('serialize on the artifact: the second waits, times out with the holder named, then goes once it is free', async () => {
    const { service, home, project } = await pendingUpdate();
    const first = await stoppedInApply(home, project, 'beforeSwap');
    await expect(service.update({ artifact: 'review', project, apply: true })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
      message: expect.stringMatching(/update skill:review \(pid \d+/),
    });
    // Let the first finish; the second (waiting longer now) runs after it, on its result.
    const second = fx
      .service({ home, lockTimeoutMs: 10_000 })
      .then((other) => other.update({ artifact: 'review', project, apply: true }));
    writeFileSync(first.go, '');
    expect(await first.done).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('fast-forwarded');
    expect((await second).status).toBe('unchanged');
    expect(read(skillPath(project))).toBe(skill({ 5: 'SIX v2' }));
    const history = await service.history({ artifact: 'review', project });
    expect(history.entries.map((entry) => entry.action)).toEqual(['deploy', 'sync']);
  });

  it('a process killed before the swap leaves the previous version intact, and its lock is taken over', async () => {
    const { service, home, project } = await pendingUpdate();
    const { child, done } = await stoppedInApply(home, project, 'beforeSwap');
    kill(child);
    expect((await done).signal).toBe('SIGKILL');
    expect(read(skillPath(project))).toBe(skillFiles()['skills/review/SKILL.md']);
    expect(existsSync(skillPath(project, 'new.md'))).toBe(false);
    expect((await service.drift({ project })).entries[0]).toMatchObject({ status: 'outdated', warnings: [] });
    const result = await service.update({ artifact: 'review', project, apply: true });
    expect(result.status).toBe('fast-forwarded');
    expect(read(skillPath(project, 'new.md'))).toBe('new\n');
    // No staging directory is left behind once the next apply has run.
    expect(readdirSync(dirname(dirname(skillPath(project))))).toEqual(['review']);
  });

  it('a process killed between the two renames: drift shows the intact previous version, the next write restores it', async () => {
    const { service, home, project } = await pendingUpdate();
    const { child, done } = await stoppedInApply(home, project, 'betweenRenames');
    kill(child);
    await done;
    expect(existsSync(skillPath(project))).toBe(false);
    const entry = (await service.drift({ project })).entries[0];
    expect(entry).toMatchObject({ status: 'outdated', warnings: [expect.stringContaining('apply was interrupted')] });
    expect(entry?.hashes.project).toBe(entry?.hashes.deployed);
    expect((await service.update({ artifact: 'review', project, apply: true })).status).toBe('fast-forwarded');
    expect(read(skillPath(project))).toBe(skill({ 5: 'SIX v2' }));
    expect(readdirSync(dirname(dirname(skillPath(project))))).toEqual(['review']);
    write(skillPath(project, 'after.md'), 'still a normal directory\n');
  });
});
