import { loadavg } from 'node:os';
import { type Measurement, type Target, writeReport } from '@lineage/bench';
import { type AccuracyRow, corpusAccuracy, formatAccuracy, libraryAccuracy } from './accuracy.js';
import { performance } from './performance.js';

// `pnpm bench`: precision and recall per operation kind (the hand-made corpus, and the real
// libraries whose clones are given), then generate on a generated 10,000-file library.
// BENCH_FILES and BENCH_RUNS scale the performance part; LINEAGE_REPOS / LINEAGE_MIRROR_DIR
// point at the real libraries' clones (see bench/accuracy.ts).

const notes: string[] = [
  `load average at start (1, 5, 15 min): ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
];
const rows: AccuracyRow[] = await corpusAccuracy();
const libraries = await libraryAccuracy(notes);
rows.push(...libraries.rows);
process.stdout.write(`## symbol-diff accuracy (default threshold 0.7)\n\n${formatAccuracy(rows)}\n`);
for (const line of libraries.details) process.stdout.write(`- ${line}\n`);

const measurements: Measurement[] = [];
const targets: Target[] = [];
if (process.env.BENCH_SKIP_PERFORMANCE !== '1') await performance(measurements, targets, notes);
notes.push(
  ...rows
    .filter((r) => r.kind === 'all' || r.kind === 'guide items')
    .map((r) => `accuracy ${r.corpus} (${r.kind}): TP ${r.tp}, FP ${r.fp}, FN ${r.fn}`),
);
writeReport({ suite: 'symbol-diff', measurements, targets, notes });
