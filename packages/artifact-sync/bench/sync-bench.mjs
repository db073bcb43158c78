// pnpm bench: artifact sync against the targets and the seed's numbers, in one run.
//   BENCH_RUNS (default 7), BENCH_DRIFT_LARGE (default 1000) to vary it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, measureCommand, writeReport } from '@lineage/bench';
import { SyncService } from '../dist/index.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const large = Number(process.env.BENCH_DRIFT_LARGE ?? 1000);
const root = mkdtempSync(join(tmpdir(), 'artifact-sync-bench-'));
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'b',
  GIT_AUTHOR_EMAIL: 'b@b',
  GIT_COMMITTER_NAME: 'b',
  GIT_COMMITTER_EMAIL: 'b@b',
};
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });
const ms = (m) => `${m.medianMs.toFixed(1)} ms`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

/** A skill of `files` Markdown files of ~40 lines each. */
function writeSkill(dir, files, tag = '') {
  mkdirSync(join(dir, 'refs'), { recursive: true });
  for (let i = 0; i < files; i++) {
    const lines = Array.from(
      { length: 40 },
      (_, line) => `- rule ${i}.${line}: keep the ${line % 7 === 0 ? 'tests' : 'names'} honest${tag}`,
    );
    writeFileSync(
      join(dir, i === 0 ? 'SKILL.md' : `refs/${String(i).padStart(2, '0')}.md`),
      `# part ${i}\n\n${lines.join('\n')}\n`,
    );
  }
}

