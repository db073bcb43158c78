import type { DocFacts } from '../facts.js';
import type { Snapshot, SymbolRecord } from '../snapshot/model.js';
import { compareText } from '../snapshot/paths.js';
import { emitYaml, type YamlValue } from './yaml-emit.js';

/**
 * The `.tree` (YAML, `version: 2`): the snapshot's inventory. Files with path, language and
 * SHA-256; each file's symbols with FQN, kind and signature hash; the packages with their
 * entry points. Everything sorted, nothing timed: equal snapshots give equal bytes.
 */
export function formatTree(snapshot: Snapshot): string {
  const symbolsByFile = groupByFile(snapshot);
  return emitYaml({
    version: 2,
    root: snapshot.root === '' ? '.' : `${snapshot.root}/`,
    ref: snapshot.ref,
    commit: snapshot.commit,
    packages: snapshot.packages.map((pkg) => ({
      name: pkg.name,
      version: pkg.version,
      dir: pkg.dir === '' ? '.' : pkg.dir,
      entries: pkg.entries.map((entry) => ({ specifier: entry.specifier, file: entry.file })),
    })),
    files: snapshot.files.map((file) => ({
      path: file.path,
      lang: file.lang,
      sha256: file.sha256,
      package: file.package,
      symbols: (symbolsByFile.get(file.path) ?? []).map((record) => ({
        fq: record.fq,
        kind: record.facts.kind,
        sig_sha: record.facts.sigHash,
      })),
    })),
  });
}

/**
 * Metadata stamps (YAML): per file, its exported symbols and their members with tags —
 * `public_api` (exposed by an entry point or tagged `@public`), `internal` (`@internal`),
 * `experimental` (`@beta`, `@alpha`, `@experimental`) — `since` from `@since` and
 * `deprecated` from `@deprecated`.
 */
export function formatStamps(snapshot: Snapshot): string {
  const stamps: YamlValue[] = [];
  for (const [file, records] of groupByFile(snapshot)) {
    const exported = records.filter((record) => isStamped(snapshot, record));
    if (exported.length === 0) continue;
    stamps.push({
      file,
      // An FQN is relative to its package: in a workspace the package tells `src/index#Task` of one from another's.
      package: exported[0]?.package,
      exports: exported.map((record) => {
        const doc = record.facts.doc;
        return {
          fq: record.fq,
          tags: stampTags(record, isPublic(snapshot, record)),
          since: doc?.since,
          deprecated: doc?.deprecated !== undefined,
          deprecation: typeof doc?.deprecated === 'string' ? doc.deprecated : undefined,
        };
      }),
    });
  }
  return emitYaml({ version: 1, ref: snapshot.ref, commit: snapshot.commit, stamps });
}

export function stampTags(record: SymbolRecord, exposed: boolean): string[] {
  const tags = new Set<string>();
  for (const tag of (record.facts.doc as DocFacts | undefined)?.tags ?? []) {
    if (tag === 'public') tags.add('public_api');
    else if (tag === 'internal') tags.add('internal');
    else tags.add('experimental');
  }
  if (exposed && !tags.has('internal') && !tags.has('experimental')) tags.add('public_api');
  return [...tags].sort();
}

function isPublic(snapshot: Snapshot, record: SymbolRecord): boolean {
  return topLevelOf(snapshot, record).exposures.length > 0;
}

function isStamped(snapshot: Snapshot, record: SymbolRecord): boolean {
  const top = topLevelOf(snapshot, record);
  return top.exposures.length > 0 || top.facts.exported !== undefined;
}

function topLevelOf(snapshot: Snapshot, record: SymbolRecord): SymbolRecord {
  const dot = record.facts.path.indexOf('.');
  if (dot < 0) return record;
  return snapshot.symbols.get(`${record.package} ${record.module}#${record.facts.path.slice(0, dot)}`) ?? record;
}

function groupByFile(snapshot: Snapshot): Map<string, SymbolRecord[]> {
  const byFile = new Map<string, SymbolRecord[]>();
  for (const record of snapshot.symbols.values()) {
    const list = byFile.get(record.file);
    if (list) list.push(record);
    else byFile.set(record.file, [record]);
  }
  return byFile;
}

/**
 * The symbol graph (JSON): packages and their entry points, the public API (which
 * specifier exposes which symbol under which name), and the edges — imports, re-exports
 * (`export *`, `export { a as b }`), extends/implements, and uses.
 */
export function formatGraph(snapshot: Snapshot): string {
  const exposures: Array<{ package: string; specifier: string; name: string; fq: string; deprecated?: true }> = [];
  for (const record of snapshot.symbols.values()) {
    for (const exposure of record.exposures) {
      exposures.push({
        package: record.package,
        specifier: exposure.specifier,
        name: exposure.name,
        fq: record.fq,
        ...(exposure.deprecated ? { deprecated: true as const } : {}),
      });
    }
  }
  exposures.sort(
    (a, b) => compareText(a.specifier, b.specifier) || compareText(a.name, b.name) || compareText(a.fq, b.fq),
  );
  const graph = {
    graph_version: 1,
    ref: snapshot.ref,
    commit: snapshot.commit,
    packages: snapshot.packages.map((pkg) => ({
      name: pkg.name,
      dir: pkg.dir === '' ? '.' : pkg.dir,
      entries: pkg.entries.map((entry) => ({ specifier: entry.specifier, file: entry.file ?? null })),
    })),
    exposures,
    edges: snapshot.graph.edges,
  };
  return `${JSON.stringify(graph, null, 1)}\n`;
}
