#!/usr/bin/env node
// `pnpm bench` for atomic and large files (issue 9, "Also measured"): record of a new
// 250,000-line file, a clone of the repository holding it, and a one-line edit of it — each a
// whole CLI invocation, Node start included — beside git add + commit, git clone and git commit
// of the same work, and beside atomic's own floor in the same round: a one-line record in a
// repository of one small file (Node, oclif and opening the pristine; what the large file adds is
// the difference).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { summarize, writeReport } from '@lineage/bench';
import { BIN, benchEnv, commandRunner, scratchDirs } from './bench-kit.mjs';

const LINES = Number(process.env.BENCH_LARGE_LINES ?? 250_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const run = commandRunner(benchEnv({ ATOMIC_AI_ENABLED: '' }));
const { scratch, removeAll } = scratchDirs();
const timed = (cmd, args, cwd) => {
  const start = process.hrtime.bigint();
  run(cmd, args, cwd);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const atomic = (args, cwd) => timed(process.execPath, [BIN, ...args], cwd);

/** A generated data file of the kind people commit (a lockfile, an export): varied, line-oriented. */
function largeFile(lines) {
  const out = [];
  let seed = 11;
  for (let i = 0; i < lines; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    out.push(
      `{"id": ${i}, "name": "item-${seed.toString(36)}", "value": ${(seed % 100000) / 100}, "tags": ["t${seed % 17}"]}`,
    );
  }
  return `${out.join('\n')}\n`;
}
const content = largeFile(LINES);

const samples = { record: [], clone: [], edit: [], floor: [], gitRecord: [], gitClone: [], gitEdit: [] };
for (let i = 0; i <= RUNS; i++) {
  const dir = scratch('large-file-');
  const repo = join(dir, 'repo');
  const gitRepo = join(dir, 'git');
  for (const path of [repo, gitRepo]) {
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'data.jsonl'), content);
  }
  atomic(['init'], repo);
  atomic(['add', 'data.jsonl'], repo);
  const record = atomic(['record', '-m', 'data'], repo);
  timed('git', ['init', '-q'], gitRepo);
  const gitRecord = timed('sh', ['-c', 'git add data.jsonl && git commit -qm data'], gitRepo);
  const clone = atomic(['clone', repo, join(dir, 'copy')], dir);
  const gitClone = timed('git', ['clone', '-q', '--no-local', gitRepo, join(dir, 'git-copy')], dir);
  const lines = readFileSync(join(repo, 'data.jsonl'), 'utf8').split('\n');
  lines[Math.floor(LINES / 2)] = '{"id": "edited"}';
  writeFileSync(join(repo, 'data.jsonl'), lines.join('\n'));
  writeFileSync(join(gitRepo, 'data.jsonl'), lines.join('\n'));
  const edit = atomic(['record', '-m', 'one line'], repo);
  const gitEdit = timed('git', ['commit', '-qam', 'one line'], gitRepo);
  const small = join(dir, 'small');
  mkdirSync(small, { recursive: true });
  writeFileSync(join(small, 'notes.txt'), 'a\n');
  atomic(['init'], small);
  atomic(['add', 'notes.txt'], small);
  atomic(['record', '-m', 'notes'], small);
  writeFileSync(join(small, 'notes.txt'), 'a\nb\n');
  const floor = atomic(['record', '-m', 'one line'], small);
  // The first round warms the file-system cache; it is not counted.
  if (i === 0) continue;
  for (const [key, value] of Object.entries({ record, clone, edit, floor, gitRecord, gitClone, gitEdit }))
    samples[key].push(value);
  rmSync(dir, { recursive: true, force: true });
}
const m = {
  record: summarize(`atomic record of a new ${LINES.toLocaleString('en')}-line file`, samples.record),
  gitRecord: summarize('git add + git commit of it', samples.gitRecord),
  clone: summarize('atomic clone of that repository', samples.clone),
  gitClone: summarize('git clone --no-local of it', samples.gitClone),
  edit: summarize('atomic record of a one-line edit of it', samples.edit),
  gitEdit: summarize('git commit -a of the edit', samples.gitEdit),
  floor: summarize('atomic record of a one-line edit of a one-line file (the start-up floor)', samples.floor),
};
writeReport({
  suite: 'atomic and a large file',
  measurements: Object.values(m),
  comparisons: [
    { label: 'record of the new file vs git add + commit', ours: m.record, reference: m.gitRecord },
    { label: 'clone vs git clone --no-local', ours: m.clone, reference: m.gitClone },
    { label: 'one-line edit vs git commit -a', ours: m.edit, reference: m.gitEdit },
    { label: 'one-line edit of the large file vs of a one-line file', ours: m.edit, reference: m.floor },
  ],
  targets: [
    {
      label: 'record of the new file under 1 s, Node start included',
      measured: `${m.record.medianMs.toFixed(0)} ms`,
      met: m.record.medianMs < 1000,
    },
    {
      label: 'clone under 1 s, Node start included',
      measured: `${m.clone.medianMs.toFixed(0)} ms`,
      met: m.clone.medianMs < 1000,
    },
    {
      label: 'one-line edit under 200 ms',
      measured: `${m.edit.medianMs.toFixed(0)} ms (the floor: ${m.floor.medianMs.toFixed(0)} ms)`,
      met: m.edit.medianMs < 200,
    },
  ],
  notes: [
    `A ${(content.length / 1e6).toFixed(1)} MB file of ${LINES.toLocaleString('en')} JSON lines; each a whole CLI invocation, Node start included; medians of ${RUNS} rounds.`,
    `Machine load (1/5/15 min) at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} on 2 cores.`,
  ],
});
removeAll();
