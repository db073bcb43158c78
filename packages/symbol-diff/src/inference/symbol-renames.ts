import { namesInDeprecation } from '../analysis/jsdoc.js';
import type { OperationKind, UnresolvedChange } from '../manifest/operations.js';
import { isTopLevel, type Snapshot, type SymbolRecord, topLevelId } from '../snapshot/model.js';
import { compareText } from '../snapshot/paths.js';
import { compatibleKinds, type InferenceContext, type MatchReason, type SymbolMatch } from './context.js';
import { astSimilarity, round, type Scores } from './similarity.js';

/** A rename candidate must score at least this much to be considered at all. */
const CANDIDATE_THRESHOLD = 0.5;
/** A best candidate closer than this to the runner-up is ambiguous. */
const AMBIGUITY_MARGIN = 0.1;
/** A same-named pair this dissimilar may be a name reused with a new meaning. */
const REUSE_DISSIMILARITY = 0.4;
/** …and it is, when the old symbol matches a new one this well. */
const REUSE_CANDIDATE = 0.8;
/** Reused names cap confidence: dependents still compile against the wrong meaning. */
const REUSE_CAP = 0.85;
/** A symbol that moved to another module and was renamed is less certain than a rename in place. */
const CROSS_MODULE_FACTOR = 0.9;

const OPTION_TYPE_NAME = /(?:Options|Option|Opts|Config|Configuration|Settings|Props|Params|Parameters|Init|Args)$/;

interface Level {
  from: SymbolRecord[];
  to: SymbolRecord[];
  members: boolean;
  /** Members are no more certain than the pairing of their containers. */
  cap: number;
}

/**
 * Rules `symbol-rename` and `callable-rename` (and `config-key-rename` for the keys of
 * option types): pairs the symbols of `from` with those of `to`, level by level — the
 * top-level declarations of each package, then the members of each pair of matched
 * containers. In order: same name; aliases (the old name kept as a deprecated alias of a
 * new one, or an alias of `from` whose target survives); names reused with a new meaning;
 * deprecation notices that name the replacement; then renames scored by AST, doc and graph
 * similarity, assigned greedily from the best, with ambiguous ones demoted to review.
 */
export function inferSymbolRenames(ctx: InferenceContext): void {
  const api = ctx.api;
  const optionTypes = findOptionTypes(ctx.from);
  const queue: SymbolMatch[] = [];
  for (const pkg of ctx.from.packages) {
    if (!ctx.to.packages.some((p) => p.name === pkg.name)) continue;
    const level = {
      from: [...ctx.from.symbols.values()].filter((r) => r.package === pkg.name && isTopLevel(r)),
      to: [...ctx.to.symbols.values()].filter((r) => r.package === pkg.name && isTopLevel(r)),
      members: false,
      cap: 1,
    };
    queue.push(...matchLevel(ctx, level, api, optionTypes));
  }
  for (let next = 0; next < queue.length; next++) {
    const container = queue[next] as SymbolMatch;
    const level = {
      from: ctx.childrenFrom(container.from),
      to: ctx.childrenTo(container.to),
      members: true,
      cap: container.confidence,
    };
    if (level.from.length > 0) queue.push(...matchLevel(ctx, level, api, optionTypes));
  }
  propagateConsistentRenames(ctx, optionTypes);
  propagateWordSubstitutions(ctx, optionTypes);
}

/**
 * A library renames systematically: `rest` → `http`, `RESTMethods` → `HttpMethods`,
 * `RestHandler` → `HttpHandler`. A weak top-level rename that makes the same one-word
 * substitution as two confident others is raised to 0.9; a removal whose best candidate
 * makes it becomes a rename at 0.8 — applied with a warning, for the shapes did not agree.
 */
