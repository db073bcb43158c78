import type { ImportRename } from '../manifest/operations.js';
import { type Exposure, isTopLevel } from '../snapshot/model.js';
import { compareText } from '../snapshot/paths.js';
import type { DraftOperation, InferenceContext, SymbolMatch } from './context.js';

interface ImportMove {
  package: string;
  from: string;
  to: string;
  name: string;
  confidence: number;
}

/**
 * Rule `public-names`: what dependents write changes when a declaration's public names do —
 * renamed declarations, `export { New as Old }` dropped, a name moved to another entry
 * point (subpath export), an entry point renamed. Each matched public symbol's exposures in
 * `from` are looked up in `to`: a new name becomes an `imports` entry of the symbol's
 * rename (created if only the export changed), a new specifier a `rename.import`, and no
 * exposure at all an unresolved `unexported`. A name still exported but only as a
 * deprecated alias is renamed too: that is what the deprecation asks of dependents.
 */
export function inferPublicNames(ctx: InferenceContext): void {
  const moves: ImportMove[] = [];
  for (const match of ctx.matches.values()) {
    if (!isTopLevel(match.from) || match.from.exposures.length === 0) continue;
    const renames: ImportRename[] = [];
    for (const exposure of match.from.exposures) {
      const after = counterpart(exposure, match.to.exposures, match.to.facts.path);
      if (after === 'unchanged') continue;
      if (!after) {
        ctx.unresolved.push({
          kind: 'unexported',
          package: match.from.package,
          fq: match.from.fq,
          detail: `${exposure.specifier} no longer exports ${exposure.name}`,
          exposures: [`${exposure.specifier}:${exposure.name}`],
        });
        continue;
      }
      if (after.specifier !== exposure.specifier) {
        moves.push({
          package: match.from.package,
          from: exposure.specifier,
          to: after.specifier,
          name: exposure.name,
          confidence: match.confidence,
        });
      }
      if (after.name !== exposure.name)
        renames.push({ specifier: exposure.specifier, from: exposure.name, to: after.name });
    }
    if (renames.length > 0) attachImports(ctx, match, renames);
  }
  emitImportMoves(ctx, moves);
}

/** The exposure of `to` that replaces one of `from`: same place if possible, same name if possible. */
function counterpart(
  exposure: Exposure,
  after: readonly Exposure[],
  declaredName: string,
): Exposure | 'unchanged' | undefined {
  const same = after.find((e) => e.specifier === exposure.specifier && e.name === exposure.name);
  if (same && (!same.deprecated || exposure.deprecated)) return 'unchanged';
  const rank = (e: Exposure) =>
    (e.deprecated ? 4 : 0) +
    (e.specifier === exposure.specifier ? 0 : 2) +
    (e.name === declaredName || e.name === exposure.name ? 0 : 1);
  const best = [...after].sort(
    (x, y) => rank(x) - rank(y) || compareText(x.specifier + x.name, y.specifier + y.name),
  )[0];
  if (!best) return undefined;
  if (same && best.deprecated) return 'unchanged';
  return best;
}

function attachImports(ctx: InferenceContext, match: SymbolMatch, renames: ImportRename[]): void {
  const { from: a, to: b } = match;
  const existing = ctx.operations.find(
    (op) =>
      (op.kind === 'rename.symbol' || op.kind === 'rename.callable') &&
      op.package === a.package &&
      op.match.module === a.module &&
      op.match.from === a.facts.path,
  );
  renames.sort((x, y) => compareText(x.specifier, y.specifier) || compareText(x.from, y.from));
  if (existing) {
    existing.imports = renames;
    return;
  }
  const op: DraftOperation = {
    kind: a.facts.callable ? 'rename.callable' : 'rename.symbol',
    rule: 'public-names',
    package: a.package,
    match: { module: a.module, from: a.facts.path, to: b.facts.path, symbol_kind: a.facts.kind },
    imports: renames,
    evidence: { sig_from: a.facts.sigHash, sig_to: b.facts.sigHash, reason: 'export renamed' },
    confidence: match.confidence,
  };
  if (b.module !== a.module) op.match.to_module = b.module;
  ctx.operations.push(op);
}

/** Names moved between entry points, one `rename.import` per pair of specifiers. */
function emitImportMoves(ctx: InferenceContext, moves: ImportMove[]): void {
  const groups = new Map<string, ImportMove[]>();
  for (const move of moves) {
    const key = `${move.package}\0${move.from}\0${move.to}`;
    groups.set(key, [...(groups.get(key) ?? []), move]);
  }
  const remainingEntries = new Set(ctx.to.packages.flatMap((p) => p.entries.map((e) => e.specifier)));
  for (const group of groups.values()) {
    const first = group[0] as ImportMove;
    const names = [...new Set(group.map((m) => m.name))].sort(compareText);
    const whole = !remainingEntries.has(first.from) && !moves.some((m) => m.from === first.from && m.to !== first.to);
    ctx.operations.push({
      kind: 'rename.import',
      rule: 'module-move',
      package: first.package,
      match: { from: first.from, to: first.to, ...(whole ? {} : { names }) },
      evidence: { names_moved: names.length, entry_removed: !remainingEntries.has(first.from) },
      confidence: Math.min(...group.map((m) => m.confidence)),
    });
  }
}
