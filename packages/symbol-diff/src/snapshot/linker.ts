import { posix } from 'node:path';
import type { ExportFacts, FileFacts, Lang } from '../facts.js';
import {
  type Exposure,
  type GraphEdge,
  moduleId,
  type Snapshot,
  type SnapshotFile,
  type SymbolRecord,
  symbolId,
} from './model.js';
import { type EntryPoint, type PackageLayout, sourceCandidates } from './packages.js';
import { compareText, joinPath, modulePath, relativeTo } from './paths.js';

export interface AnalysedFile {
  path: string;
  lang: Lang;
  sha256: string;
  facts: FileFacts;
}

export interface LinkInput {
  ref: string;
  commit: string;
  root: string;
  packages: PackageLayout[];
  files: AnalysedFile[];
}

/** What a name resolves to: a symbol, a whole module (namespace), or something outside the snapshot. */
type Target =
  | { kind: 'symbol'; id: string; deprecated: boolean }
  | { kind: 'namespace'; module: string; deprecated: boolean }
  | { kind: 'external'; specifier: string };

/** When two files give one module, the one whose types dependents see wins. */
const LANG_PRIORITY: Record<Lang, number> = { typescript: 0, tsx: 1, declaration: 2, javascript: 3, jsx: 4 };

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Links analysed files into a snapshot: files to packages and modules, entry points to
 * source files, names to symbols through imports and re-exports (`export *`,
 * `export { a as b }`, barrels), and the public API — every name an entry point exposes.
 */
export function linkSnapshot(input: LinkInput): Snapshot {
  return new Linker(input).link();
}

class Linker {
  private readonly files: SnapshotFile[] = [];
  private readonly fileByPath = new Map<string, SnapshotFile>();
  private readonly moduleFile = new Map<string, SnapshotFile>();
  private readonly symbols = new Map<string, SymbolRecord>();
  private readonly packageByName = new Map<string, PackageLayout>();
  private readonly exportCache = new Map<string, Target | null>();
  private readonly specifierCache = new Map<string, string | undefined>();
  private readonly namesCache = new Map<string, Set<string>>();
  private readonly bindingsCache = new Map<SnapshotFile, Map<string, { specifier: string; imported: string }>>();
  private readonly exportIndexCache = new Map<string, ExportIndex>();
  private readonly edges: GraphEdge[] = [];

  constructor(private readonly input: LinkInput) {}

