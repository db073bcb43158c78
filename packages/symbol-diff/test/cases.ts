import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ChangeManifest } from '../src/manifest/manifest.js';
import type { Operation } from '../src/manifest/operations.js';
import type { ManifestReport } from '../src/manifest/report.js';

/** The corpus directory, found upward from this module (it also runs bundled, from dist/bench). */
export const CASES_DIR = findUp(dirname(fileURLToPath(import.meta.url)), join('test', 'fixtures', 'cases'));

function findUp(start: string, relative: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) throw new Error(`no ${relative} above ${start}`);
  }
}

export interface ExpectedOperation {
  kind: string;
  /** A subset of the operation's match fields that identifies it. */
  match: Record<string, unknown>;
}

export interface FixtureCase {
  name: string;
  dir: string;
  operations: ExpectedOperation[];
  unresolved: Array<{ kind: string; fq: string }>;
  hasDependent: boolean;
}

/** The hand-made corpus: each case a core library at v1 and v2, the operations expected between them, maybe a dependent. */
export function loadCases(): FixtureCase[] {
  return readdirSync(CASES_DIR)
    .sort()
    .map((name) => {
      const dir = join(CASES_DIR, name);
      const expected = parse(readFileSync(join(dir, 'case.yaml'), 'utf8'));
      return {
        name,
        dir,
        operations: expected.operations ?? [],
        unresolved: expected.unresolved ?? [],
        hasDependent: existsSync(join(dir, 'dependent')),
      };
    });
}

export function matchesExpected(op: Pick<Operation, 'kind' | 'match'>, expected: ExpectedOperation): boolean {
  if (op.kind !== expected.kind) return false;
  return Object.entries(expected.match).every(
    ([key, value]) => JSON.stringify(op.match[key]) === JSON.stringify(value),
  );
}

export interface Score {
  truePositives: Operation[];
  falsePositives: Operation[];
  falseNegatives: ExpectedOperation[];
  missingUnresolved: Array<{ kind: string; fq: string }>;
}

/** Operations at or above the threshold against the expected ones; each expected operation matches at most one. */
export function scoreManifest(
  manifest: ChangeManifest,
  report: ManifestReport,
  expected: { operations: ExpectedOperation[]; unresolved: Array<{ kind: string; fq: string }> },
  threshold: number,
): Score {
  const reported = manifest.operations.filter((op) => op.confidence >= threshold);
  const unmatched = [...expected.operations];
  const score: Score = { truePositives: [], falsePositives: [], falseNegatives: [], missingUnresolved: [] };
  for (const op of reported) {
    const at = unmatched.findIndex((e) => matchesExpected(op, e));
    if (at >= 0) {
      unmatched.splice(at, 1);
      score.truePositives.push(op);
    } else score.falsePositives.push(op);
  }
  score.falseNegatives = unmatched;
  score.missingUnresolved = expected.unresolved.filter(
    (u) => !report.unresolved.some((r) => r.kind === u.kind && r.fq === u.fq),
  );
  return score;
}

export interface KindTally {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision and recall per operation kind, and over all kinds. */
export function tallyByKind(scores: readonly Score[]): Map<string, KindTally> {
  const tally = new Map<string, KindTally>();
  const bump = (kind: string, field: keyof KindTally) => {
    for (const key of [kind, 'all']) {
      const entry = tally.get(key) ?? { tp: 0, fp: 0, fn: 0 };
      entry[field]++;
      tally.set(key, entry);
    }
  };
  for (const score of scores) {
    for (const op of score.truePositives) bump(op.kind, 'tp');
    for (const op of score.falsePositives) bump(op.kind, 'fp');
    for (const op of score.falseNegatives) bump(op.kind, 'fn');
  }
  return tally;
}

export function ratio(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;
}
