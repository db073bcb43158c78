// Corpus quality: on real merge scenarios (tooling/merge-corpus), how often we merge
// cleanly, how often git does, how often our bytes equal git's, and how often a clean merge
// equals what was committed. Run directly: node bench/corpus-quality.mjs <corpus-dir>
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { listScenarioDirs, readScenario } from '@lineage/merge-corpus';
import { merge } from '../dist/index.js';

const LABELS = ['ours', 'base', 'theirs'];

function gitMergeFile(dir, scenario) {
  writeFileSync(join(dir, 'ours'), scenario.ours);
  writeFileSync(join(dir, 'base'), scenario.base);
  writeFileSync(join(dir, 'theirs'), scenario.theirs);
  const result = spawnSync('git', ['merge-file', '-p', ...LABELS.flatMap((l) => ['-L', l]), 'ours', 'base', 'theirs'], {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir },
    maxBuffer: 1 << 28,
  });
  if (result.status === null || result.status > 127) return null;
  // git's exit status stops counting at 127: count the opening markers beyond that.
  const conflicts =
    result.status < 127 ? result.status : (result.stdout.toString('latin1').match(/^<{7} ours\r?$/gm) ?? []).length;
  return { output: result.stdout, conflicts };
}

/** Compares our merge with git merge-file on every scenario under `root`, per repository. */
export function corpusQuality(root) {
  const tmp = mkdtempSync(join(tmpdir(), 'corpus-quality-'));
  const byRepo = new Map();
  const mismatches = [];
  try {
    for (const dir of listScenarioDirs(root)) {
      const scenario = readScenario(dir);
      const reference = gitMergeFile(tmp, scenario);
      if (!reference) continue;
      const ours = merge(scenario.base, scenario.ours, scenario.theirs);
      const bytes = Buffer.from(ours.bytes ?? ours.text);
      const repo = scenario.meta.repository ?? basename(dirname(dir));
      const row = byRepo.get(repo) ?? emptyRow(repo);
      row.scenarios++;
      if (ours.clean) row.oursClean++;
      if (reference.conflicts === 0) row.gitClean++;
      row.oursConflicts += ours.conflicts.length;
      row.gitConflicts += reference.conflicts;
      if (bytes.equals(reference.output)) row.byteIdentical++;
      else mismatches.push(dir);
      if (ours.clean && reference.conflicts > 0) row.cleanWhereGitConflicts++;
      if (ours.clean && bytes.equals(scenario.resolved)) row.oursCleanEqualsResolution++;
      if (reference.conflicts === 0 && reference.output.equals(scenario.resolved)) row.gitCleanEqualsResolution++;
      byRepo.set(repo, row);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { rows: [...byRepo.values()], mismatches };
}

/** One corpus's counts, all zero: filled per scenario, and summed into the total row. */
function emptyRow(repository) {
  return {
    repository,
    scenarios: 0,
    oursClean: 0,
    gitClean: 0,
    oursConflicts: 0,
    gitConflicts: 0,
    byteIdentical: 0,
    cleanWhereGitConflicts: 0,
    oursCleanEqualsResolution: 0,
    gitCleanEqualsResolution: 0,
  };
}

const pct = (n, d) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

export function formatQuality({ rows }) {
  const lines = [
    '| corpus | scenarios | clean (ours / git) | conflicts (ours / git) | byte-identical to git | clean where git conflicts | clean = committed (ours / git) |',
    '|---|---|---|---|---|---|---|',
  ];
  const total = emptyRow('all real');
  for (const row of rows) for (const key of Object.keys(total)) if (key !== 'repository') total[key] += row[key];
  for (const r of [...rows, total]) {
    lines.push(
      `| ${r.repository} | ${r.scenarios} | ${r.oursClean} / ${r.gitClean} | ${r.oursConflicts} / ${r.gitConflicts} | ${r.byteIdentical} (${pct(r.byteIdentical, r.scenarios)}) | ${r.cleanWhereGitConflicts} | ${r.oursCleanEqualsResolution} / ${r.gitCleanEqualsResolution} |`,
    );
  }
  return { table: `${lines.join('\n')}\n`, total };
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const root = process.argv[2];
  if (!root) {
    process.stderr.write('usage: node bench/corpus-quality.mjs <corpus-dir>\n');
    process.exit(2);
  }
  const result = corpusQuality(root);
  process.stdout.write(formatQuality(result).table);
  for (const dir of result.mismatches.slice(0, 20)) process.stdout.write(`mismatch: ${dir}\n`);
}
