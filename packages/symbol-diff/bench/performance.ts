import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Measurement, summarize, type Target } from '@lineage/bench';
import { generate } from '../src/index.js';
import { generatedRepository } from './generated-repository.js';

const FILES = Number(process.env.BENCH_FILES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/**
 * The seed's performance target on a generated 10,000-file library: `generate` with two
 * worker threads (no cache) under 60 s; then the facts cache — a cold run filling it, and a
 * run against a version with one file edited, which must analyse that file only.
 */
export async function performance(measurements: Measurement[], targets: Target[], notes: string[]): Promise<void> {
  let started = Date.now();
  const repo = generatedRepository(FILES);
  notes.push(
    `generated ${FILES} files (${repo.renames} classes, methods and option keys renamed, ${repo.moves} files moved) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  try {
    const cold: number[] = [];
    const cpu: number[] = [];
    let peak = 0;
    let operations = 0;
    for (let run = 0; run < RUNS; run++) {
      started = Date.now();
      const before = process.cpuUsage();
      const result = await generate({ corePath: repo.dir, from: 'v1', to: 'v2', parallel: 2 });
      cold.push(Date.now() - started);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
      operations = result.manifest.operations.length;
      peak = Math.max(peak, process.resourceUsage().maxRSS / 1024);
      if (run === 0)
        notes.push(`generate v1→v2: steps ${JSON.stringify(result.timings)} (ms), ${operations} operations`);
    }
    const parallel = {
      ...summarize(`generate ${FILES} files, --parallel 2, no cache`, cold),
      peakRssMb: Math.round(peak),
    };
    measurements.push(parallel);
    // CPU time of all threads: what the work costs whatever else the machine is doing.
    measurements.push(summarize('  the same, CPU time of all threads', cpu));
    targets.push({
      label: `generate on ${FILES} files under 60 s with --parallel 2`,
      measured: `${(parallel.medianMs / 1000).toFixed(1)} s`,
      met: parallel.medianMs < 60_000,
    });

    const cacheDir = mkdtempSync(join(tmpdir(), 'symbol-diff-bench-cache-'));
    try {
      started = Date.now();
      await generate({ corePath: repo.dir, from: 'v1', to: 'v2', parallel: 2, cacheDir });
      measurements.push(summarize('generate v1→v2, filling the cache', [Date.now() - started]));
      started = Date.now();
      const warm = await generate({ corePath: repo.dir, from: 'v1', to: 'v3', parallel: 2, cacheDir });
      measurements.push({
        ...summarize('generate v1→v3 (one file edited), warm cache', [Date.now() - started]),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      });
      targets.push({
        label: 'a second run with one changed file re-analyses only that file',
        measured: `${warm.analysis.analysed} analysed, ${warm.analysis.cached} from the cache, ${warm.analysis.reused} reused`,
        met: warm.analysis.analysed === 1,
      });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
    notes.push(
      `load average (1, 5, 15 min) after the runs: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')} on ${navigatorCores()} cores`,
    );
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

function navigatorCores(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 0;
}
