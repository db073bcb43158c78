import type { EvidenceValue, Operation, UnresolvedChange } from '../manifest/operations.js';
import { isTopLevel, moduleId, type Snapshot, type SymbolRecord, symbolId, topLevelId } from '../snapshot/model.js';
import { astSimilarity, combine, docSimilarity, informativeness, jaccard, round, type Scores } from './similarity.js';

/** An operation before ids, actions and provenance are given to it; `rule` becomes its provenance. */
export type DraftOperation = Omit<Operation, 'id' | 'action' | 'provenance'> & { rule: string };

/** Why a symbol of `from` corresponds to one of `to`. */
export type MatchReason =
  | 'same-name'
  | 'renamed'
  | 'alias-in-to'
  | 'alias-in-from'
  | 'name-reused'
  | 'deprecation-hint';

export interface SymbolMatch {
  from: SymbolRecord;
  to: SymbolRecord;
  reason: MatchReason;
  scores?: Scores;
  confidence: number;
  evidence: Record<string, EvidenceValue>;
}

const KIND_FAMILIES: Record<string, string> = {
  class: 'class',
  interface: 'type',
  type: 'type',
  enum: 'enum',
  function: 'function',
  variable: 'variable',
  namespace: 'namespace',
  method: 'callable-member',
  constructor: 'constructor',
  property: 'field',
  accessor: 'field',
  'enum-member': 'enum-member',
};

export function compatibleKinds(a: SymbolRecord, b: SymbolRecord): boolean {
  if (KIND_FAMILIES[a.facts.kind] === KIND_FAMILIES[b.facts.kind]) return true;
  // A method and a property holding a function are called alike.
  const callableMember = (r: SymbolRecord) =>
    r.facts.kind === 'method' || (r.facts.kind === 'property' && r.facts.callable === true);
  return callableMember(a) && callableMember(b);
}

/**
 * State shared by the inference rules: both snapshots, the file moves found first, the
 * symbol correspondence built up rule by rule, and the operations and unresolved changes
 * they emit. Each rule reads what earlier rules established (a renamed class's members are
 * matched inside the renamed class).
 */
export class InferenceContext {
  readonly moduleMoves = new Map<string, string>();
  readonly matches = new Map<string, SymbolMatch>();
  readonly matchedTo = new Map<string, string>();
  /** Pairs assumed while scoring renames, so that symbols renamed together still see each other as neighbours. */
  readonly tentative = new Map<string, string>();
  readonly operations: DraftOperation[] = [];
  readonly unresolved: UnresolvedChange[] = [];
  /** Operations below it are review-only (the manifest's warning threshold). */
  threshold = 0.7;
  /** The public API of `from`: what dependents can reach, hence what operations are about. */
  readonly api: Set<string>;
  private readonly referrersA: Map<string, string[]>;
  private readonly referrersB: Map<string, string[]>;
  private readonly childrenA: Map<string, SymbolRecord[]>;
  private readonly childrenB: Map<string, SymbolRecord[]>;
  private readonly modulesTo: Set<string>;
  private exposuresTo: Map<string, SymbolRecord> | undefined;

  constructor(
    readonly from: Snapshot,
    readonly to: Snapshot,
  ) {
    this.referrersA = referrers(from);
    this.referrersB = referrers(to);
    this.childrenA = children(from);
    this.childrenB = children(to);
    this.api = apiSurface(from);
    this.modulesTo = new Set(to.files.filter((f) => f.linked).map((f) => moduleId(f.package, f.module)));
  }

  isApi(record: SymbolRecord): boolean {
    return this.api.has(record.id) || this.api.has(topLevelId(record));
  }

  /** Where a module of `from` is in `to` (itself unless its file moved). */
  movedModule(pkg: string, module: string): string {
    const moved = this.moduleMoves.get(moduleId(pkg, module));
    return moved ? moved.slice(pkg.length + 1) : module;
  }

