#!/usr/bin/env node
// `pnpm bench` for atomic at real-history scale (issue 10): the first 1,200 first-parent commits
// of a real repository (LINEAGE_BENCH_REPO: a git clone, e.g. lodash) — or, without one, a
// generated history of the same shape — replayed into atomic and into git, then fork, unrecord,
// clone, size and record measured side by side, at 100 and at 1,200 changes. The replay is the
// set-up: it is cached (node_modules/.cache/lineage-bench) and redone only when the history or
// patch-graph's build changes.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, measureCommand, summarize, writeReport } from '@lineage/bench';
import { AtomicRepository, resetWorkingCopy } from '@lineage/working-copy';
import { BIN, benchEnv, commandRunner, scratchDirs } from './bench-kit.mjs';
import { gitBlobId, replayIntoAtomic, replayIntoGit } from './history-replay.mjs';
import { blobReader, realHistory, syntheticHistory } from './history-source.mjs';

const CHANGES = Number(process.env.BENCH_HISTORY_CHANGES ?? 1200);
const EARLY = Math.min(100, CHANGES);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const SOURCE = process.env.LINEAGE_BENCH_REPO;
const env = benchEnv({ ATOMIC_AI_ENABLED: '' });
const run = commandRunner(env);
const { scratch, removeAll } = scratchDirs();
const du = (path) => {
  const stat = statSync(path);
  return stat.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0) : stat.size;
};
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

// ---- set-up: the replay, cached ----

const commits = SOURCE ? realHistory(SOURCE, CHANGES) : syntheticHistory(CHANGES);
const patchGraphBuild = fileURLToPath(import.meta.resolve('@lineage/patch-graph'));
const key = createHash('sha256')
  .update(`${SOURCE ? commits.at(-1).id : 'synthetic'}:${commits.length}:`)
  .update(readFileSync(patchGraphBuild))
  .digest('hex')
  .slice(0, 16);
const cacheRoot = join(import.meta.dirname, '..', 'node_modules', '.cache', 'lineage-bench');
const cache = join(cacheRoot, `history-${key}`);
const notes = [];
if (!existsSync(join(cache, 'done.json'))) {
  rmSync(cacheRoot, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  console.error(`bench: replaying ${commits.length} commits into atomic and git (set-up, cached in ${cache})…`);
  const started = Date.now();
  const early = join(cache, `atomic-${EARLY}`);
  const readBlobs = SOURCE ? blobReader(SOURCE) : undefined;
  const progress = (n) => n % 200 === 0 && console.error(`bench: ${n} commits replayed`);
  let repo = await AtomicRepository.init(early);
  const files = await replayIntoAtomic(repo, commits.slice(0, EARLY), { readBlobs, progress });
  resetWorkingCopy(repo);
  await repo.close();
  cpSync(early, join(cache, `atomic-${commits.length}`), { recursive: true });
  repo = await AtomicRepository.open(join(cache, `atomic-${commits.length}`), { lock: 'bench replay' });
  await replayIntoAtomic(repo, commits.slice(EARLY), { readBlobs, files, progress: (n) => progress(n + EARLY) });
  resetWorkingCopy(repo);
  const replaySeconds = (Date.now() - started) / 1000;
  await repo.close();
  const git = join(cache, 'git');
  mkdirSync(git);
  replayIntoGit(git, commits, { source: SOURCE });
  // The replay must be exact: git's tree of the last commit, blob by blob, is atomic's output.
  const tree = run('git', ['ls-tree', '-r', 'HEAD'], git)
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/));
  const reopened = await AtomicRepository.open(join(cache, `atomic-${commits.length}`));
  const output = reopened.pristine.files('main').filter((entry) => entry.kind !== 'dir');
  if (output.length !== tree.length) throw new Error(`bench: atomic has ${output.length} files, git ${tree.length}`);
  for (const [, , blob, path] of tree) {
    if (gitBlobId(reopened.pristine.readFile('main', path)) !== blob)
      throw new Error(`bench: ${path} differs from git's tree`);
  }
  await reopened.close();
  writeFileSync(join(cache, 'done.json'), JSON.stringify({ replaySeconds, commits: commits.length }));
}
const { replaySeconds } = JSON.parse(readFileSync(join(cache, 'done.json'), 'utf8'));
notes.push(
  `History: ${SOURCE ? `the first ${commits.length} first-parent commits of ${SOURCE}` : `a generated history of ${commits.length} commits (set LINEAGE_BENCH_REPO to a git clone for a real one)`}; replayed through the library in ${replaySeconds.toFixed(0)} s (set-up, cached).`,
);

