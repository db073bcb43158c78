import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Measurement } from './measure.js';

export interface Target {
  /** What is promised, e.g. "merge of 11 MB under 1 s". */
  label: string;
  /** The measured value, as shown, e.g. "0.41 s". */
  measured: string;
  met: boolean;
}

export interface Comparison {
  label: string;
  ours: Measurement;
  reference: Measurement;
}

export interface SuiteReport {
  suite: string;
  measurements: Measurement[];
  comparisons?: Comparison[];
  targets?: Target[];
  notes?: string[];
}

const ms = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** ours / reference, on medians: below 1 means we are faster. */
export function ratio(comparison: Comparison): number {
  return comparison.ours.medianMs / comparison.reference.medianMs;
}

export function formatReport(report: SuiteReport): string {
  const lines = [
    `## ${report.suite}`,
    '',
    '| measurement | median | min | max | runs | peak RSS |',
    '|---|---|---|---|---|---|',
  ];
  for (const m of report.measurements) {
    lines.push(
      `| ${m.name} | ${ms(m.medianMs)} | ${ms(m.minMs)} | ${ms(m.maxMs)} | ${m.runs} | ${m.peakRssMb === undefined ? '' : `${m.peakRssMb} MB`} |`,
    );
  }
  if (report.comparisons?.length) {
    lines.push('', '| comparison | ours (median) | reference (median) | ratio |', '|---|---|---|---|');
    for (const c of report.comparisons) {
      lines.push(`| ${c.label} | ${ms(c.ours.medianMs)} | ${ms(c.reference.medianMs)} | ${ratio(c).toFixed(2)}× |`);
    }
  }
  if (report.targets?.length) {
    lines.push('', '| target | measured | met |', '|---|---|---|');
    for (const t of report.targets) lines.push(`| ${t.label} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`);
  }
  for (const note of report.notes ?? []) lines.push('', `> ${note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Prints the table and writes `<suite>.json` into `resultsDir` (by default
 * `bench-results/` at the workspace root, or `$LINEAGE_BENCH_RESULTS`), so figures can be
 * compared across runs and quoted in notes.
 */
export function writeReport(report: SuiteReport, resultsDir = defaultResultsDir()): string {
  process.stdout.write(formatReport(report));
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${report.suite.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.json`);
  const comparisons = report.comparisons?.map((c) => ({ ...c, ratio: ratio(c) }));
  writeFileSync(
    file,
    `${JSON.stringify({ ...report, comparisons, node: process.version, date: new Date().toISOString() }, null, 2)}\n`,
  );
  return file;
}

function defaultResultsDir(): string {
  if (process.env.LINEAGE_BENCH_RESULTS) return process.env.LINEAGE_BENCH_RESULTS;
  let dir = process.cwd();
  while (!existsSync(join(dir, 'pnpm-workspace.yaml')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(existsSync(join(dir, 'pnpm-workspace.yaml')) ? dir : process.cwd(), 'bench-results');
}
