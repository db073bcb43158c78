import { posix } from 'node:path';
import { emitYaml, type YamlValue } from '../format/yaml-emit.js';
import type { DraftOperation } from '../inference/context.js';
import type { Snapshot } from '../snapshot/model.js';
import { compareText } from '../snapshot/paths.js';
import {
  AUTO_APPLY_THRESHOLD,
  actionFor,
  OPERATION_KINDS,
  type Operation,
  type OperationKind,
  type UnresolvedChange,
} from './operations.js';

export const MANIFEST_VERSION = 1;

/** A core package as the codemods need to know it: how dependents import it, where its sources live. */
export interface CorePackage {
  name: string;
  version_from?: string;
  version_to?: string;
  dir: string;
  /** Published directory → source directory, to map a deep import (`pkg/dist/a.js`) to a module. */
  source_dirs: Array<{ out: string; src: string }>;
  deep_imports: boolean;
}

export interface ChangeManifest {
  manifest_version: 1;
  from: string;
  to: string;
  summary: string;
  core: { repository: string; packages: CorePackage[] };
  commits: { from: string; to: string };
  thresholds: { auto_apply: number; apply_with_warning: number };
  operations: Operation[];
}

/** Dependency order: files move before imports are renamed, symbols before their members and arguments. */
function phase(op: DraftOperation): number {
  const order: Record<OperationKind, number> = {
    'move.file': 0,
    'rename.import': 1,
    'rename.symbol': 2,
    'rename.callable': 2,
    'config.key_rename': 4,
    'arg.rename': 5,
    'arg.add_default': 6,
  };
  const member = (op.kind === 'rename.symbol' || op.kind === 'rename.callable') && String(op.match.from).includes('.');
  return order[op.kind] + (member ? 1 : 0);
}

function sortKey(op: DraftOperation): string {
  const m = op.match;
  return [op.package, m.module ?? m.callable ?? m.from, m.type ?? '', m.from, m.position ?? '', m.name ?? '', m.to]
    .map((part) => String(part ?? ''))
    .join('\0');
}

/**
 * Turns the engine's drafts into the manifest: duplicates dropped, dependency order,
 * `OP001…` ids, an action per operation from its confidence, provenance on each. Pure: the
 * same snapshots give the same manifest, byte for byte once written.
 */
export function synthesizeManifest(
  from: Snapshot,
  to: Snapshot,
  drafts: readonly DraftOperation[],
  unresolved: readonly UnresolvedChange[],
  threshold: number,
  repository: string,
): ChangeManifest {
  const unique = new Map<string, DraftOperation>();
  for (const draft of drafts) {
    const key = JSON.stringify([draft.kind, draft.package, draft.match]);
    const kept = unique.get(key);
    if (!kept || draft.confidence > kept.confidence) unique.set(key, draft);
  }
  const ordered = [...unique.values()].sort(
    (a, b) => phase(a) - phase(b) || compareText(a.kind, b.kind) || compareText(sortKey(a), sortKey(b)),
  );
  const width = Math.max(3, String(ordered.length).length);
  const operations: Operation[] = ordered.map((draft, i) => ({
    id: `OP${String(i + 1).padStart(width, '0')}`,
    kind: draft.kind,
    package: draft.package,
    match: draft.match,
    ...(draft.imports && draft.imports.length > 0 ? { imports: draft.imports } : {}),
    evidence: draft.evidence,
    confidence: draft.confidence,
    action: actionFor(draft.confidence, threshold),
    provenance: {
      rule: draft.rule,
      from_ref: from.ref,
      to_ref: to.ref,
      from_commit: from.commit,
      to_commit: to.commit,
    },
  }));
  return {
    manifest_version: MANIFEST_VERSION,
    from: from.ref,
    to: to.ref,
    summary: summarize(operations, unresolved),
    core: {
      repository,
      packages: from.packages.map((pkg) => {
        const after = to.packages.find((p) => p.name === pkg.name);
        return {
          name: pkg.name,
          ...(pkg.version ? { version_from: pkg.version } : {}),
          ...(after?.version ? { version_to: after.version } : {}),
          dir: pkg.dir === '' ? '.' : pkg.dir,
          source_dirs: pkg.sourceDirs.slice(0, 4),
          deep_imports: pkg.deepImports,
        };
      }),
    },
    commits: { from: from.commit, to: to.commit },
    thresholds: { auto_apply: AUTO_APPLY_THRESHOLD, apply_with_warning: threshold },
    operations,
  };
}

const KIND_WORDS: Record<OperationKind, [string, string]> = {
  'move.file': ['module move', 'module moves'],
  'rename.import': ['import path change', 'import path changes'],
  'rename.symbol': ['symbol rename', 'symbol renames'],
  'rename.callable': ['callable rename', 'callable renames'],
  'config.key_rename': ['option key rename', 'option key renames'],
  'arg.rename': ['argument rename', 'argument renames'],
  'arg.add_default': ['new defaulted argument', 'new defaulted arguments'],
};

function summarize(operations: readonly Operation[], unresolved: readonly UnresolvedChange[]): string {
  const parts = OPERATION_KINDS.map((kind) => {
    const count = operations.filter((op) => op.kind === kind).length;
    const [one, many] = KIND_WORDS[kind];
    return count === 0 ? '' : `${count} ${count === 1 ? one : many}`;
  }).filter(Boolean);
  const review = operations.filter((op) => op.action === 'review').length;
  const head = parts.length === 0 ? 'No operations' : parts.join(', ');
  const tail = [
    review > 0 ? `${review} for review only` : '',
    unresolved.length > 0
      ? `${unresolved.length} unresolved change${unresolved.length === 1 ? '' : 's'} (removals, incompatible signatures) to review`
      : '',
  ].filter(Boolean);
  return `${head}${tail.length > 0 ? `; ${tail.join('; ')}` : ''}.`;
}

export function formatManifest(manifest: ChangeManifest): string {
  return emitYaml(manifest as unknown as YamlValue);
}

export function manifestUri(manifest: Pick<ChangeManifest, 'from' | 'to'>): string {
  return `registry://core_migrations/${registryKey(manifest.from, manifest.to)}`;
}

/** `{from}_{to}` with anything a directory name cannot hold replaced. */
export function registryKey(from: string, to: string): string {
  const safe = (ref: string) => posix.basename(ref.replace(/[^A-Za-z0-9._+-]/g, '-'));
  return `${safe(from)}_${safe(to)}`;
}

/** One line saying what an operation does, for listings and reports. */
export function describeOperation(op: Operation): string {
  const m = op.match;
  switch (op.kind) {
    case 'move.file':
      return `move ${m.from} → ${m.to}`;
    case 'rename.import':
      return `import ${Array.isArray(m.names) ? `${m.names.join(', ')} ` : ''}from ${m.to} instead of ${m.from}`;
    case 'rename.symbol':
    case 'rename.callable':
      return m.from === m.to
        ? `${m.module}#${m.from}: exported as ${(op.imports ?? []).map((i) => i.to).join(', ')}`
        : `${m.module}#${m.from} → ${m.to}${m.to_module ? ` (in ${m.to_module})` : ''}`;
    case 'config.key_rename':
      return `${m.module}#${m.type}: option ${m.from} → ${m.to}`;
    case 'arg.rename':
      return `${m.callable}: ${m.named ? 'named ' : ''}argument ${m.from} → ${m.to}`;
    case 'arg.add_default':
      return `${m.callable}: new optional argument ${m.name}${m.default !== undefined ? ` = ${m.default}` : ''}`;
  }
}