async function pool(items, limit, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

const notes = [`load average at start (1, 5, 15 min): ${load()} on ${process.env.BENCH_CPUS ?? '2'} cores`];
try {
  // 1. A 20-file skill: a three-way merge collection → project (one file edited on each side).
  const upstream = join(root, 'upstream');
  mkdirSync(upstream);
  git(upstream, 'init', '-q', '-b', 'main');
  writeSkill(join(upstream, 'skills/big'), 20);
  git(upstream, 'add', '.');
  git(upstream, 'commit', '-qm', 'v1');
  const service = await SyncService.open({ home: join(root, 'home') });
  const v1 = (await service.add({ source: `${upstream}#skills/big` })).artifact.current_hash;
  writeFileSync(join(upstream, 'skills/big/refs/19.md'), '# part 19\n\nchanged upstream\n');
  git(upstream, 'commit', '-qam', 'v2');
  await service.sync({ artifact: 'big', direction: 'upstream', apply: true });
  const v2 = (await service.show({ artifact: 'big' })).artifact.current_hash;
  let project;
  const update = await measure(
    'sync of a 20-file skill, collection → project, three-way merge applied',
    async () => {
      const result = await service.update({ artifact: 'big', project, apply: true, strategy: 'auto' });
      if (result.status !== 'merged') throw new Error(`expected a merge, got ${result.status}`);
    },
    {
      runs,
      before: async () => {
        project = mkdtempSync(join(root, 'project-'));
        await service.rollback({ artifact: 'big', to: v1 });
        await service.deploy({ artifact: 'big', project });
        await service.rollback({ artifact: 'big', to: v2 });
        writeFileSync(join(project, '.claude/skills/big/SKILL.md'), '# part 0\n\nedited in the project\n');
      },
    },
  );
  const dryRun = await measure(
    'the same sync as a dry run (plan and diffs, nothing written)',
    () => service.update({ artifact: 'big', project }),
    { runs },
  );

  // 2. Upstream → collection against a local git remote: ls-remote, shallow fetch, read, merge, record.
  let round = 0;
  const fromUpstream = await measure(
    'sync of a 20-file skill, upstream → collection from a local git remote (fetch included)',
    async () => {
      const result = await service.sync({ artifact: 'big', direction: 'upstream', apply: true });
      if (result.status !== 'fast-forwarded') throw new Error(`expected a fast-forward, got ${result.status}`);
    },
    {
      runs,
      before: () => {
        writeFileSync(join(upstream, 'skills/big/refs/18.md'), `# part 18\n\nround ${round++}\n`);
        git(upstream, 'commit', '-qam', `round ${round}`);
      },
    },
  );

  // 3. Drift of many deployed artifacts in one project; 4. upstream checks.
  const many = join(root, 'many');
  mkdirSync(many);
  git(many, 'init', '-q', '-b', 'main');
  for (let i = 0; i < large; i++) writeSkill(join(many, `skills/s${i}`), 3);
  git(many, 'add', '.');
  git(many, 'commit', '-qm', 'many');
  const driftService = await SyncService.open({ home: join(root, 'drift-home'), concurrency: 4 });
  const setupStart = performance.now();
  const names = Array.from({ length: large }, (_, i) => `s${i}`);
  await pool(names, 4, (name) => driftService.add({ source: `${many}#skills/${name}` }));
  const small = mkdtempSync(join(root, 'drift-100-'));
  const big = mkdtempSync(join(root, `drift-${large}-`));
  await pool(names.slice(0, 100), 8, (name) => driftService.deploy({ artifact: name, project: small }));
  await pool(names, 8, (name) => driftService.deploy({ artifact: name, project: big }));
  notes.push(
    `setup: ${large} artifacts added and deployed in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
  );
  // A realistic mix: a tenth edited in the project.
  for (let i = 0; i < large; i += 10) writeFileSync(join(big, `.claude/skills/s${i}/SKILL.md`), 'edited\n');
  for (let i = 0; i < 100; i += 10) writeFileSync(join(small, `.claude/skills/s${i}/SKILL.md`), 'edited\n');
  const drift100 = await measure(
    'drift of 100 deployed artifacts (one project, 10 edited)',
    () => driftService.drift({ project: small }),
    { runs },
  );
  const driftLarge = await measure(
    `drift of ${large} deployed artifacts (one project, ${large / 10} edited)`,
    () => driftService.drift({ project: big }),
    { runs: Math.max(3, Math.ceil(runs / 2)) },
  );

  const check = await measure(
    'upstream check of one artifact against a local git remote (git ls-remote)',
    () => service.checkUpstreams({ artifacts: ['big'] }),
    { runs },
  );
  const lsRemote = measureCommand(
    'git ls-remote (the same remote, same refs)',
    'git',
    ['ls-remote', '--symref', upstream, 'HEAD'],
    { env, runs },
  );
  const checkAll = await measure(
    `upstream check of ${large} artifacts sharing one remote`,
    () => driftService.checkUpstreams(),
    { runs: 3 },
  );
  notes.push(
    `upstream check of ${large} artifacts of one repository: ${(checkAll.medianMs / large).toFixed(2)} ms per artifact (one ls-remote per repository)`,
  );
  notes.push(`load average at end: ${load()}`);
  await service.close();
  await driftService.close();

  writeReport({
    suite: 'artifact-sync',
    measurements: [update, dryRun, fromUpstream, drift100, driftLarge, check, lsRemote, checkAll],
    comparisons: [{ label: 'upstream check vs bare git ls-remote', ours: check, reference: lsRemote }],
    targets: [
      {
        label: 'single sync of a 20-file artifact < 100 ms (issue; seed: 500 ms)',
        measured: `${ms(update)} (from upstream: ${ms(fromUpstream)})`,
        met: update.medianMs < 100,
      },
      {
        label: 'drift of 100 deployed artifacts < 500 ms (issue; seed: 5 s)',
        measured: ms(drift100),
        met: drift100.medianMs < 500,
      },
      { label: `drift of ${large} deployed artifacts (reported)`, measured: ms(driftLarge), met: true },
      {
        label: 'upstream check < 100 ms per artifact against a local git remote',
        measured: ms(check),
        met: check.medianMs < 100,
      },
    ],
    notes,
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