function propagateWordSubstitutions(ctx: InferenceContext, optionTypes: Set<string>): void {
  const substitutions = new Map<string, string[]>();
  const weak: Array<{ match: SymbolMatch; key: string }> = [];
  for (const match of ctx.matches.values()) {
    if (!isTopLevel(match.from) || match.reason === 'same-name') continue;
    const key = wordSubstitution(match.from.facts.path, match.to.facts.path);
    if (!key) continue;
    if (match.confidence >= ctx.threshold) substitutions.set(key, [...(substitutions.get(key) ?? []), match.from.fq]);
    if (match.confidence < CONSISTENT) weak.push({ match, key });
  }
  for (const { match, key } of weak) {
    const others = (substitutions.get(key) ?? []).filter((fq) => fq !== match.from.fq);
    if (others.length < 2) continue;
    match.confidence = CONSISTENT;
    const op = ctx.operations.find(
      (o) =>
        o.package === match.from.package &&
        o.match.module === match.from.module &&
        o.match.from === match.from.facts.path,
    );
    if (op && op.confidence < CONSISTENT) {
      op.confidence = CONSISTENT;
      op.evidence.same_substitution_as = others.sort();
    }
  }
  for (const removal of [...ctx.unresolved]) {
    const best = removal.kind === 'removed' && !removal.fq.includes('.') ? removal.candidates?.[0] : undefined;
    const a = best && ctx.from.symbols.get(`${removal.package} ${removal.fq}`);
    const b = best && ctx.to.symbols.get(`${removal.package} ${best.fq}`);
    if (!a || !b || ctx.matchedTo.has(b.id)) continue;
    const key = wordSubstitution(a.facts.path, b.facts.path);
    const others = key ? (substitutions.get(key) ?? []) : [];
    if (others.length < 2) continue;
    const match = matchOf(ctx, a, b, 'renamed', SUBSTITUTION_ONLY, { same_substitution_as: [...others].sort() });
    ctx.record(match);
    emitRename(ctx, match, false, optionTypes);
    ctx.unresolved.splice(ctx.unresolved.indexOf(removal), 1);
  }
}

/** A rename the naming pattern alone vouches for. */
const SUBSTITUTION_ONLY = 0.8;

/** The one word two names differ by (`rest→http` for RestHandler and HttpHandler), if that is all. */
function wordSubstitution(before: string, after: string): string | undefined {
  const words = (name: string) =>
    name.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_$]+/).map((w) => w.toLowerCase());
  const a = words(before);
  const b = words(after);
  if (a.length !== b.length) return undefined;
  const differing = a.map((word, i) => [word, b[i] as string] as const).filter(([x, y]) => x !== y);
  return differing.length === 1 ? `${differing[0]?.[0]}→${differing[0]?.[1]}` : undefined;
}

/** A member rename this confident vouches for the same rename in other containers. */
const CONSISTENT = 0.9;

/**
 * Libraries rename a member everywhere at once (`cacheTime` → `gcTime` in every options
 * type, `isLoading` → `isPending` in every result type). The same rename in several
 * containers — matched, or left as a removal whose best candidate carries the new name —
 * vouches for each of them, at 0.9: alone, a small member's shape says too little.
 */
function propagateConsistentRenames(ctx: InferenceContext, optionTypes: Set<string>): void {
  type Sighting = { a: SymbolRecord; b: SymbolRecord; removal?: UnresolvedChange };
  const groups = new Map<string, Sighting[]>();
  const sight = (sighting: Sighting) => {
    const before = lastSegment(sighting.a.facts.path);
    const after = lastSegment(sighting.b.facts.path);
    if (isTopLevel(sighting.a) || before === after) return;
    const key = `${sighting.a.package}\0${before}\0${after}`;
    groups.set(key, [...(groups.get(key) ?? []), sighting]);
  };
  for (const match of ctx.matches.values()) if (match.reason !== 'same-name') sight({ a: match.from, b: match.to });
  for (const removal of ctx.unresolved) {
    const best = removal.kind === 'removed' ? removal.candidates?.[0] : undefined;
    const a = best && ctx.from.symbols.get(`${removal.package} ${removal.fq}`);
    const b = best && ctx.to.symbols.get(`${removal.package} ${best.fq}`);
    if (a && b && !ctx.matchedTo.has(b.id)) sight({ a, b, removal });
  }
  for (const sightings of groups.values()) {
    if (sightings.length < 2) continue;
    for (const { a, b, removal } of sightings) {
      const others = sightings
        .filter((s) => s.a !== a)
        .map((s) => s.a.fq)
        .sort();
      if (removal) {
        const match = matchOf(ctx, a, b, 'renamed', CONSISTENT, { consistent_with: others });
        ctx.record(match);
        emitRename(ctx, match, true, optionTypes);
        ctx.unresolved.splice(ctx.unresolved.indexOf(removal), 1);
        continue;
      }
      const op = ctx.operations.find(
        (o) =>
          o.package === a.package &&
          `${o.match.module}#${o.match.type ? `${o.match.type}.${o.match.from}` : o.match.from}` === a.fq &&
          ['rename.symbol', 'rename.callable', 'config.key_rename'].includes(o.kind),
      );
      if (op && op.confidence < CONSISTENT) {
        op.confidence = CONSISTENT;
        op.evidence.consistent_with = others;
      }
    }
  }
}

