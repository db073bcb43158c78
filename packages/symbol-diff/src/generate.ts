import { mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '@lineage/safe-fs';
import { type AnalysisStats, FactsProvider } from './analysis/facts-provider.js';
import { badOption } from './errors.js';
import { formatGraph, formatStamps, formatTree } from './format/snapshot-files.js';
import { GitSource } from './git-source.js';
import { inferChanges } from './inference/infer.js';
import { type ChangeManifest, formatManifest, synthesizeManifest } from './manifest/manifest.js';
import { DEFAULT_CONFIDENCE_THRESHOLD } from './manifest/operations.js';
import { MANIFEST_FILE, REPORT_FILE } from './manifest/read-manifest.js';
import { buildReport, formatReport, type ManifestReport, type VerificationResult } from './manifest/report.js';
import { BlobStore, captureSnapshot } from './snapshot/capture.js';
import type { Snapshot } from './snapshot/model.js';

/** The seed's eight steps, in order. */
export const GENERATE_STEPS = [
  { step: 'checkout', title: 'Checkout refs for both versions' },
  { step: 'tree', title: 'Build .tree snapshots' },
  { step: 'stamp', title: 'Stamp metadata' },
  { step: 'graph', title: 'Build symbol graphs' },
  { step: 'infer', title: 'Infer operations' },
  { step: 'synthesize', title: 'Score and synthesize manifest' },
  { step: 'verify', title: 'Verify codemods' },
  { step: 'emit', title: 'Emit report and patches' },
] as const;

export type GenerateStep = (typeof GENERATE_STEPS)[number]['step'];

export interface GenerateProgress {
  step: GenerateStep;
  /** 1…8. */
  index: number;
  title: string;
  status: 'start' | 'progress' | 'done' | 'skipped';
  /** Work done and total within the step (files analysed, dependents verified). */
  done?: number;
  total?: number;
  detail?: string;
}

/** Verifies the manifest on dependents (step 7); see `verifyDependents`. */
export type DependentVerifier = (
  manifest: ChangeManifest,
  onProgress: (done: number, total: number, detail: string) => void,
) => Promise<VerificationResult[]>;

export interface GenerateOptions {
  /** A git repository (clone or bare) holding the core library, or a subdirectory of one. */
  corePath: string;
  /** A directory inside the repository holding the core (a package of a monorepo), when not the whole of it. */
  subdir?: string;
  from: string;
  to: string;
  /** Operations below this confidence are review-only (default 0.7); ≥ 0.9 is always auto-apply. */
  confidenceThreshold?: number;
  /** Worker threads analysing files (default 1: in this thread). */
  parallel?: number;
  /** Facts cache directory (by content hash); none by default. */
  cacheDir?: string;
  /** Globs of files to leave out (default DEFAULT_EXCLUDES: tests, fixtures, build output…). */
  exclude?: readonly string[];
  /** Step 7: applies the manifest to dependents and type-checks them (see verifyDependents). */
  verify?: DependentVerifier;
  /** Step 8: writes every output here (atomically, file by file); nothing is written when unset. */
  outDir?: string;
  onProgress?: (event: GenerateProgress) => void;
}

export interface GenerateResult {
  manifest: ChangeManifest;
  report: ManifestReport;
  snapshots: { from: Snapshot; to: Snapshot };
  /** Every output by file name: change_manifest.yaml, manifest_report.json, the trees, graphs and stamps. */
  outputs: Record<string, string>;
  /** Preview patch per dependent (from step 7), by dependent name. */
  patches: Record<string, string>;
  /** Paths written in step 8. */
  written: string[];
  analysis: AnalysisStats;
  /** Milliseconds per step. */
  timings: Partial<Record<GenerateStep, number>>;
}

export const OUTPUT_FILES = {
  manifest: MANIFEST_FILE,
  report: REPORT_FILE,
  treeFrom: 'from.tree',
  treeTo: 'to.tree',
  stampsFrom: 'stamps_from.yaml',
  stampsTo: 'stamps_to.yaml',
  graphFrom: 'graph_from.json',
  graphTo: 'graph_to.json',
} as const;

/**
 * Generates the change manifest of a core library between two refs: the seed's eight steps,
 * each announced through `onProgress`. Reads git objects only (no checkout), writes only in
 * step 8, so a failure at any step leaves nothing behind.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const threshold = options.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) throw badOption('confidenceThreshold', threshold, 'a number from 0 to 1');
  const parallel = options.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1)
    throw badOption('parallel', parallel, 'a whole number of at least 1');
  // Checked before the minutes of work that precede writing into it.
  if (options.outDir !== undefined && statSync(options.outDir, { throwIfNoEntry: false })?.isDirectory() === false)
    throw badOption('outDir', options.outDir, 'a directory (or a path where one can be made), not a file');
  const timings: GenerateResult['timings'] = {};
  const emit = options.onProgress ?? (() => {});
  const step = async <T>(
    name: GenerateStep,
    work: (report: (done: number, total: number, detail?: string) => void) => T | Promise<T>,
  ): Promise<T> => {
    const index = GENERATE_STEPS.findIndex((s) => s.step === name);
    const { title } = GENERATE_STEPS[index] as (typeof GENERATE_STEPS)[number];
    const started = performance.now();
    emit({ step: name, index: index + 1, title, status: 'start' });
    const result = await work((done, total, detail) =>
      emit({ step: name, index: index + 1, title, status: 'progress', done, total, ...(detail ? { detail } : {}) }),
    );
    timings[name] = Math.round(performance.now() - started);
    emit({ step: name, index: index + 1, title, status: 'done' });
    return result;
  };
  const skip = (name: GenerateStep, detail: string) => {
    const index = GENERATE_STEPS.findIndex((s) => s.step === name);
    emit({
      step: name,
      index: index + 1,
      title: (GENERATE_STEPS[index] as { title: string }).title,
      status: 'skipped',
      detail,
    });
  };

  const blobs = await step('checkout', () => {
    const source = GitSource.open(options.corePath, options.subdir);
    source.resolveCommit(options.from);
    source.resolveCommit(options.to);
    return new BlobStore(source);
  });
  const provider = new FactsProvider({ parallel, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
  const capture = { ...(options.exclude ? { exclude: options.exclude } : {}) };
  const snapshots = await step('tree', async (report) => {
    const from = await captureSnapshot(blobs, options.from, provider, {
      ...capture,
      onProgress: (done, total) => report(done, total, options.from),
    });
    const to = await captureSnapshot(blobs, options.to, provider, {
      ...capture,
      onProgress: (done, total) => report(done, total, options.to),
    });
    return { from, to };
  });
  const outputs: Record<string, string> = {};
  await step('stamp', () => {
    outputs[OUTPUT_FILES.treeFrom] = formatTree(snapshots.from);
    outputs[OUTPUT_FILES.treeTo] = formatTree(snapshots.to);
    outputs[OUTPUT_FILES.stampsFrom] = formatStamps(snapshots.from);
    outputs[OUTPUT_FILES.stampsTo] = formatStamps(snapshots.to);
  });
  await step('graph', () => {
    outputs[OUTPUT_FILES.graphFrom] = formatGraph(snapshots.from);
    outputs[OUTPUT_FILES.graphTo] = formatGraph(snapshots.to);
  });
  const inference = await step('infer', () => inferChanges(snapshots.from, snapshots.to));
  const repository = basename(blobs.source.prefix || blobs.source.path.replace(/\.git$/, ''));
  const manifest = await step('synthesize', () =>
    synthesizeManifest(snapshots.from, snapshots.to, inference.operations, inference.unresolved, threshold, repository),
  );
  const report = buildReport(manifest, snapshots.from, snapshots.to, inference.unresolved);
  const patches: Record<string, string> = {};
  if (options.verify) {
    report.verification = await step('verify', (progress) => options.verify?.(manifest, progress) ?? []);
    for (const result of report.verification) if (result.patch) patches[result.dependent] = result.patch;
  } else skip('verify', 'no dependents given');
  outputs[OUTPUT_FILES.manifest] = formatManifest(manifest);
  outputs[OUTPUT_FILES.report] = formatReport(report);
  const written: string[] = [];
  const outDir = options.outDir;
  if (outDir) {
    await step('emit', () => {
      mkdirSync(outDir, { recursive: true });
      for (const [name, text] of Object.entries(outputs).sort(([a], [b]) => (a < b ? -1 : 1))) {
        writeFileAtomic(join(outDir, name), text);
        written.push(join(outDir, name));
      }
      const patchNames = Object.keys(patches);
      if (patchNames.length > 0) mkdirSync(join(outDir, 'patches'), { recursive: true });
      for (const name of patchNames.sort()) {
        const path = join(outDir, 'patches', `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.patch`);
        writeFileAtomic(path, patches[name] as string);
        written.push(path);
      }
    });
  } else skip('emit', 'no output directory given');
  return { manifest, report, snapshots, outputs, patches, written, analysis: { ...provider.stats }, timings };
}
