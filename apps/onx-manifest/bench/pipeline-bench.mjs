#!/usr/bin/env node
// `pnpm bench` for onx-manifest (after the start-up bench): wall time of each pipeline command
// on the sample core of examples/onx-manifest (three tagged releases, a two-file dependent),
// Node start included, beside `tsc --noEmit` of the same dependent — the type-check that
// apply's analysis amounts to — and the start-up of the onx-migrate bin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, measureCommand, writeReport } from '@lineage/bench';
import { makeCoreRepository, makeDependent } from '../../../examples/onx-manifest/sample.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const bin = (name) => join(import.meta.dirname, '..', 'bin', name);
const work = mkdtempSync(join(tmpdir(), 'onx-bench-'));
const run = (args) => {
  const result = spawnSync(process.execPath, [bin('run.js'), ...args], { cwd: work, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`onx-manifest ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
};
try {
  const core = makeCoreRepository(join(work, 'core'));
  const out = join(work, 'out');
  const app = join(work, 'my-app');
  const freshApp = () => {
    rmSync(app, { recursive: true, force: true });
    makeDependent(app);
  };
  freshApp();
  const generateArgs = ['generate', '--core-path', core, '--from', 'v0.9.0', '--to', 'v1.0.0', '--out', out, '-q'];
  const generate = await measure('generate v0.9.0 → v1.0.0', () => run(generateArgs), { runs: RUNS });
  const verified = await measure(
    'generate … --dependents my-app (verified)',
    () => run([...generateArgs, '--dependents', app]),
    { runs: RUNS },
  );
  const dryRun = await measure(
    'apply --dry-run',
    () => run(['apply', '--manifest', out, '--target', app, '--dry-run', '-q']),
    {
      runs: RUNS,
    },
  );
  const apply = await measure('apply', () => run(['apply', '--manifest', out, '--target', app, '-q']), {
    runs: RUNS,
    before: freshApp,
  });
  const again = await measure(
    'apply again (already applied)',
    () => run(['apply', '--manifest', out, '--target', app, '-q']),
    {
      runs: RUNS,
    },
  );
  const checkpoint = join(app, '.lineage', 'checkpoints', 'v0.9.0_v1.0.0');
  const rollback = await measure(
    'rollback',
    () => run(['rollback', '--package', app, '--to-version', '0.9.0', '--checkpoint', checkpoint, '-q']),
    { runs: RUNS, before: () => run(['apply', '--manifest', out, '--target', app, '-q']) },
  );
  freshApp();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const typecheck = measureCommand(
    'tsc --noEmit (my-app)',
    process.execPath,
    [tsc, '--noEmit', '-p', join(app, 'tsconfig.json')],
    {
      runs: RUNS,
      okCodes: [0, 1, 2],
    },
  );
  const node = measureCommand('node -e 0', process.execPath, ['-e', '0'], { runs: 15 });
  const migrateHelp = measureCommand('onx-migrate --help', process.execPath, [bin('onx-migrate.js'), '--help'], {
    runs: 15,
  });
  writeReport({
    suite: 'onx-manifest pipeline',
    // The commands run in child processes: this process's peak RSS says nothing of them.
    measurements: [generate, verified, dryRun, apply, again, rollback, typecheck, node, migrateHelp].map(
      ({ peakRssMb, ...timings }) => timings,
    ),
    comparisons: [
      { label: 'apply vs tsc --noEmit of the dependent', ours: apply, reference: typecheck },
      { label: 'generate vs tsc --noEmit of the dependent', ours: generate, reference: typecheck },
      { label: 'onx-migrate --help vs bare node', ours: migrateHelp, reference: node },
    ],
    notes: [
      'Wall time per invocation through the built bin, Node start included; medians.',
      'The sample: @acme/core, 6 source files per release, 11 operations; my-app: 2 files, 11 edits.',
    ],
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
