import type { Snapshot } from '../snapshot/model.js';
import { compareText } from '../snapshot/paths.js';
import type { ChangeManifest } from './manifest.js';
import { OPERATION_KINDS, type UnresolvedChange } from './operations.js';

export interface VerificationResult {
  dependent: string;
  /** Files the manifest changed. */
  changed: number;
  typecheck: { ok: boolean; errors: string[] };
  command?: { command: string; ok: boolean; exitCode: number; output: string };
  patch?: string;
}

export interface ManifestReport {
  report_version: 1;
  from: { ref: string; commit: string };
  to: { ref: string; commit: string };
  thresholds: ChangeManifest['thresholds'];
  operations: Array<{
    id: string;
    kind: string;
    package: string;
    confidence: number;
    action: string;
    rule: string;
    scores?: Record<string, number>;
  }>;
  unresolved: UnresolvedChange[];
  statistics: {
    files: { from: number; to: number };
    symbols: { from: number; to: number };
    public_api: { from: number; to: number };
    operations: { total: number; by_kind: Record<string, number>; by_action: Record<string, number> };
    unresolved: { total: number; by_kind: Record<string, number> };
  };
  /** Entry points package.json names whose source file was not found. */
  unresolved_entries: string[];
  verification?: VerificationResult[];
}

/**
 * `manifest_report.json`: confidence per operation (and the similarity scores behind it),
 * the unresolved changes, statistics. Nothing in it depends on the machine or the run —
 * no timings, no cache counts — so it is byte-identical for the same inputs.
 */
export function buildReport(
  manifest: ChangeManifest,
  from: Snapshot,
  to: Snapshot,
  unresolved: readonly UnresolvedChange[],
): ManifestReport {
  const sortedUnresolved = [...unresolved].sort(
    (a, b) =>
      compareText(a.package, b.package) ||
      compareText(a.fq, b.fq) ||
      compareText(a.kind, b.kind) ||
      compareText(a.detail, b.detail),
  );
  const count = <T>(items: readonly T[], key: (item: T) => string, keys: readonly string[] = []) => {
    const counts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
    for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareText(a, b)));
  };
  const publicApi = (snapshot: Snapshot) => [...snapshot.symbols.values()].filter((s) => s.exposures.length > 0).length;
  return {
    report_version: 1,
    from: { ref: from.ref, commit: from.commit },
    to: { ref: to.ref, commit: to.commit },
    thresholds: manifest.thresholds,
    operations: manifest.operations.map((op) => ({
      id: op.id,
      kind: op.kind,
      package: op.package,
      confidence: op.confidence,
      action: op.action,
      rule: op.provenance.rule,
      ...(typeof op.evidence.scores === 'object' && !Array.isArray(op.evidence.scores)
        ? { scores: op.evidence.scores }
        : {}),
    })),
    unresolved: sortedUnresolved,
    statistics: {
      files: { from: from.files.length, to: to.files.length },
      symbols: { from: from.symbols.size, to: to.symbols.size },
      public_api: { from: publicApi(from), to: publicApi(to) },
      operations: {
        total: manifest.operations.length,
        by_kind: count(manifest.operations, (op) => op.kind, OPERATION_KINDS),
        by_action: count(manifest.operations, (op) => op.action, ['auto', 'review', 'warn']),
      },
      unresolved: { total: sortedUnresolved.length, by_kind: count(sortedUnresolved, (u) => u.kind) },
    },
    unresolved_entries: [...from.unresolvedEntries, ...to.unresolvedEntries]
      .map((entry) => `${entry.specifier} -> ${entry.target}`)
      .filter((value, i, all) => all.indexOf(value) === i)
      .sort(compareText),
  };
}

export function formatReport(report: ManifestReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