  /** The `to` declaration a public name (specifier and name) resolves to. */
  exposedTo(specifier: string, name: string): SymbolRecord | undefined {
    if (!this.exposuresTo) {
      this.exposuresTo = new Map();
      for (const record of this.to.symbols.values()) {
        for (const e of record.exposures) this.exposuresTo.set(`${e.specifier}\0${e.name}`, record);
      }
    }
    return this.exposuresTo.get(`${specifier}\0${name}`);
  }

  /** The module of a `from` symbol still exists in `to` (at its path or moved). */
  moduleSurvives(record: SymbolRecord): boolean {
    return this.modulesTo.has(moduleId(record.package, this.movedModule(record.package, record.module)));
  }

  /** The id a `from` symbol would have in `to` if nothing but file moves and matched owners changed. */
  translate(record: SymbolRecord): string {
    const matched = this.matches.get(record.id);
    if (matched) return matched.to.id;
    const assumed = this.tentative.get(record.id);
    if (assumed) return assumed;
    const dot = record.facts.path.lastIndexOf('.');
    if (dot > 0) {
      const owner = this.from.symbols.get(
        symbolId(record.package, `${record.module}#${record.facts.path.slice(0, dot)}`),
      );
      const ownerTo = owner && this.matches.get(owner.id)?.to;
      if (ownerTo) return `${ownerTo.id}.${record.facts.path.slice(dot + 1)}`;
    }
    return symbolId(record.package, `${this.movedModule(record.package, record.module)}#${record.facts.path}`);
  }

  record(match: SymbolMatch): void {
    this.matches.set(match.from.id, match);
    this.matchedTo.set(match.to.id, match.from.id);
  }

  childrenFrom(record: SymbolRecord): SymbolRecord[] {
    return this.childrenA.get(record.id) ?? [];
  }

  childrenTo(record: SymbolRecord): SymbolRecord[] {
    return this.childrenB.get(record.id) ?? [];
  }

  /** AST, doc and usage-graph similarity of a `from` symbol and a `to` candidate. */
  score(a: SymbolRecord, b: SymbolRecord): { scores: Scores; combined: number } {
    const scores: Scores = { ast: round(astSimilarity(a, b)) };
    const doc = docSimilarity(a, b);
    if (doc !== undefined) scores.doc = round(doc);
    const uses = this.graphSimilarity(a, b);
    const siblings = uses === undefined && !isTopLevel(a) ? this.siblingSimilarity(a, b) : undefined;
    const graph = uses ?? siblings;
    if (graph !== undefined) scores.graph = round(graph);
    // Small declarations look alike whatever they mean: their shape alone is weak evidence,
    // unless their docs or what they use corroborate it. Their place among their siblings
    // corroborates only when they say something of their own (`Grey = 'grey'`, not
    // `shouldSkip: boolean`).
    const shown = Math.min(informativeness(a), informativeness(b));
    const saysSomething = (a.facts.content ?? 0) > 0 && (b.facts.content ?? 0) > 0;
    const corroboration = Math.max(scores.doc ?? 0, uses ?? 0, saysSomething ? (siblings ?? 0) : 0);
    const factor = shown + (1 - shown) * (corroboration >= 0.5 ? corroboration : 0);
    // Docs that describe different things contradict a shape that matches.
    const contradiction = scores.doc !== undefined && scores.doc < DOC_CONTRADICTION ? 0.7 : 1;
    return { scores, combined: combine(scores) * factor * contradiction };
  }

  /**
   * For members without graph neighbours: whether they sit between the same siblings (a
   * renamed enum member or option key keeps its place), 1 when both neighbours correspond.
   */
  private siblingSimilarity(a: SymbolRecord, b: SymbolRecord): number | undefined {
    const around = (list: SymbolRecord[], record: SymbolRecord) => {
      const at = list.indexOf(record);
      return [list[at - 1], list[at + 1]];
    };
    const siblingsA = this.childrenA.get(ownerOf(a)) ?? [];
    const siblingsB = this.childrenB.get(ownerOf(b)) ?? [];
    if (siblingsA.length < 2 && siblingsB.length < 2) return undefined;
    const [beforeA, afterA] = around(siblingsA, a);
    const [beforeB, afterB] = around(siblingsB, b);
    const same = (x: SymbolRecord | undefined, y: SymbolRecord | undefined) =>
      x === undefined || y === undefined ? x === y : this.translate(x) === y.id;
    return ((same(beforeA, beforeB) ? 1 : 0) + (same(afterA, afterB) ? 1 : 0)) / 2;
  }