function matchLevel(ctx: InferenceContext, level: Level, api: Set<string>, optionTypes: Set<string>): SymbolMatch[] {
  const isApi = (record: SymbolRecord) => api.has(record.id) || (level.members && api.has(topLevelId(record)));
  const byId = new Map(level.to.map((r) => [r.id, r]));
  const matched = new Map<SymbolRecord, SymbolMatch>();
  const taken = new Set<SymbolRecord>();
  const take = (match: SymbolMatch) => {
    match.confidence = Math.min(match.confidence, level.cap);
    matched.set(match.from, match);
    taken.add(match.to);
  };

  const sameName = new Map<SymbolRecord, SymbolRecord>();
  for (const a of level.from) {
    const b = byId.get(ctx.translate(a));
    if (!b) continue;
    if (compatibleKinds(a, b)) sameName.set(a, b);
    else if (isApi(a)) {
      ctx.unresolved.push({
        kind: 'kind.changed',
        package: a.package,
        fq: a.fq,
        detail: `${a.facts.kind} became ${b.facts.kind}`,
        exposures: ctx.exposureNames(a),
      });
    }
  }
  const keptNames = new Set(sameName.values());
  const isNew = (b: SymbolRecord) => !taken.has(b) && !keptNames.has(b);

  // The old name kept in `to` as an alias of another symbol: the alias's target replaces it.
  for (const [a, b] of sameName) {
    const target = b.aliasOf ? ctx.to.symbols.get(b.aliasOf) : undefined;
    if (!target || target === b || !isApi(a)) continue;
    const deprecated = b.facts.doc?.deprecated !== undefined || b.exposures.some((e) => e.deprecated);
    if (!deprecated && !isNew(target)) continue;
    sameName.delete(a);
    taken.add(b);
    take(matchOf(ctx, a, target, 'alias-in-to', deprecated ? 1 : 0.9, { deprecated_alias_kept: b.fq }));
  }
  // The old name kept in `to` but deprecated in favour of another: that one replaces it. If
  // the other already carried a name of `from`, that name was reused and its users must move.
  const displaced = new Map<SymbolRecord, SymbolRecord>();
  for (const [a, b] of [...sameName]) {
    const notice = b.facts.doc?.deprecated;
    if (!isApi(a) || notice === undefined) continue;
    const hints = namesInDeprecation(notice).map(lastSegment);
    const target = level.to.find((c) => c !== b && hints.includes(lastSegment(c.facts.path)) && compatibleKinds(a, c));
    if (!target) continue;
    sameName.delete(a);
    taken.add(b);
    for (const [other, kept] of [...sameName]) {
      if (kept !== target) continue;
      sameName.delete(other);
      keptNames.delete(target);
      displaced.set(other, target);
    }
    take(matchOf(ctx, a, target, 'deprecation-hint', 0.9, { deprecated_kept: b.fq }));
  }
  for (const [a, b] of sameName) take({ from: a, to: b, reason: 'same-name', confidence: 1, evidence: {} });

  const unmatched = level.from.filter((a) => !matched.has(a) && isApi(a));
  // An alias in `from` whose target survives: its users move to the target.
  for (const a of unmatched) {
    const target = a.aliasOf ? ctx.from.symbols.get(a.aliasOf) : undefined;
    const targetTo = target && ctx.to.symbols.get(ctx.translate(target));
    // The library declared the alias: a constant may stand for a function or a class.
    if (!targetTo) continue;
    const deprecated = a.facts.doc?.deprecated !== undefined;
    take(matchOf(ctx, a, targetTo, 'alias-in-from', deprecated ? 1 : 0.95, { alias_of: target.fq }));
  }

  // The old public name kept as an export of the renamed declaration (`export { New as Old }`).
  if (!level.members) {
    for (const a of level.from) {
      if (matched.has(a) || !isApi(a)) continue;
      for (const exposure of a.exposures) {
        const b = ctx.exposedTo(exposure.specifier, exposure.name);
        if (!b || b.package !== a.package || !isNew(b) || !compatibleKinds(a, b)) continue;
        const deprecated = b.exposures.some(
          (e) => e.specifier === exposure.specifier && e.name === exposure.name && e.deprecated,
        );
        take(
          matchOf(ctx, a, b, 'alias-in-to', deprecated ? 1 : 0.95, {
            export_alias_kept: `${exposure.specifier}:${exposure.name}`,
          }),
        );
        break;
      }
    }
  }

  // A name reused with a new meaning: the old meaning lives on under a new name.
  let fresh: SymbolRecord[] | undefined;
  for (const a of level.from) {
    const b = matched.get(a)?.reason === 'same-name' ? matched.get(a)?.to : undefined;
    if (!b || !isApi(a) || a.facts.shapeHash === b.facts.shapeHash) continue;
    if (astSimilarity(a, b) >= REUSE_DISSIMILARITY) continue;
    fresh ??= level.to.filter(isNew);
    const best = bestCandidate(
      ctx,
      a,
      fresh.filter((c) => isNew(c) && c !== b && eligible(a, c)),
    );
    if (!best || best.combined < REUSE_CANDIDATE) continue;
    matched.delete(a);
    taken.delete(b);
    keptNames.delete(b);
    const confidence = Math.min(best.combined, REUSE_CAP);
    take(matchOf(ctx, a, best.record, 'name-reused', confidence, { name_reused_by: b.fq }, best.scores));
  }

  // A deprecation notice naming the replacement ("use `check` instead").
  for (const a of level.from) {
    if (matched.has(a) || !isApi(a)) continue;
    for (const name of namesInDeprecation(a.facts.doc?.deprecated)) {
      const target = level.to.find((b) => lastSegment(b.facts.path) === lastSegment(name) && compatibleKinds(a, b));
      if (!target) continue;
      // The library says what replaces it: at least a warning when the shapes or the docs agree
      // with it, for review when neither does (a replacement that works differently).
      const { scores, combined } = ctx.score(a, target);
      const agreed = scores.ast >= 0.5 || (scores.doc ?? 0) >= 0.5;
      const confidence = agreed ? 0.75 + 0.25 * combined : 0.5 + 0.5 * combined;
      take(matchOf(ctx, a, target, 'deprecation-hint', Math.min(0.97, confidence), { hint: name }, scores));
      break;
    }
  }

  scoredRenames(
    ctx,
    level.from.filter((a) => !matched.has(a) && isApi(a)),
    level.to.filter(isNew),
    take,
  );

  for (const [a, reusedBy] of displaced) {
    const match = matched.get(a);
    if (!match) continue;
    match.confidence = Math.min(match.confidence, REUSE_CAP);
    match.evidence.name_reused_by = reusedBy.fq;
  }

  const result: SymbolMatch[] = [];
  for (const a of level.from) {
    const match = matched.get(a);
    if (match) {
      ctx.record(match);
      result.push(match);
      // A top-level declaration nobody can import needs no rename op (its members still get theirs).
      const nameable = level.members || a.exposures.length > 0;
      if (match.reason !== 'same-name' && isApi(a) && nameable) emitRename(ctx, match, level.members, optionTypes);
    } else if (isApi(a) && (a.exposures.length > 0 || level.members)) {
      // Removed declarations dependents could name: exposed ones, and members.
      const candidates = level.to
        .filter((b) => isNew(b) && eligible(a, b))
        .map((b) => ({ fq: b.fq, score: round(ctx.score(a, b).combined) }))
        .filter((c) => c.score >= 0.3)
        .sort((x, y) => y.score - x.score || compareText(x.fq, y.fq))
        .slice(0, 3);
      ctx.unresolved.push({
        kind: 'removed',
        package: a.package,
        fq: a.fq,
        detail: `${a.facts.kind} ${a.facts.path} has no counterpart in ${ctx.to.ref}`,
        exposures: ctx.exposureNames(a),
        ...(candidates.length > 0 ? { candidates } : {}),
      });
    }
  }
  return result;
}