  link(): Snapshot {
    this.placeFiles();
    const unresolvedEntries = this.mapEntries();
    this.collectSymbols();
    this.exposePublicApi();
    this.resolveSymbolLinks();
    this.moduleEdges();
    this.edges.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.from, b.from) || compareText(a.to, b.to));
    return {
      ref: this.input.ref,
      commit: this.input.commit,
      root: this.input.root,
      packages: this.input.packages,
      files: this.files,
      symbols: this.symbols,
      graph: { edges: this.edges },
      unresolvedEntries,
    };
  }

  private placeFiles(): void {
    const packages = [...this.input.packages].sort((a, b) => b.dir.length - a.dir.length);
    for (const pkg of packages) this.packageByName.set(pkg.name, pkg);
    for (const file of [...this.input.files].sort((a, b) => compareText(a.path, b.path))) {
      const pkg = packages.find((p) => relativeTo(p.dir, file.path) !== undefined);
      if (!pkg) continue;
      const module = modulePath(relativeTo(pkg.dir, file.path) as string);
      const placed: SnapshotFile = { ...file, package: pkg.name, module, linked: true };
      const key = moduleId(pkg.name, module);
      const rival = this.moduleFile.get(key);
      if (rival && LANG_PRIORITY[rival.lang] <= LANG_PRIORITY[file.lang]) placed.linked = false;
      else {
        if (rival) rival.linked = false;
        this.moduleFile.set(key, placed);
      }
      this.files.push(placed);
      this.fileByPath.set(file.path, placed);
    }
  }

  private mapEntries(): Array<EntryPoint & { package: string }> {
    const unresolved: Array<EntryPoint & { package: string }> = [];
    for (const pkg of this.input.packages) {
      const expanded: EntryPoint[] = [];
      for (const entry of pkg.entries) {
        if (entry.target.includes('*')) expanded.push(...this.expandPattern(pkg, entry));
        else {
          const file = this.findSource(pkg, sourceCandidates(entry.target, pkg.sourceDirs));
          if (file) expanded.push({ ...entry, file });
          else unresolved.push({ ...entry, package: pkg.name });
        }
      }
      const hasRoot = expanded.some((entry) => entry.specifier === pkg.name);
      if (!hasRoot && pkg.deepImports) {
        const file = this.findSource(pkg, ['src/index.ts', 'src/index.tsx', 'index.ts', 'src/index.js', 'index.js']);
        if (file) expanded.push({ specifier: pkg.name, target: `./${file}`, file });
      }
      pkg.entries = expanded.sort((a, b) => compareText(a.specifier, b.specifier));
    }
    return unresolved;
  }

  private expandPattern(pkg: PackageLayout, entry: EntryPoint): EntryPoint[] {
    // Matched on module paths, so `lib/*.js` finds `lib/one.d.ts` as `one`, not `one.d`.
    const patterns = [...new Set(sourceCandidates(entry.target, pkg.sourceDirs).map(modulePath))].map(
      (candidate) =>
        new RegExp(
          `^${candidate
            .split('*')
            .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('(.+)')}$`,
        ),
    );
    const found = new Map<string, EntryPoint>();
    for (const file of this.files) {
      if (file.package !== pkg.name || !file.linked) continue;
      for (const pattern of patterns) {
        const match = pattern.exec(file.module);
        if (!match) continue;
        const specifier = entry.specifier.replace('*', match[1] as string);
        if (!found.has(specifier)) {
          found.set(specifier, { specifier, target: entry.target, file: relativeTo(pkg.dir, file.path) as string });
        }
        break;
      }
    }
    return [...found.values()];
  }

  private findSource(pkg: PackageLayout, candidates: readonly string[]): string | undefined {
    for (const candidate of candidates) {
      const file = this.fileByPath.get(joinPath(pkg.dir, candidate));
      if (file?.linked) return candidate;
    }
    return undefined;
  }

  private collectSymbols(): void {
    for (const file of this.files) {
      if (!file.linked) continue;
      for (const facts of file.facts.symbols) {
        const fq = `${file.module}#${facts.path}`;
        const id = symbolId(file.package, fq);
        if (this.symbols.has(id)) continue;
        this.symbols.set(id, {
          id,
          package: file.package,
          fq,
          module: file.module,
          file: file.path,
          facts,
          exposures: [],
          uses: [],
          bases: [],
        });
      }
    }
  }

  private exposePublicApi(): void {
    for (const pkg of this.input.packages) {
      for (const entry of pkg.entries) {
        if (!entry.file) continue;
        const module = moduleId(pkg.name, modulePath(entry.file));
        for (const name of [...this.exportNames(module, new Set())].sort(compareText)) {
          const target = this.resolveExport(module, name);
          if (target?.kind === 'symbol') this.expose(target.id, entry.specifier, name, target.deprecated);
          else if (target?.kind === 'namespace') {
            for (const member of [...this.exportNames(target.module, new Set())].sort(compareText)) {
              const inner = this.resolveExport(target.module, member);
              if (inner?.kind === 'symbol') {
                this.expose(inner.id, entry.specifier, `${name}.${member}`, target.deprecated || inner.deprecated);
              }
            }
          }
        }
      }
    }
  }

  private expose(id: string, specifier: string, name: string, deprecatedAtExport: boolean): void {
    const record = this.symbols.get(id);
    if (!record) return;
    const typeOnly = ['interface', 'type'].includes(record.facts.kind);
    const deprecated = deprecatedAtExport || record.facts.doc?.deprecated !== undefined;
    const exposure: Exposure = { specifier, name, typeOnly, deprecated };
    if (!record.exposures.some((e) => e.specifier === specifier && e.name === name)) record.exposures.push(exposure);
  }

  private resolveSymbolLinks(): void {
    for (const record of this.symbols.values()) {
      const module = moduleId(record.package, record.module);
      const uses = new Set<string>();
      for (const name of record.facts.references ?? []) {
        const target = this.resolveName(module, name);
        if (target?.kind === 'symbol' && target.id !== record.id) uses.add(target.id);
      }
      record.uses = [...uses].sort(compareText);
      for (const id of record.uses) this.edges.push({ kind: 'uses', from: record.id, to: id });
      for (const kind of ['extends', 'implements'] as const) {
        for (const text of record.facts.heritage?.[kind] ?? []) {
          const target = this.resolveName(module, text);
          const to = target?.kind === 'symbol' ? target.id : `external:${text}`;
          if (target?.kind === 'symbol') record.bases.push(target.id);
          this.edges.push({ kind, from: record.id, to });
        }
      }
      const alias = record.facts.aliasOf;
      if (alias) {
        const owner = record.facts.path.includes('.')
          ? record.facts.path.slice(0, record.facts.path.lastIndexOf('.'))
          : '';
        const target = alias.startsWith('this.')
          ? this.symbols.get(symbolId(record.package, `${record.module}#${owner}.${alias.slice(5)}`))?.id
          : (() => {
              const resolved = this.resolveName(module, alias);
              return resolved?.kind === 'symbol' ? resolved.id : undefined;
            })();
        if (target && target !== record.id) record.aliasOf = target;
      }
    }
  }

  private moduleEdges(): void {
    for (const file of this.files) {
      if (!file.linked) continue;
      const from = moduleId(file.package, file.module);
      for (const imported of file.facts.imports) {
        const names = imported.names.map((n) => (n.imported === n.local ? n.imported : `${n.imported} as ${n.local}`));
        if (imported.default) names.unshift(`default as ${imported.default}`);
        if (imported.namespace) names.unshift(`* as ${imported.namespace}`);
        this.edges.push({ kind: 'import', from, to: this.moduleTarget(file, imported.specifier), names });
      }
      for (const exported of file.facts.exports) {
        if (exported.kind === 'from') {
          const name =
            exported.imported === exported.exported
              ? exported.exported
              : `${exported.imported} as ${exported.exported}`;
          this.edges.push({ kind: 'reexport', from, to: this.moduleTarget(file, exported.specifier), names: [name] });
        } else if (exported.kind === 'star') {
          const edge: GraphEdge = { kind: 'reexport-star', from, to: this.moduleTarget(file, exported.specifier) };
          if (exported.as) edge.names = [`* as ${exported.as}`];
          this.edges.push(edge);
        } else {
          const imported = file.facts.imports.find(
            (i) =>
              i.default === exported.local ||
              i.namespace === exported.local ||
              i.names.some((n) => n.local === exported.local),
          );
          if (!imported) continue;
          const name =
            exported.local === exported.exported ? exported.local : `${exported.local} as ${exported.exported}`;
          this.edges.push({ kind: 'reexport', from, to: this.moduleTarget(file, imported.specifier), names: [name] });
        }
      }
    }
  }

  private moduleTarget(file: SnapshotFile, specifier: string): string {
    return this.resolveSpecifier(file, specifier) ?? `external:${specifier}`;
  }

  /** The module a specifier written in `file` reaches, if it is inside the snapshot. */
  resolveSpecifier(file: SnapshotFile, specifier: string): string | undefined {
    const key = `${file.path}\0${specifier}`;
    if (this.specifierCache.has(key)) return this.specifierCache.get(key);
    const module = this.resolveSpecifierUncached(file, specifier);
    this.specifierCache.set(key, module);
    return module;
  }

  private resolveSpecifierUncached(file: SnapshotFile, specifier: string): string | undefined {
    if (specifier.startsWith('.')) {
      const base = joinPath(posix.dirname(file.path), specifier);
      return this.moduleOfPath(pathCandidates(base));
    }
    for (const pkg of this.input.packages) {
      if (specifier !== pkg.name && !specifier.startsWith(`${pkg.name}/`)) continue;
      const entry = pkg.entries.find((e) => e.specifier === specifier);
      if (entry?.file) return moduleId(pkg.name, modulePath(entry.file));
      if (pkg.deepImports && specifier !== pkg.name) {
        const sub = specifier.slice(pkg.name.length + 1);
        return this.moduleOfPath(sourceCandidates(sub, pkg.sourceDirs).map((c) => joinPath(pkg.dir, c)));
      }
    }
    return undefined;
  }

  private moduleOfPath(candidates: readonly string[]): string | undefined {
    for (const candidate of candidates) {
      const found = this.fileByPath.get(candidate);
      if (found) return moduleId(found.package, found.module);
    }
    return undefined;
  }

  private fileOfModule(module: string): SnapshotFile | undefined {
    return this.moduleFile.get(module);
  }

  /** A name as written inside a module: a local declaration, an import, or `ns.Name` through a namespace import. */
  private resolveName(module: string, text: string): Target | undefined {
    const [head, ...rest] = text.split('.');
    let target = this.resolveLocal(module, head as string);
    for (const part of rest) {
      if (target?.kind === 'namespace') target = this.resolveExport(target.module, part) ?? undefined;
      else if (target?.kind === 'symbol') {
        const record = this.symbols.get(target.id);
        const member = record && this.symbols.get(symbolId(record.package, `${record.fq}.${part}`));
        target = member ? { kind: 'symbol', id: member.id, deprecated: false } : undefined;
      } else return target;
    }
    return target;
  }

  private resolveLocal(module: string, name: string): Target | undefined {
    const file = this.fileOfModule(module);
    if (!file) return undefined;
    const id = `${module}#${name}`;
    if (this.symbols.has(id)) return { kind: 'symbol', id, deprecated: false };
    const binding = this.importBindings(file).get(name);
    if (!binding) return undefined;
    const source = this.resolveSpecifier(file, binding.specifier);
    if (binding.imported === '*') {
      return source
        ? { kind: 'namespace', module: source, deprecated: false }
        : { kind: 'external', specifier: binding.specifier };
    }
    if (!source) return { kind: 'external', specifier: binding.specifier };
    return this.resolveExport(source, binding.imported) ?? undefined;
  }

  /** A file's imported local names: what each stands for (`*` for a namespace), built once per file. */
  private importBindings(file: SnapshotFile): Map<string, { specifier: string; imported: string }> {
    let bindings = this.bindingsCache.get(file);
    if (!bindings) {
      bindings = new Map();
      for (const imported of file.facts.imports) {
        const add = (local: string, name: string) => {
          if (!bindings?.has(local)) bindings?.set(local, { specifier: imported.specifier, imported: name });
        };
        if (imported.namespace) add(imported.namespace, '*');
        if (imported.default) add(imported.default, 'default');
        for (const n of imported.names) add(n.local, n.imported);
      }
      this.bindingsCache.set(file, bindings);
    }
    return bindings;
  }

  /** What `name` exported from `module` is, following re-exports; memoised, cycle-safe. */
  private resolveExport(module: string, name: string): Target | undefined {
    const key = `${module}\0${name}`;
    if (this.exportCache.has(key)) return this.exportCache.get(key) ?? undefined;
    this.exportCache.set(key, null);
    const target = this.resolveExportUncached(module, name);
    this.exportCache.set(key, target ?? null);
    return target;
  }

  private resolveExportUncached(module: string, name: string): Target | undefined {
    const file = this.fileOfModule(module);
    if (!file) return undefined;
    const withDoc = (target: Target | undefined, deprecated: boolean): Target | undefined =>
      target && target.kind !== 'external' && deprecated ? { ...target, deprecated: true } : target;
    const index = this.exportIndex(module, file);
    const exported = index.named.get(name);
    if (exported) {
      const deprecated = exported.doc?.deprecated !== undefined;
      if (exported.kind === 'local') return withDoc(this.resolveLocal(module, exported.local), deprecated);
      const source = this.resolveSpecifier(file, exported.specifier);
      if (exported.kind === 'star') {
        return source
          ? { kind: 'namespace', module: source, deprecated }
          : { kind: 'external', specifier: exported.specifier };
      }
      if (!source) return { kind: 'external', specifier: exported.specifier };
      return withDoc(this.resolveExport(source, exported.imported), deprecated);
    }
    if (name === 'default') return undefined;
    // A barrel of barrels: go straight to the `export *` source that has the name.
    const star = this.starOwner(index).get(name);
    const target = star ? this.resolveExport(star.source, name) : undefined;
    return target ? withDoc(target, star?.deprecated ?? false) : undefined;
  }

  /** For each name a module re-exports through `export *`, the first source that exports it. */
  private starOwner(index: ExportIndex): Map<string, { source: string; deprecated: boolean }> {
    if (!index.starOwner) {
      const owner = new Map<string, { source: string; deprecated: boolean }>();
      for (const star of index.stars) {
        for (const name of this.exportNames(star.source, new Set())) {
          if (name !== 'default' && !owner.has(name)) owner.set(name, star);
        }
      }
      index.starOwner = owner;
    }
    return index.starOwner;
  }

  /** A module's own exports by name (first wins, as in the file) and its `export *` sources in order. */
  private exportIndex(module: string, file: SnapshotFile): ExportIndex {
    let index = this.exportIndexCache.get(module);
    if (!index) {
      index = { named: new Map(), stars: [] };
      for (const exported of file.facts.exports) {
        if (exported.kind !== 'star' || exported.as !== undefined) {
          const key = exported.kind === 'star' ? (exported.as as string) : exported.exported;
          if (!index.named.has(key)) index.named.set(key, exported);
          continue;
        }
        const source = this.resolveSpecifier(file, exported.specifier);
        if (source) index.stars.push({ source, deprecated: exported.doc?.deprecated !== undefined });
      }
      this.exportIndexCache.set(module, index);
    }
    return index;
  }

  /** Every name a module exports, `export *` included (which never re-exports `default`). */
  private exportNames(module: string, seen: Set<string>): Set<string> {
    const cached = this.namesCache.get(module);
    if (cached) return cached;
    const names = new Set<string>();
    const file = this.fileOfModule(module);
    if (!file || seen.has(module)) return names;
    seen.add(module);
    this.namesCache.set(module, names);
    for (const exported of file.facts.exports) {
      if (exported.kind === 'local' || exported.kind === 'from') names.add(exported.exported);
      else if (exported.as) names.add(exported.as);
      else {
        const source = this.resolveSpecifier(file, exported.specifier);
        if (!source) continue;
        for (const name of this.exportNames(source, seen)) if (name !== 'default') names.add(name);
      }
    }
    return names;
  }
}

interface ExportIndex {
  named: Map<string, ExportFacts>;
  stars: Array<{ source: string; deprecated: boolean }>;
  starOwner?: Map<string, { source: string; deprecated: boolean }>;
}

/** Files a relative import may name, in TypeScript's order (`./a.js` may mean `./a.ts`). */
function pathCandidates(base: string): string[] {
  const candidates = [base];
  const stem = base.replace(/\.(?:[mc]?js|jsx)$/, '');
  if (stem !== base) {
    const ext = base.slice(stem.length);
    const swaps: Record<string, string[]> = {
      '.js': ['.ts', '.tsx', '.d.ts'],
      '.jsx': ['.tsx'],
      '.mjs': ['.mts', '.d.mts'],
      '.cjs': ['.cts', '.d.cts'],
    };
    for (const swap of swaps[ext] ?? []) candidates.push(stem + swap);
  }
  for (const extension of RESOLVE_EXTENSIONS) candidates.push(base + extension);
  for (const extension of RESOLVE_EXTENSIONS) candidates.push(`${base}/index${extension}`);
  return candidates;
}
