// pnpm bench: the merge engine side by side with git merge-file in the same run.
//   node bench/merge-bench.mjs [corpus-dir]   (or LINEAGE_MERGE_CORPUS=<dir>)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, measure, measureCommand, writeReport } from '@lineage/bench';
import { formatUnifiedDiff } from '@lineage/line-diff';
import { merge, mergeTrees } from '../dist/index.js';
import { corpusQuality, formatQuality } from './corpus-quality.mjs';
import { largeTexts, treeOfFiles } from './inputs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.env.LINEAGE_BENCH_RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'merge-bench-'));
const gitEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir };
const ms = (m) => (m.medianMs >= 1000 ? `${(m.medianMs / 1000).toFixed(2)} s` : `${m.medianMs.toFixed(1)} ms`);

try {
  if (!hasCommand('git')) throw new Error('git is needed as the reference: install git');
  const { base, ours, theirs } = largeTexts();
  for (const [name, text] of Object.entries({ base, ours, theirs })) writeFileSync(join(dir, name), text);
  const sizeMb = (Buffer.byteLength(base) / 1e6).toFixed(1);
  const lines = base.split('\n').length - 1;

  const oursMerge = await measure(`merge ${sizeMb} MB / ${lines} lines (ours)`, () => merge(base, ours, theirs), {
    runs,
  });
  const gitMerge = measureCommand(
    'git merge-file -p (same files)',
    'git',
    ['merge-file', '-p', 'ours', 'base', 'theirs'],
    {
      cwd: dir,
      env: gitEnv,
      runs,
      okCodes: [...Array(128).keys()],
    },
  );
  const check = merge(base, ours, theirs);
  const gitOut = spawnSync(
    'git',
    ['merge-file', '-p', '-L', 'ours', '-L', 'base', '-L', 'theirs', 'ours', 'base', 'theirs'],
    {
      cwd: dir,
      env: gitEnv,
      maxBuffer: 1 << 30,
    },
  );
  const identical = Buffer.from(check.text).equals(gitOut.stdout);

  const oursDiff = await measure(
    'unified diff of the same pair (ours)',
    () => formatUnifiedDiff({ oldPath: 'base', newPath: 'ours', oldText: base, newText: ours }),
    { runs },
  );
  const gitDiff = measureCommand(
    'git diff --no-index (same pair; both with the indent heuristic)',
    'git',
    ['diff', '--no-index', 'base', 'ours'],
    { cwd: dir, env: gitEnv, runs, okCodes: [0, 1] },
  );

  // Peak RSS of a merge alone: a fresh process reading the files and merging once.
  const rssProbe = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { readFileSync } from 'node:fs';
       import { merge } from ${JSON.stringify(join(here, '..', 'dist', 'index.js'))};
       const r = (n) => readFileSync(${JSON.stringify(dir)} + '/' + n, 'utf8');
       merge(r('base'), r('ours'), r('theirs'));
       process.stdout.write(String(process.resourceUsage().maxRSS));`,
    ],
    { encoding: 'utf8' },
  );
  const oursRssMb = Math.round(Number(rssProbe.stdout) / 1024);
  let gitRssMb = null;
  if (existsSync('/usr/bin/time')) {
    const timed = spawnSync('/usr/bin/time', ['-f', '%M', 'git', 'merge-file', '-p', 'ours', 'base', 'theirs'], {
      cwd: dir,
      env: gitEnv,
      maxBuffer: 1 << 30,
    });
    gitRssMb = Math.round(Number(timed.stderr.toString().trim().split('\n').pop()) / 1024);
  }

  const trees = treeOfFiles();
  const oursTree = await measure(
    `tree merge: ${trees.base.size} files, ${trees.changedPerSide} changed per side`,
    () => mergeTrees(trees.base, trees.ours, trees.theirs),
    { runs },
  );

  const measurements = [oursMerge, gitMerge, oursDiff, gitDiff, oursTree];
  const notes = [
    `Merge output byte-identical to git merge-file on the large input: ${identical ? 'yes' : 'NO'}.`,
    `Peak RSS of one merge in a fresh process: ${oursRssMb} MB${gitRssMb === null ? ' (git: /usr/bin/time not installed)' : `; git merge-file: ${gitRssMb} MB`}.`,
  ];
  const cli = join(here, '..', '..', '..', 'apps', 'skillmeat-sync', 'bin', 'run.js');
  // Measured when the app is built (`pnpm build`); the bench task only builds this package's dependencies.
  if (existsSync(join(dirname(cli), '..', 'dist', 'index.js'))) {
    const command = measureCommand(
      'skillmeat-sync merge-file -p (Node start included)',
      process.execPath,
      [cli, 'merge-file', '-p', 'ours', 'base', 'theirs'],
      {
        cwd: dir,
        runs,
        okCodes: [...Array(128).keys()],
      },
    );
    measurements.push(command);
    notes.push(`The merge-file command's wall time includes Node's start and the CLI framework: ${ms(command)}.`);
  }
  const corpus = process.argv[2] ?? process.env.LINEAGE_MERGE_CORPUS;
  if (corpus && existsSync(corpus)) {
    const quality = formatQuality(corpusQuality(corpus));
    process.stdout.write(`\n## Corpus quality (real scenarios from ${corpus})\n\n${quality.table}\n`);
    const t = quality.total;
    notes.push(
      `Corpus (real): ${t.scenarios} scenarios, ${t.byteIdentical} byte-identical to git (${((100 * t.byteIdentical) / t.scenarios).toFixed(2)}%), ${t.cleanWhereGitConflicts} clean where git conflicts.`,
    );
  }

  const ratioMerge = oursMerge.medianMs / gitMerge.medianMs;
  writeReport(
    {
      suite: 'merge-engine',
      measurements,
      comparisons: [
        { label: `merge ${sizeMb} MB`, ours: oursMerge, reference: gitMerge },
        { label: `diff ${sizeMb} MB`, ours: oursDiff, reference: gitDiff },
      ],
      targets: [
        { label: 'merge of 11 MB under 1 s', measured: ms(oursMerge), met: oursMerge.medianMs < 1000 },
        { label: 'merge within 2× git merge-file', measured: `${ratioMerge.toFixed(2)}×`, met: ratioMerge <= 2 },
        { label: 'diff of the same pair under 500 ms', measured: ms(oursDiff), met: oursDiff.medianMs < 500 },
        { label: 'peak RSS under 300 MB', measured: `${oursRssMb} MB`, met: oursRssMb < 300 },
        { label: 'tree of 500 files under 300 ms', measured: ms(oursTree), met: oursTree.medianMs < 300 },
      ],
      notes,
    },
    process.env.LINEAGE_BENCH_RESULTS ?? join(here, '..', '..', '..', 'bench-results'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