function scoredRenames(
  ctx: InferenceContext,
  from: SymbolRecord[],
  to: SymbolRecord[],
  take: (match: SymbolMatch) => void,
): void {
  // Two rounds: symbols renamed together use each other, and their graph similarity only
  // shows once the first round has paired them.
  let pairs = candidatePairs(ctx, from, to);
  for (const pair of assign(pairs)) ctx.tentative.set(pair.a.id, pair.b.id);
  pairs = candidatePairs(ctx, from, to);
  ctx.tentative.clear();
  const pairsOf = new Map<SymbolRecord, typeof pairs>();
  for (const pair of pairs) {
    for (const side of [pair.a, pair.b]) pairsOf.set(side, [...(pairsOf.get(side) ?? []), pair]);
  }
  for (const pair of assign(pairs)) {
    const rivals = [...(pairsOf.get(pair.a) ?? []), ...(pairsOf.get(pair.b) ?? [])].filter((p) => p !== pair);
    const runnerUp = Math.max(0, ...rivals.map((p) => p.combined));
    const margin = pair.combined - runnerUp;
    const ambiguous = rivals.length > 0 && margin < AMBIGUITY_MARGIN;
    const evidence = {
      margin: round(margin),
      ...(ambiguous ? { ambiguous_with: rivals.map((p) => (p.a === pair.a ? p.b.fq : p.a.fq)).sort() } : {}),
    };
    const confidence = ambiguous ? pair.combined * 0.6 : pair.combined;
    take(matchOf(ctx, pair.a, pair.b, 'renamed', confidence, evidence, pair.scores));
  }
}

