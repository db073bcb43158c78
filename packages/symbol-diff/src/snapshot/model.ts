import type { FileFacts, Lang, SymbolFacts } from '../facts.js';
import type { EntryPoint, PackageLayout } from './packages.js';

/**
 * A snapshot: a library at one commit as symbol-diff sees it. Files carry their analysis
 * facts; symbols carry fully-qualified names and the public names they are exposed under;
 * the graph records imports, inheritance, re-exports and uses.
 *
 * A fully-qualified name (FQN) is the package-relative module path without extension, `#`,
 * and the symbol path inside the module: `src/validators/base#BaseValidator.validate`.
 * Within a workspace, the package name qualifies it further (`SymbolRecord.package`).
 */
export interface Snapshot {
  ref: string;
  commit: string;
  /** The directory of the repository the snapshot covers ('' for all of it). */
  root: string;
  packages: PackageLayout[];
  files: SnapshotFile[];
  /** Every symbol by id (`<package> <fq>`), in file then source order. */
  symbols: Map<string, SymbolRecord>;
  graph: SymbolGraph;
  /** Entry points whose file is not among the analysed sources. */
  unresolvedEntries: Array<EntryPoint & { package: string }>;
}

export interface SnapshotFile {
  path: string;
  package: string;
  module: string;
  lang: Lang;
  sha256: string;
  facts: FileFacts;
  /** False for a file whose module another file of the same path provides (`x.js` beside `x.d.ts`). */
  linked: boolean;
}

export interface Exposure {
  /** The specifier a dependent imports from: `@acme/core`, `@acme/core/validators`. */
  specifier: string;
  /** The name it imports: `BaseValidator`, `default`, or `ns.Member` through `export * as ns`. */
  name: string;
  typeOnly: boolean;
  /** Deprecated at the export site (`/** @deprecated *\/ export { New as Old }`) or at the declaration. */
  deprecated: boolean;
}

export interface SymbolRecord {
  id: string;
  package: string;
  fq: string;
  module: string;
  file: string;
  facts: SymbolFacts;
  exposures: Exposure[];
  /** Ids of the symbols this one mentions (resolved through imports). */
  uses: string[];
  /** Resolved `extends`/`implements` targets, for members inherited through them. */
  bases: string[];
  /** The symbol this one forwards to, when it is an alias (`const Old = New`). */
  aliasOf?: string;
}

export type GraphEdgeKind = 'import' | 'reexport' | 'reexport-star' | 'extends' | 'implements' | 'uses';

export interface GraphEdge {
  kind: GraphEdgeKind;
  /** A module (`@acme/core src/a`) or a symbol id (`@acme/core src/a#A`). */
  from: string;
  /** Same forms, or `external:<specifier>` outside the snapshot. */
  to: string;
  /** Imported or re-exported names, `imported as exported` when they differ. */
  names?: string[];
}

export interface SymbolGraph {
  edges: GraphEdge[];
}

export function symbolId(pkg: string, fq: string): string {
  return `${pkg} ${fq}`;
}

export function moduleId(pkg: string, module: string): string {
  return `${pkg} ${module}`;
}

/** `src/a#A.b` → the module `src/a` and the symbol path `A.b`. */
export function splitFq(fq: string): { module: string; path: string } {
  const hash = fq.indexOf('#');
  return { module: fq.slice(0, hash), path: fq.slice(hash + 1) };
}

export function isTopLevel(record: SymbolRecord): boolean {
  return !record.facts.path.includes('.');
}

/** The container a member belongs to: `src/a#A.b` → `src/a#A`. */
export function ownerFq(fq: string): string | undefined {
  const dot = fq.lastIndexOf('.');
  return dot > fq.indexOf('#') ? fq.slice(0, dot) : undefined;
}

/** The top-level declaration a member belongs to (itself for a top-level one). */
export function topLevelId(record: SymbolRecord): string {
  const dot = record.facts.path.indexOf('.');
  return dot < 0 ? record.id : symbolId(record.package, `${record.module}#${record.facts.path.slice(0, dot)}`);
}