  /** Overlap of the symbols each uses and is used by, `from` ids translated into `to`. */
  private graphSimilarity(a: SymbolRecord, b: SymbolRecord): number | undefined {
    const left = new Set<string>();
    for (const id of [...a.uses, ...(this.referrersA.get(a.id) ?? [])]) {
      const record = this.from.symbols.get(id);
      if (record) left.add(this.translate(record));
    }
    const right = new Set([...b.uses, ...(this.referrersB.get(b.id) ?? [])]);
    left.delete(b.id);
    right.delete(b.id);
    if (left.size === 0 && right.size === 0) return undefined;
    return jaccard(left, right);
  }

  /** Public names of a `from` symbol, for unresolved reports. */
  exposureNames(record: SymbolRecord): string[] {
    return record.exposures.map((e) => `${e.specifier}:${e.name}`);
  }

  /** Parameter and member types of `from` symbols, for deciding which interfaces are option types. */
  referrersOfFrom(id: string): string[] {
    return this.referrersA.get(id) ?? [];
  }
}

/** Doc similarity below this says two declarations mean different things. */
const DOC_CONTRADICTION = 0.25;

function ownerOf(record: SymbolRecord): string {
  const dot = record.facts.path.lastIndexOf('.');
  return symbolId(record.package, `${record.module}#${record.facts.path.slice(0, dot)}`);
}

function referrers(snapshot: Snapshot): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const record of snapshot.symbols.values()) {
    for (const used of record.uses) {
      const list = map.get(used);
      if (list) list.push(record.id);
      else map.set(used, [record.id]);
    }
  }
  return map;
}

/** Direct members of each container: `A.b` under `A`, not `A.b.c`. */
function children(snapshot: Snapshot): Map<string, SymbolRecord[]> {
  const map = new Map<string, SymbolRecord[]>();
  for (const record of snapshot.symbols.values()) {
    const dot = record.facts.path.lastIndexOf('.');
    if (dot < 0) continue;
    const owner = symbolId(record.package, `${record.module}#${record.facts.path.slice(0, dot)}`);
    const list = map.get(owner);
    if (list) list.push(record);
    else map.set(owner, [record]);
  }
  return map;
}

/**
 * What dependents can reach: exposed symbols, their members, and the types their
 * declarations mention (an options interface a public function takes need not be exported
 * itself to have its keys renamed).
 */
export function apiSurface(snapshot: Snapshot): Set<string> {
  const api = new Set<string>();
  const queue: SymbolRecord[] = [];
  for (const record of snapshot.symbols.values()) {
    if (record.exposures.length > 0) {
      api.add(record.id);
      queue.push(record);
    }
  }
  const typeKinds = new Set(['interface', 'type', 'enum']);
  const byOwner = new Map<string, SymbolRecord[]>();
  for (const record of snapshot.symbols.values()) {
    const top = topLevelId(record);
    if (top === record.id) continue;
    const list = byOwner.get(top);
    if (list) list.push(record);
    else byOwner.set(top, [record]);
  }
  while (queue.length > 0) {
    const record = queue.pop() as SymbolRecord;
    const uses = [...record.uses, ...(byOwner.get(record.id) ?? []).flatMap((m) => m.uses)];
    for (const id of uses) {
      const used = snapshot.symbols.get(id);
      if (!used || api.has(id) || !typeKinds.has(used.facts.kind) || !isTopLevel(used)) continue;
      api.add(id);
      queue.push(used);
    }
  }
  return api;
}