interface CandidatePair {
  a: SymbolRecord;
  b: SymbolRecord;
  scores: Scores;
  combined: number;
}

function candidatePairs(ctx: InferenceContext, from: SymbolRecord[], to: SymbolRecord[]): CandidatePair[] {
  const pairs: CandidatePair[] = [];
  for (const a of from) {
    for (const b of to) {
      if (!eligible(a, b)) continue;
      const { scores, combined } = ctx.score(a, b);
      // Moving between two modules that both live on is less certain than following a moved file.
      const moved = isTopLevel(a) && ctx.movedModule(a.package, a.module) !== b.module && ctx.moduleSurvives(a);
      const adjusted = moved ? combined * CROSS_MODULE_FACTOR : combined;
      if (adjusted >= CANDIDATE_THRESHOLD) pairs.push({ a, b, scores, combined: adjusted });
    }
  }
  return pairs.sort((x, y) => y.combined - x.combined || compareText(x.a.id, y.a.id) || compareText(x.b.id, y.b.id));
}

/** Greedy one-to-one assignment, best pairs first. */
function assign(pairs: readonly CandidatePair[]): CandidatePair[] {
  const used = new Set<SymbolRecord>();
  const chosen: CandidatePair[] = [];
  for (const pair of pairs) {
    if (used.has(pair.a) || used.has(pair.b)) continue;
    used.add(pair.a);
    used.add(pair.b);
    chosen.push(pair);
  }
  return chosen;
}