/** A fresh copy of a cached repository: measurements change what they measure. */
const copyOf = (name) => {
  const dir = join(scratch('atomic-history-'), name);
  cpSync(join(cache, name), dir, { recursive: true });
  return dir;
};
// The file most commits touched: where a one-line edit goes.
const touches = new Map();
for (const commit of commits)
  for (const op of commit.ops) if (op.path) touches.set(op.path, (touches.get(op.path) ?? 0) + 1);
const present = new Set(readdirSync(join(cache, `atomic-${EARLY}`), { recursive: true }).map(String));
const editedFile = [...touches].filter(([path]) => present.has(path)).sort((a, b) => b[1] - a[1])[0][0];
notes.push(`One-line edits append a line to ${editedFile}, the file most commits touch.`);

const measurements = [];
const comparisons = [];
const targets = [];
const at = {};

// Start-up, in this run: status and a one-line record in a repository of one small file. What
// status and record cost at 1,200 changes beyond this is what history costs them.
const tiny = join(scratch('atomic-tiny-'), 'repo');
mkdirSync(tiny);
writeFileSync(join(tiny, 'a.txt'), 'a\n');
run(process.execPath, [BIN, 'init'], tiny);
run(process.execPath, [BIN, 'add', 'a.txt'], tiny);
run(process.execPath, [BIN, 'record', '-m', 'a'], tiny);
const startup = {
  status: measureCommand('atomic status, one-file repository (start-up)', process.execPath, [BIN, 'status'], {
    cwd: tiny,
    runs: RUNS,
    env,
  }),
};
{
  const samples = [];
  for (let i = 0; i <= RUNS; i++) {
    appendFileSync(join(tiny, 'a.txt'), `edit ${i}\n`);
    const start = process.hrtime.bigint();
    run(process.execPath, [BIN, 'record', '-m', `edit ${i}`], tiny);
    if (i > 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  startup.record = summarize('atomic record, one-line edit, one-file repository (start-up)', samples);
}
measurements.push(startup.status, startup.record);

for (const size of [EARLY, commits.length]) {
  const dir = copyOf(`atomic-${size}`);
  const gitDir = join(scratch('git-history-'), 'git');
  run('git', ['clone', '-q', '--no-local', join(cache, 'git'), gitDir]);
  if (size === EARLY) run('git', ['reset', '-q', '--hard', `HEAD~${commits.length - EARLY}`], gitDir);
  const result = {};
  at[size] = result;

  // record of a one-line edit (CLI, Node start included), beside git commit
  const record = [];
  const commit = [];
  for (let i = 0; i <= RUNS; i++) {
    appendFileSync(join(dir, editedFile), `// bench edit ${i}\n`);
    appendFileSync(join(gitDir, editedFile), `// bench edit ${i}\n`);
    let start = process.hrtime.bigint();
    run(process.execPath, [BIN, 'record', '-m', `edit ${i}`], dir);
    if (i > 0) record.push(Number(process.hrtime.bigint() - start) / 1e6);
    start = process.hrtime.bigint();
    run('git', ['commit', '-qam', `edit ${i}`], gitDir);
    if (i > 0) commit.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  result.record = summarize(`atomic record, one-line edit, ${size} changes`, record);
  result.commit = summarize(`git commit, one-line edit, ${size} commits`, commit);
  comparisons.push({
    label: `record of a one-line edit at ${size} changes vs git commit`,
    ours: result.record,
    reference: result.commit,
  });

  // unrecord of a one-line change (CLI), beside git reset --hard HEAD~1
  const unrecord = [];
  const reset = [];
  for (let i = 0; i <= RUNS; i++) {
    appendFileSync(join(dir, editedFile), `// to unrecord ${i}\n`);
    const hash = run(process.execPath, [BIN, 'record', '-m', `to unrecord ${i}`], dir).trim();
    let start = process.hrtime.bigint();
    run(process.execPath, [BIN, 'unrecord', hash], dir);
    if (i > 0) unrecord.push(Number(process.hrtime.bigint() - start) / 1e6);
    appendFileSync(join(gitDir, editedFile), `// to reset ${i}\n`);
    run('git', ['commit', '-qam', `to reset ${i}`], gitDir);
    start = process.hrtime.bigint();
    run('git', ['reset', '-q', '--hard', 'HEAD~1'], gitDir);
    if (i > 0) reset.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  result.unrecord = summarize(`atomic unrecord, one-line change, ${size} changes`, unrecord);
  result.reset = summarize(`git reset --hard HEAD~1, ${size} commits`, reset);
  comparisons.push({
    label: `unrecord of a one-line change at ${size} changes vs git reset --hard HEAD~1`,
    ours: result.unrecord,
    reference: result.reset,
  });

  // unrecord in-process: the library's own work (the set, the log), without rewriting the file
  const library = await AtomicRepository.open(dir, { lock: 'bench', env });
  const unrecordLibrary = [];
  for (let i = 0; i <= RUNS; i++) {
    const content = Buffer.concat([library.pristine.readFile('main', editedFile), Buffer.from(`// lib ${i}\n`)]);
    const { hash } = library.pristine.record('main', {
      message: `to unrecord ${i}`,
      authors: ['bench'],
      edits: [{ type: 'write', path: editedFile, content }],
    });
    const start = process.hrtime.bigint();
    library.pristine.unrecord('main', [hash]);
    if (i > 0) unrecordLibrary.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await library.close();
  result.unrecordLibrary = summarize(
    `atomic unrecord in-process (library), one-line change, ${size} changes`,
    unrecordLibrary,
  );

  // status (CLI) beside git status
  result.status = measureCommand(`atomic status, ${size} changes`, process.execPath, [BIN, 'status'], {
    cwd: dir,
    runs: RUNS,
    env,
  });
  result.gitStatus = measureCommand(`git status, ${size} commits`, 'git', ['status', '--porcelain'], {
    cwd: gitDir,
    runs: RUNS,
    env,
  });
  comparisons.push({
    label: `status at ${size} changes vs git status`,
    ours: result.status,
    reference: result.gitStatus,
  });

  // fork: in-process time and bytes added, beside git branch
  const repo = await AtomicRepository.open(dir, { lock: 'bench', env });
  const pristine = join(dir, '.atomic', 'pristine.db');
  const sizeBefore = statSync(pristine).size;
  let forks = 0;
  result.fork = await measure(
    `atomic fork (in-process), ${size} changes`,
    () => repo.pristine.forkChannel('main', `fork-${forks++}`),
    { runs: RUNS },
  );
  await repo.close();
  result.forkBytes = (statSync(pristine).size - sizeBefore) / forks;
  const gitBranch = measureCommand(`git branch, ${size} commits`, 'sh', ['-c', 'git branch "b$(date +%s%N)"'], {
    cwd: gitDir,
    runs: RUNS,
  });
  result.forkCli = measureCommand(
    `atomic fork (CLI), ${size} changes`,
    'sh',
    ['-c', `${process.execPath} ${BIN} fork "c$(date +%s%N)"`],
    { cwd: dir, runs: RUNS, env },
  );
  comparisons.push({
    label: `fork at ${size} changes (CLI) vs git branch`,
    ours: result.forkCli,
    reference: gitBranch,
  });
  measurements.push(
    result.record,
    result.commit,
    result.unrecord,
    result.unrecordLibrary,
    result.reset,
    result.status,
    result.gitStatus,
    result.fork,
    result.forkCli,
    gitBranch,
  );
  notes.push(
    `${size} changes: a fork adds ${result.forkBytes < 1024 ? `${result.forkBytes.toFixed(0)} bytes` : mb(result.forkBytes)} to pristine.db (average over ${forks} forks; a git branch is a 41-byte ref).`,
  );

  if (size === commits.length) {
    // Deleting every fork: the file comes back (incremental vacuum).
    const reopened = await AtomicRepository.open(dir, { lock: 'bench', env });
    const withForks = statSync(pristine).size;
    const doomed = reopened.channels().filter((name) => name !== 'main');
    for (const name of doomed) reopened.pristine.deleteChannel(name);
    await reopened.close();
    result.afterDelete = statSync(pristine).size;
    result.beforeForks = sizeBefore;
    notes.push(
      `Deleting all ${doomed.length} forks: pristine.db ${mb(withForks)} with them, ${mb(result.afterDelete)} after (${mb(sizeBefore)} before them).`,
    );
  }
}

// clone of the whole repository (CLI), beside git clone
const full = join(cache, `atomic-${commits.length}`);
const atomicClone = measureCommand(
  `atomic clone, ${commits.length} changes`,
  'sh',
  ['-c', `rm -rf "$T/c" && ${process.execPath} ${BIN} clone "${full}" "$T/c"`],
  {
    runs: Math.min(RUNS, 5),
    env: { ...env, T: scratch('clone-') },
  },
);
const gitClone = measureCommand(
  `git clone --no-local, ${commits.length} commits`,
  'sh',
  ['-c', `rm -rf "$T/c" && git clone -q --no-local "${join(cache, 'git')}" "$T/c"`],
  {
    runs: Math.min(RUNS, 5),
    env: { ...env, T: scratch('clone-') },
  },
);
measurements.push(atomicClone, gitClone);
comparisons.push({
  label: `clone of ${commits.length} changes vs git clone --no-local`,
  ours: atomicClone,
  reference: gitClone,
});

// size against git's, gc'd
const atomicBytes = du(join(full, '.atomic'));
const gitBytes = du(join(cache, 'git', '.git'));
notes.push(
  `.atomic ${mb(atomicBytes)} against .git ${mb(gitBytes)} (after git gc): ${(atomicBytes / gitBytes).toFixed(2)}×.`,
);

const large = at[commits.length];
const small = at[EARLY];
targets.push(
  {
    label: `fork under 50 ms in-process at ${commits.length} changes`,
    measured: `${large.fork.medianMs.toFixed(2)} ms`,
    met: large.fork.medianMs < 50,
  },
  { label: 'fork adds under 1 MB', measured: `${large.forkBytes.toFixed(0)} bytes`, met: large.forkBytes < 1e6 },
  {
    label: `unrecord at ${commits.length} changes within 1.3× of at ${EARLY}`,
    measured: `${(large.unrecord.medianMs / small.unrecord.medianMs).toFixed(2)}×`,
    met: large.unrecord.medianMs <= 1.3 * small.unrecord.medianMs,
  },
  {
    label: `clone of ${commits.length} changes under 3 s, Node start included`,
    measured: `${(atomicClone.medianMs / 1000).toFixed(2)} s`,
    met: atomicClone.medianMs < 3000,
  },
  {
    label: '.atomic at most 3× .git',
    measured: `${(atomicBytes / gitBytes).toFixed(2)}×`,
    met: atomicBytes <= 3 * gitBytes,
  },
  {
    label: 'after deleting every fork, pristine.db within 10% of its size before them',
    measured: `${((large.afterDelete / large.beforeForks - 1) * 100).toFixed(1)}%`,
    met: large.afterDelete <= 1.1 * large.beforeForks,
  },
  {
    label: `record of a one-line edit under 200 ms at ${commits.length} changes`,
    measured: `${large.record.medianMs.toFixed(0)} ms`,
    met: large.record.medianMs < 200,
  },
  {
    label: `status under 150 ms at ${commits.length} changes`,
    measured: `${large.status.medianMs.toFixed(0)} ms`,
    met: large.status.medianMs < 150,
  },
  {
    label: `record at ${commits.length} changes within 1.5× of its start-up (one-file repository, this run)`,
    measured: `${(large.record.medianMs / startup.record.medianMs).toFixed(2)}× (${startup.record.medianMs.toFixed(0)} ms)`,
    met: large.record.medianMs <= 1.5 * startup.record.medianMs,
  },
  {
    label: `status at ${commits.length} changes within 1.5× of its start-up (one-file repository, this run)`,
    measured: `${(large.status.medianMs / startup.status.medianMs).toFixed(2)}× (${startup.status.medianMs.toFixed(0)} ms)`,
    met: large.status.medianMs <= 1.5 * startup.status.medianMs,
  },
);
notes.push(
  `Unrecord in-process (the library's work, without rewriting the file): ${small.unrecordLibrary.medianMs.toFixed(2)} ms at ${EARLY} changes, ${large.unrecordLibrary.medianMs.toFixed(2)} ms at ${commits.length}.`,
);
notes.push(
  `Machine load (1/5/15 min) at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} on ${2} cores; compare ratios within one run.`,
);
writeReport({ suite: 'atomic at real-history scale', measurements, comparisons, targets, notes });
removeAll();
