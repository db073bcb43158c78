import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../src/index.js';
import { AUTO_APPLY_THRESHOLD, DEFAULT_CONFIDENCE_THRESHOLD } from '../src/manifest/operations.js';
import { CASES_DIR, type ExpectedOperation, loadCases, type Score, scoreManifest, tallyByKind } from '../test/cases.js';
import { repositoryWithVersions } from '../test/fixture-repo.js';

const LIBRARIES_DIR = join(dirname(CASES_DIR), '..', '..', 'bench', 'real-libraries');

export interface AccuracyRow {
  corpus: string;
  kind: string;
  tp: number;
  fp: number;
  fn: number;
}

/** Precision and recall per kind on the hand-made corpus, at the default threshold. */
export async function corpusAccuracy(): Promise<AccuracyRow[]> {
  const scores: Score[] = [];
  const strict: Score[] = [];
  for (const fixture of loadCases()) {
    const repo = repositoryWithVersions([
      ['v1', join(fixture.dir, 'v1')],
      ['v2', join(fixture.dir, 'v2')],
    ]);
    try {
      const { manifest, report } = await generate({ corePath: repo, from: 'v1', to: 'v2' });
      scores.push(scoreManifest(manifest, report, fixture, DEFAULT_CONFIDENCE_THRESHOLD));
      strict.push(scoreManifest(manifest, report, fixture, AUTO_APPLY_THRESHOLD));
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }
  return [...rows('hand-made corpus', scores), autoApplyRow('hand-made corpus', strict)];
}

/** The same, counting only operations applied without a warning (≥ 0.9). */
function autoApplyRow(corpus: string, scores: readonly Score[]): AccuracyRow {
  const all = tallyByKind(scores).get('all') ?? { tp: 0, fp: 0, fn: 0 };
  return { corpus, kind: 'all, auto-apply only (≥ 0.9)', ...all };
}

interface LibraryOracle {
  library: string;
  repository: string;
  subdir?: string;
  from: string;
  to: string;
  operations: Array<ExpectedOperation & { source: string }>;
}

/**
 * Real libraries between two tags, against the operations their migration guides list and
 * those checked by hand in the code at both tags (`bench/real-libraries/*.yaml`). The
 * repositories are git clones found through LINEAGE_REPOS (`owner/name=path,…`) or in
 * LINEAGE_MIRROR_DIR (`<owner>+<name>/repo`, the layout of a bare mirror); a library
 * without a clone is skipped with a note.
 */
export async function libraryAccuracy(notes: string[]): Promise<{ rows: AccuracyRow[]; details: string[] }> {
  const all: AccuracyRow[] = [];
  const details: string[] = [];
  for (const file of readdirSync(LIBRARIES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const oracle = parse(readFileSync(join(LIBRARIES_DIR, file), 'utf8')) as LibraryOracle;
    const clone = clonePath(oracle.repository);
    if (!clone) {
      notes.push(
        `${oracle.library}: no clone of ${oracle.repository} (set LINEAGE_REPOS or LINEAGE_MIRROR_DIR); skipped`,
      );
      continue;
    }
    const { manifest, report } = await generate({
      corePath: clone,
      ...(oracle.subdir ? { subdir: oracle.subdir } : {}),
      from: oracle.from,
      to: oracle.to,
    });
    const score = scoreManifest(
      manifest,
      report,
      { operations: oracle.operations, unresolved: [] },
      DEFAULT_CONFIDENCE_THRESHOLD,
    );
    const label = `${oracle.library} ${oracle.from}→${oracle.to}`;
    all.push(...rows(label, [score]));
    all.push(
      autoApplyRow(label, [
        scoreManifest(manifest, report, { operations: oracle.operations, unresolved: [] }, AUTO_APPLY_THRESHOLD),
      ]),
    );
    const guide = oracle.operations.filter((op) => op.source === 'guide');
    const missedGuide = guide.filter((op) => score.falseNegatives.includes(op));
    all.push({
      corpus: label,
      kind: 'guide items',
      tp: guide.length - missedGuide.length,
      fp: 0,
      fn: missedGuide.length,
    });
    for (const op of score.falsePositives)
      details.push(`${label}: unexpected ${op.kind} ${JSON.stringify(op.match)} (${op.confidence})`);
    for (const op of score.falseNegatives) details.push(`${label}: missed ${op.kind} ${JSON.stringify(op.match)}`);
  }
  return { rows: all, details };
}

function clonePath(repository: string): string | undefined {
  const name = repository.replace(/^https:\/\/github\.com\//, '').replace(/\.git$/, '');
  for (const entry of (process.env.LINEAGE_REPOS ?? '').split(',').filter(Boolean)) {
    const [key, path] = entry.split('=');
    if (key === name && path && existsSync(path)) return path;
  }
  const mirror = process.env.LINEAGE_MIRROR_DIR;
  const candidate = mirror ? join(mirror, name.replace('/', '+'), 'repo') : undefined;
  return candidate && existsSync(candidate) ? candidate : undefined;
}

function rows(corpus: string, scores: readonly Score[]): AccuracyRow[] {
  return [...tallyByKind(scores).entries()]
    .sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a < b ? -1 : 1))
    .map(([kind, t]) => ({ corpus, kind, ...t }));
}

export function formatAccuracy(rows: readonly AccuracyRow[]): string {
  const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
  const lines = ['| corpus | kind | TP | FP | FN | precision | recall |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.corpus} | ${r.kind} | ${r.tp} | ${r.fp} | ${r.fn} | ${pct(r.tp, r.tp + r.fp)} | ${pct(r.tp, r.tp + r.fn)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