function bestCandidate(ctx: InferenceContext, a: SymbolRecord, candidates: SymbolRecord[]) {
  let best: { record: SymbolRecord; scores: Scores; combined: number } | undefined;
  for (const record of candidates) {
    const { scores, combined } = ctx.score(a, record);
    if (!best || combined > best.combined) best = { record, scores, combined };
  }
  return best;
}

/** A `to` symbol can replace a `from` one: same kind family; exposed if the old one was. */
function eligible(a: SymbolRecord, b: SymbolRecord): boolean {
  if (!compatibleKinds(a, b)) return false;
  if (a.facts.kind === 'constructor') return false;
  if (!!a.facts.static !== !!b.facts.static) return false;
  return a.exposures.length === 0 || b.exposures.length > 0;
}

function matchOf(
  ctx: InferenceContext,
  from: SymbolRecord,
  to: SymbolRecord,
  reason: MatchReason,
  confidence: number,
  evidence: SymbolMatch['evidence'],
  scores?: Scores,
): SymbolMatch {
  const computed = scores ?? ctx.score(from, to).scores;
  return { from, to, reason, scores: computed, confidence: round(confidence), evidence };
}

function emitRename(ctx: InferenceContext, match: SymbolMatch, member: boolean, optionTypes: Set<string>): void {
  const { from: a, to: b } = match;
  // A declaration that only changed module is a file move (move.file), or a change of entry
  // point (rename.import, from its public names): not a rename.
  if (a.facts.path === b.facts.path) return;
  let kind: OperationKind = a.facts.callable ? 'rename.callable' : 'rename.symbol';
  const owner = member ? ownerId(a) : undefined;
  if (member && a.facts.kind === 'property' && !a.facts.callable && owner && optionTypes.has(owner)) {
    kind = 'config.key_rename';
  }
  const evidence = {
    sig_from: a.facts.sigHash,
    sig_to: b.facts.sigHash,
    shape_from: a.facts.shapeHash,
    shape_to: b.facts.shapeHash,
    reason: match.reason,
    ...(match.scores ? { scores: { ...match.scores } as Record<string, number> } : {}),
    ...match.evidence,
  };
  const matchFields: Record<string, string> =
    kind === 'config.key_rename'
      ? {
          module: a.module,
          type: a.facts.path.slice(0, a.facts.path.lastIndexOf('.')),
          from: lastSegment(a.facts.path),
          to: lastSegment(b.facts.path),
          value_type: a.facts.type ?? 'unknown',
        }
      : { module: a.module, from: a.facts.path, to: b.facts.path, symbol_kind: a.facts.kind };
  if (kind !== 'config.key_rename' && b.module !== a.module) matchFields.to_module = b.module;
  ctx.operations.push({
    kind,
    rule:
      kind === 'config.key_rename'
        ? 'config-key-rename'
        : kind === 'rename.callable'
          ? 'callable-rename'
          : 'symbol-rename',
    package: a.package,
    match: matchFields,
    evidence,
    confidence: match.confidence,
  });
}

/** Interfaces and type aliases that callables take as parameters, or named like option bags. */
function findOptionTypes(snapshot: Snapshot): Set<string> {
  const options = new Set<string>();
  for (const record of snapshot.symbols.values()) {
    if (
      (record.facts.kind === 'interface' || record.facts.kind === 'type') &&
      OPTION_TYPE_NAME.test(record.facts.path)
    ) {
      options.add(record.id);
    }
    if (!record.facts.params) continue;
    for (const used of record.uses) {
      const target = snapshot.symbols.get(used);
      if (!target || (target.facts.kind !== 'interface' && target.facts.kind !== 'type')) continue;
      const name = lastSegment(target.facts.path);
      const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
      if (record.facts.params.some((p) => p.type !== undefined && word.test(p.type))) options.add(target.id);
    }
  }
  return options;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function ownerId(record: SymbolRecord): string {
  const dot = record.facts.path.lastIndexOf('.');
  return `${record.package} ${record.module}#${record.facts.path.slice(0, dot)}`;
}
