#!/usr/bin/env node
// `pnpm bench` for atomic (after the start-up bench): wall time of `atomic init` of an empty
// directory, `atomic record` of a one-line edit in a 100-change and a 10,000-change repository,
// and `atomic status` in a small one —
// Node start included — side by side with `git commit` and `darcs record` on the same workload,
// and the start-up of all three bins. Histories are built through the library (10,000 CLI
// calls would take an hour), git's through fast-import.
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand, measureCommand, summarize, writeReport } from '@lineage/bench';
import { AtomicRepository, resetWorkingCopy } from '@lineage/working-copy';
import { BIN, benchEnv, commandRunner, scratchDirs } from './bench-kit.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const SIZES = (process.env.BENCH_SIZES ?? '100,10000').split(',').map(Number);
const FILES = 100;
const LINES = 100;
const env = benchEnv({ DARCS_EMAIL: 'bench <b@e>' });
const run = commandRunner(env);
const { scratch, removeAll } = scratchDirs();

/** The same synthetic history for every tool: FILES files of LINES lines, each change rewrites one line. */
function* history(changes) {
  const files = Array.from({ length: FILES }, (_, f) => Array.from({ length: LINES }, (_, l) => `file ${f} line ${l}`));
  let seed = 42;
  const next = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < changes; i++) {
    const f = next(FILES);
    files[f][next(LINES)] = `change ${i}`;
    yield { path: `f${f}.txt`, text: `${files[f].join('\n')}\n` };
  }
  return files;
}
const initialFiles = () =>
  Array.from({ length: FILES }, (_, f) => ({
    path: `f${f}.txt`,
    text: `${Array.from({ length: LINES }, (_, l) => `file ${f} line ${l}`).join('\n')}\n`,
  }));

async function atomicRepo(changes) {
  const dir = scratch('atomic-bench-');
  const repo = await AtomicRepository.init(dir);
  const bytes = (text) => Buffer.from(text);
  repo.pristine.record('main', {
    message: 'import',
    authors: ['bench'],
    edits: initialFiles().map(({ path, text }) => ({ type: 'add', path, content: bytes(text) })),
  });
  for (const { path, text } of history(changes - 1)) {
    repo.pristine.record('main', {
      message: 'edit',
      authors: ['bench'],
      edits: [{ type: 'write', path, content: bytes(text) }],
    });
  }
  resetWorkingCopy(repo);
  await repo.close();
  return dir;
}

function gitRepo(changes) {
  const dir = scratch('git-bench-');
  run('git', ['init', '-q', '-b', 'main'], dir);
  let stream = '';
  let mark = 0;
  const commit = (message, files) => {
    stream += `commit refs/heads/main\nmark :${++mark}\ncommitter bench <b@e> ${1700000000 + mark} +0000\ndata ${message.length}\n${message}\n`;
    if (mark > 1) stream += `from :${mark - 1}\n`;
    for (const { path, text } of files) stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
  };
  commit('import', initialFiles());
  for (const file of history(changes - 1)) commit('edit', [file]);
  run('git', ['fast-import', '--quiet'], dir, stream);
  run('git', ['reset', '-q', '--hard', 'main'], dir);
  return dir;
}

function darcsRepo(changes) {
  const dir = scratch('darcs-bench-');
  run('darcs', ['init', '-q'], dir);
  for (const { path, text } of initialFiles()) writeFileSync(join(dir, path), text);
  run('darcs', ['add', '-q', ...initialFiles().map((f) => f.path)], dir);
  run('darcs', ['record', '-a', '-q', '-m', 'import'], dir);
  for (const { path, text } of history(changes - 1)) {
    writeFileSync(join(dir, path), text);
    // Two edits of one file within a second, of equal size, look unchanged to darcs by
    // timestamp ("No changes!", exit 1): compare contents while building the history.
    run('darcs', ['record', '-a', '-q', '--ignore-times', '-m', 'edit'], dir);
  }
  return dir;
}

/**
 * `command args` run RUNS times (after one uncounted run), in the directory `setUp(i)` prepares
 * for run `i`; only the command is timed.
 */
function timeRuns(name, setUp, command, args) {
  const samples = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const cwd = setUp(i);
    const start = process.hrtime.bigint();
    run(command, args, cwd);
    if (i > 0) samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(name, samples);
}

/** One-line edits, each followed by the tool's record. */
const timeRecords = (name, dir, command, args) =>
  timeRuns(
    name,
    (i) => {
      appendFileSync(join(dir, 'f7.txt'), `bench edit ${i}\n`);
      return dir;
    },
    command,
    args,
  );

