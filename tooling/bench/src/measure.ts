import { spawnSync } from 'node:child_process';

/** Timings of one measured operation over several runs. Medians, because these machines are shared and noisy. */
export interface Measurement {
  name: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Peak resident set size of this process after the runs (in-process measurements only). */
  peakRssMb?: number;
}

export interface MeasureOptions {
  /** Timed runs (default 7). */
  runs?: number;
  /** Untimed runs first, to warm JIT and caches (default 1). */
  warmup?: number;
  /** Called before each run, untimed (e.g. to rebuild the input a run consumes). */
  before?: () => unknown | Promise<unknown>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function summarize(name: string, samples: readonly number[]): Measurement {
  return {
    name,
    runs: samples.length,
    medianMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}

/** Times an in-process operation. */
export async function measure(
  name: string,
  work: () => unknown | Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const samples: number[] = [];
  const total = (options.warmup ?? 1) + (options.runs ?? 7);
  for (let run = 0; run < total; run++) {
    await options.before?.();
    const start = process.hrtime.bigint();
    await work();
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (run >= (options.warmup ?? 1)) samples.push(elapsed);
  }
  return { ...summarize(name, samples), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  runs?: number;
  warmup?: number;
  input?: string;
  /** Exit codes that count as success (git merge-file exits with the number of conflicts). */
  okCodes?: readonly number[];
}

/** Times a whole command, process start included: what a user waits for. */
export function measureCommand(
  name: string,
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Measurement {
  const samples: number[] = [];
  const total = (options.warmup ?? 1) + (options.runs ?? 7);
  for (let run = 0; run < total; run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      input: options.input,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.error) throw result.error;
    if (!(options.okCodes ?? [0]).includes(result.status ?? -1)) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString().trim()}`);
    }
    if (run >= (options.warmup ?? 1)) samples.push(elapsed);
  }
  return summarize(name, samples);
}

/** Whether a command is installed here (benchmarks against optional reference tools skip without it). */
export function hasCommand(command: string, versionArgs: readonly string[] = ['--version']): boolean {
  const result = spawnSync(command, versionArgs, { stdio: 'ignore' });
  return !result.error && result.status === 0;
}
