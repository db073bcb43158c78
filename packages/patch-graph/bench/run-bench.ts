import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Measurement, summarize, type Target, writeReport } from '@lineage/bench';
import { Repository } from '../src/index.js';
import { random, synthesizeChange, type TrackedFile, trackAddedFile } from './history.js';

// `pnpm bench`: one 100,000-line file edited by 10,000 changes touching 1–3 random places each
// (a fragmented graph), then the same history spread over 1,000 files. At 100 and at 10,000
// changes: record of a one-line edit, apply of that change to another channel, and a full
// output (linearization, no cache) of the file. Medians of several runs.

const TOTAL_CHANGES = Number(process.env.BENCH_CHANGES ?? 10_000);
const TOTAL_LINES = 100_000;
// Twenty-five runs: these machines are shared, and medians of fewer runs swing with the load.
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const BATCH = 500;

interface Scenario {
  name: string;
  files: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function runScenario(scenario: Scenario, measurements: Measurement[], targets: Target[], notes: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'patch-graph-bench-'));
  const repo = await Repository.open(dir);
  repo.createChannel('main');
  const next = random(42);
  const linesPerFile = TOTAL_LINES / scenario.files;
  const paths = Array.from({ length: scenario.files }, (_, i) =>
    scenario.files === 1 ? 'big.txt' : `dir${i % 10}/file${i}.txt`,
  );
  const dirs = [...new Set(paths.filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))))];
  let started = now();
  const initial = repo.record('main', {
    message: 'initial import',
    authors: ['bench'],
    edits: [
      ...dirs.map((path) => ({ type: 'add' as const, path, kind: 'dir' as const })),
      ...paths.map((path, f) => ({
        type: 'add' as const,
        path,
        content: new TextEncoder().encode(
          Array.from({ length: linesPerFile }, (_, i) => `file ${f} line ${i}\n`).join(''),
        ),
      })),
    ],
  });
  if (!initial) throw new Error('nothing recorded');
  notes.push(
    `${scenario.name}: initial record of ${TOTAL_LINES} lines in ${scenario.files} file(s): ${(now() - started).toFixed(0)} ms`,
  );
  // Vertex numbering of the import: two per directory, then per file two (name, inode) and its lines.
  let index = dirs.length * 2;
  const files: TrackedFile[] = paths.map((path) => {
    const tracked = trackAddedFile(path, initial.hash, index + 1, index + 2, linesPerFile);
    index += 2 + linesPerFile;
    return tracked;
  });
  let applied = 1;
  const grow = (target: number) => {
    started = now();
    const from = applied;
    while (applied < target) {
      const batch: Array<[string, ReturnType<typeof synthesizeChange>[1]]> = [];
      while (applied < target && batch.length < BATCH) batch.push(synthesizeChange(files, next, applied++));
      repo.applyChanges('main', batch);
    }
    notes.push(`${scenario.name}: applied changes ${from}..${target} in bulk: ${(now() - started).toFixed(0)} ms`);
  };
  const measureAt = (label: string) => {
    // Measured edits go to forks: the synthetic history on main must not see them.
    const work = `work-${label}`;
    const peer = `peer-${label}`;
    repo.forkChannel('main', work);
    repo.forkChannel('main', peer);
    const record: number[] = [];
    const apply: number[] = [];
    const output: number[] = [];
    const firstOutput: number[] = [];
    const big = files[0] as TrackedFile;
    // Warm the record cache once (the first record of a session linearizes the file).
    repo.readFile(work, big.path);
    for (let run = 0; run < RUNS + 1; run++) {
      const bytes = Buffer.from(repo.readFile(work, big.path));
      const text = bytes.toString('latin1').split('\n');
      const at = Math.floor(next() * (text.length - 1));
      text[at] = `edited ${label} ${run}`;
      let t = now();
      const result = repo.record(work, {
        message: `one-line edit ${run}`,
        authors: ['bench'],
        edits: [{ type: 'write', path: big.path, content: Buffer.from(text.join('\n'), 'latin1') }],
      });
      const recordMs = now() - t;
      if (!result) throw new Error('nothing recorded');
      t = now();
      repo.apply(peer, [result.hash]);
      const applyMs = now() - t;
      // Outputs are cached per state, and the record just stored this one: drop the process's
      // views (as a new process starts without them; no kept output exists before close), so
      // that what is timed is a linearization of the fragmented file.
      (repo as unknown as { views: { clear(): void } }).views.clear();
      t = now();
      repo.readFile(peer, big.path);
      const outputMs = now() - t;
      // The first output of the file in this channel: its current edges are not filtered from the shared list yet.
      if (run === 0) firstOutput.push(outputMs);
      if (run === 0) continue; // warm-up
      record.push(recordMs);
      apply.push(applyMs);
      output.push(outputMs);
    }
    const results = {
      record: summarize(`${scenario.name}: record one-line edit @${label}`, record),
      apply: summarize(`${scenario.name}: apply that change @${label}`, apply),
      output: summarize(
        `${scenario.name}: output ${big.path} (${linesPerFile} lines, not linearized before) @${label}`,
        output,
      ),
      firstOutput: summarize(`${scenario.name}: first output in a new channel @${label}`, firstOutput),
    };
    measurements.push(results.record, results.apply, results.output, results.firstOutput);
    return results;
  };
  grow(100);
  const early = measureAt('100');
  grow(TOTAL_CHANGES);
  const late = measureAt(String(TOTAL_CHANGES));
  const size = ['pristine.db', 'pristine.db-wal'].reduce((sum, f) => {
    try {
      return sum + statSync(join(dir, f)).size;
    } catch {
      return sum;
    }
  }, 0);
  const conflicts = repo.conflicts('main');
  notes.push(
    `${scenario.name}: conflicts in the synthetic history: ${conflicts.length} (expected 0)${conflicts.length ? `: ${conflicts.map((c) => c.kind).join(', ')}` : ''}`,
  );
  if (process.env.BENCH_DEBUG) console.error(JSON.stringify(conflicts.slice(0, 3), null, 1));
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  notes.push(
    `${scenario.name}: database ${(size / 1e6).toFixed(1)} MB after ${TOTAL_CHANGES} changes; peak RSS so far ${rss} MB`,
  );
  const fmt = (m: Measurement) => `${m.medianMs.toFixed(2)} ms`;
  targets.push(
    {
      label: `${scenario.name}: record of a one-line edit < 20 ms`,
      measured: fmt(late.record),
      met: late.record.medianMs < 20,
    },
    {
      label: `${scenario.name}: apply of that change < 20 ms`,
      measured: fmt(late.apply),
      met: late.apply.medianMs < 20,
    },
    {
      label: `${scenario.name}: record at ${TOTAL_CHANGES} within 1.3× of at 100`,
      measured: `${(late.record.medianMs / early.record.medianMs).toFixed(2)}×`,
      met: late.record.medianMs <= 1.3 * early.record.medianMs,
    },
    {
      label: `${scenario.name}: apply at ${TOTAL_CHANGES} within 1.3× of at 100`,
      measured: `${(late.apply.medianMs / early.apply.medianMs).toFixed(2)}×`,
      met: late.apply.medianMs <= 1.3 * early.apply.medianMs,
    },
  );
  if (scenario.files === 1) {
    targets.push({
      label: 'output of the fragmented 100,000-line file < 100 ms',
      measured: fmt(late.output),
      met: late.output.medianMs < 100,
    });
  }
  await repo.close();
  rmSync(dir, { recursive: true, force: true });
}

const measurements: Measurement[] = [];
const targets: Target[] = [];
const notes: string[] = [];
const only = process.env.BENCH_SCENARIO; // "1" or "1000": run one scenario only
for (const scenario of [
  { name: 'one file', files: 1 },
  { name: '1,000 files', files: 1000 },
].filter((s) => !only || String(s.files) === only)) {
  await runScenario(scenario, measurements, targets, notes);
}
notes.push(`peak RSS of the whole run: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
writeReport({ suite: 'patch-graph', measurements, targets, notes });