/** A repository made in an empty directory, a fresh one each time: what `init` and the start of every `clone` pay. */
const timeInits = (name, command, args) => timeRuns(name, () => scratch('init-bench-'), command, args);

function haveDarcs() {
  if (hasCommand('darcs')) return true;
  if (process.env.BENCH_NO_INSTALL || process.getuid?.() !== 0 || !hasCommand('apt-get', ['--version'])) return false;
  console.error('bench: installing darcs for the comparison (apt-get)…');
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq darcs'], {
    stdio: 'ignore',
    timeout: 300_000,
  });
  return hasCommand('darcs');
}

const measurements = [];
const comparisons = [];
const targets = [];
const notes = [
  'Wall time per invocation, Node start included; medians. Workload: 100 files of 100 lines, each change rewrites one line; the timed step appends a line to one file and records it.',
];
const darcs = haveDarcs();
if (!darcs) notes.push('darcs is not installed and could not be installed here: its column is skipped.');

const node = measureCommand('node -e 0', process.execPath, ['-e', '0'], { runs: RUNS });
const startAtomic = measureCommand('atomic --version', process.execPath, [BIN, '--version'], { runs: RUNS });
const startGit = measureCommand('git --version', 'git', ['--version'], { runs: RUNS });
measurements.push(node, startAtomic, startGit);
if (darcs) measurements.push(measureCommand('darcs --version', 'darcs', ['--version'], { runs: RUNS }));
const initAtomic = timeInits('atomic init', process.execPath, [BIN, 'init']);
const initGit = timeInits('git init', 'git', ['init', '-q']);
measurements.push(initAtomic, initGit);
comparisons.push({ label: 'init of an empty directory vs git init', ours: initAtomic, reference: initGit });
if (darcs) {
  const initDarcs = timeInits('darcs init', 'darcs', ['init', '-q']);
  measurements.push(initDarcs);
  comparisons.push({ label: 'init of an empty directory vs darcs init', ours: initAtomic, reference: initDarcs });
}

for (const size of SIZES) {
  const started = Date.now();
  const atomicDir = await atomicRepo(size);
  const built = Date.now() - started;
  const ours = timeRecords(`atomic record, ${size} changes`, atomicDir, process.execPath, [
    BIN,
    'record',
    '-m',
    'one line',
  ]);
  measurements.push(ours);
  notes.push(`${size}-change atomic history built through the library in ${(built / 1000).toFixed(1)} s.`);
  if (size === SIZES[0]) {
    const status = measureCommand(`atomic status, ${size} changes`, process.execPath, [BIN, 'status'], {
      cwd: atomicDir,
      runs: RUNS,
    });
    measurements.push(status);
    targets.push({
      label: 'atomic status in a small repository < 150 ms',
      measured: `${status.medianMs.toFixed(0)} ms`,
      met: status.medianMs < 150,
    });
    targets.push({
      label: 'one-line atomic record < 200 ms',
      measured: `${ours.medianMs.toFixed(0)} ms`,
      met: ours.medianMs < 200,
    });
  }
  const gitDir = gitRepo(size);
  const git = timeRecords(`git commit, ${size} commits`, gitDir, 'git', ['commit', '-qam', 'one line']);
  measurements.push(git);
  comparisons.push({ label: `record of a one-line edit at ${size} changes vs git commit`, ours, reference: git });
  // darcs builds its history one real record at a time (about 45 ms each): 10,000 would take ~8 minutes.
  if (darcs && size <= 1000) {
    const darcsRecord = timeRecords(`darcs record, ${size} patches`, darcsRepo(size), 'darcs', [
      'record',
      '-a',
      '-q',
      '-m',
      'one line',
    ]);
    measurements.push(darcsRecord);
    comparisons.push({
      label: `record of a one-line edit at ${size} changes vs darcs record`,
      ours,
      reference: darcsRecord,
    });
  } else if (darcs) notes.push(`darcs at ${size} patches skipped: building that history takes minutes.`);
}
const small = measurements.find((m) => m.name.startsWith('atomic record'));
const large = measurements.filter((m) => m.name.startsWith('atomic record')).at(-1);
if (small && large && small !== large)
  notes.push(
    `Growth of atomic record from ${SIZES[0]} to ${SIZES.at(-1)} changes: ${(large.medianMs / small.medianMs).toFixed(2)}×.`,
  );
comparisons.push({ label: 'start-up: atomic --version vs git --version', ours: startAtomic, reference: startGit });
writeReport({ suite: 'atomic record', measurements, comparisons, targets, notes });
removeAll();
