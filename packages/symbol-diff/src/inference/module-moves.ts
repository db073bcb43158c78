import { posix } from 'node:path';
import { sketchSimilarity } from '../analysis/tokens.js';
import { moduleId, type SnapshotFile } from '../snapshot/model.js';
import type { PackageLayout } from '../snapshot/packages.js';
import { compareText, relativeTo } from '../snapshot/paths.js';
import type { InferenceContext } from './context.js';
import { round } from './similarity.js';

/** A moved file whose text changed must still be this similar (text and declared names together). */
const MOVE_THRESHOLD = 0.5;
/** …or, keeping its file name (the only file of that name to leave and to arrive), at least this. */
const SAME_NAME_FLOOR = 0.3;

/**
 * Rule `module-move`: a module of `from` missing from `to` whose content reappears at a new
 * path — byte for byte (confidence 1), or similar enough in text and declared names, as the
 * mutually best pair (files renamed with little textual similarity, which git's rename
 * detection misses below 50%, are still found through their names). Emits `move.file`.
 */
export function inferModuleMoves(ctx: InferenceContext): void {
  for (const pkg of ctx.from.packages) {
    const after = ctx.to.packages.find((p) => p.name === pkg.name);
    if (!after) continue;
    const filesFrom = linkedFiles(ctx.from.files, pkg.name);
    const filesTo = linkedFiles(ctx.to.files, pkg.name);
    const modulesTo = new Set(filesTo.map((f) => f.module));
    const modulesFrom = new Set(filesFrom.map((f) => f.module));
    const removed = filesFrom.filter((f) => !modulesTo.has(f.module));
    const added = filesTo.filter((f) => !modulesFrom.has(f.module));
    if (removed.length === 0 || added.length === 0) continue;
    const emit = (a: SnapshotFile, b: SnapshotFile, confidence: number, evidence: Record<string, number | string>) =>
      emitMove(ctx, pkg, after, a, b, confidence, evidence);

    const unpairedTo = new Set(added);
    const unpairedFrom: SnapshotFile[] = [];
    for (const a of removed) {
      const twins = added.filter((b) => unpairedTo.has(b) && b.sha256 === a.sha256);
      const b = twins.sort((x, y) => pathAffinity(a, y) - pathAffinity(a, x) || compareText(x.path, y.path))[0];
      if (b) {
        unpairedTo.delete(b);
        emit(a, b, 1, { content: 'identical' });
      } else unpairedFrom.push(a);
    }

    // A file name that leaves one place and appears in one other is itself evidence of a move.
    const unique = (files: Iterable<SnapshotFile>) => {
      const counts = new Map<string, number>();
      for (const f of files) counts.set(posix.basename(f.path), (counts.get(posix.basename(f.path)) ?? 0) + 1);
      return counts;
    };
    const namesFrom = unique(unpairedFrom);
    const namesTo = unique(unpairedTo);
    const pairs: Array<{ a: SnapshotFile; b: SnapshotFile; score: number; text: number; names: number }> = [];
    for (const a of unpairedFrom) {
      const namesA = declaredNames(a);
      for (const b of unpairedTo) {
        const text = sketchSimilarity(a.facts.sketch, b.facts.sketch);
        // Containment, not overlap: a moved file often gains declarations, it keeps the old ones.
        const names = namesA.size === 0 ? text : containment(namesA, declaredNames(b));
        const base = posix.basename(a.path);
        const sameName = base === posix.basename(b.path) && namesFrom.get(base) === 1 && namesTo.get(base) === 1;
        const content = 0.5 * text + 0.5 * names;
        const score = sameName && content >= SAME_NAME_FLOOR ? 0.6 + 0.4 * content : content;
        if (score >= MOVE_THRESHOLD) pairs.push({ a, b, score, text, names });
      }
    }
    pairs.sort((x, y) => y.score - x.score || compareText(x.a.path, y.a.path) || compareText(x.b.path, y.b.path));
    const taken = new Set<SnapshotFile>();
    for (const pair of pairs) {
      if (taken.has(pair.a) || taken.has(pair.b)) continue;
      taken.add(pair.a);
      taken.add(pair.b);
      emit(pair.a, pair.b, round(pair.score), {
        content: 'similar',
        text_similarity: round(pair.text),
        name_overlap: round(pair.names),
      });
    }
  }
}

/**
 * The same rule, from the symbols' side, after symbol matching: a removed module most of
 * whose declarations were matched (renamed or not) into one new module moved there, however
 * much its text changed; and a move found by text is as certain as its declarations say.
 */
export function inferModuleMovesBySymbols(ctx: InferenceContext): void {
  for (const pkg of ctx.from.packages) {
    const after = ctx.to.packages.find((p) => p.name === pkg.name);
    if (!after) continue;
    const modulesTo = new Set(linkedFiles(ctx.to.files, pkg.name).map((f) => f.module));
    const modulesFrom = new Set(linkedFiles(ctx.from.files, pkg.name).map((f) => f.module));
    const targets = new Set(ctx.moduleMoves.values());
    for (const a of linkedFiles(ctx.from.files, pkg.name)) {
      if (modulesTo.has(a.module)) continue;
      // A module is what it offers: its public declarations decide where it went, when it has any.
      const all = a.facts.symbols.filter((s) => !s.path.includes('.'));
      const offered = all.filter((s) => ctx.api.has(`${pkg.name} ${a.module}#${s.path}`));
      const declared = offered.length > 0 ? offered : all;
      const followed = new Map<string, number[]>();
      for (const symbol of declared) {
        const match = ctx.matches.get(`${pkg.name} ${a.module}#${symbol.path}`);
        if (!match) continue;
        followed.set(match.to.module, [...(followed.get(match.to.module) ?? []), match.confidence]);
      }
      const moved = ctx.moduleMoves.get(moduleId(pkg.name, a.module));
      if (moved) {
        // A move found by text: its declarations, followed, may vouch for it more strongly.
        const kept = followed.get(moved.slice(pkg.name.length + 1)) ?? [];
        const op = ctx.operations.find(
          (o) => o.kind === 'move.file' && o.package === pkg.name && o.match.module_from === a.module,
        );
        if (op && kept.length > 0) {
          const vouched = round((kept.length / declared.length) * (kept.reduce((sum, c) => sum + c, 0) / kept.length));
          if (vouched > op.confidence) {
            op.confidence = vouched;
            op.evidence.declarations_followed = kept.length;
            op.evidence.declarations = declared.length;
          }
        }
        continue;
      }
      const best = [...followed.entries()].sort((x, y) => y[1].length - x[1].length || compareText(x[0], y[0]))[0];
      if (!best || modulesFrom.has(best[0]) || targets.has(moduleId(pkg.name, best[0]))) continue;
      const share = best[1].length / declared.length;
      if (share < 0.5) continue;
      const b = linkedFiles(ctx.to.files, pkg.name).find((f) => f.module === best[0]) as SnapshotFile;
      const mean = best[1].reduce((sum, c) => sum + c, 0) / best[1].length;
      targets.add(moduleId(pkg.name, b.module));
      emitMove(ctx, pkg, after, a, b, round(share * mean), {
        content: 'declarations followed',
        declarations_followed: best[1].length,
        declarations: declared.length,
      });
    }
  }
}

function emitMove(
  ctx: InferenceContext,
  pkg: PackageLayout,
  after: PackageLayout,
  a: SnapshotFile,
  b: SnapshotFile,
  confidence: number,
  evidence: Record<string, number | string>,
): void {
  ctx.moduleMoves.set(moduleId(pkg.name, a.module), moduleId(pkg.name, b.module));
  ctx.operations.push({
    kind: 'move.file',
    rule: 'module-move',
    package: pkg.name,
    match: {
      from: relativeTo(pkg.dir, a.path) as string,
      to: relativeTo(after.dir, b.path) as string,
      module_from: a.module,
      module_to: b.module,
    },
    evidence: { sha256_from: a.sha256, sha256_to: b.sha256, ...evidence },
    confidence,
  });
}

function containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  let inside = 0;
  for (const name of part) if (whole.has(name)) inside++;
  return inside / part.size;
}

function linkedFiles(files: readonly SnapshotFile[], pkg: string): SnapshotFile[] {
  return files.filter((f) => f.linked && f.package === pkg);
}

const namesCache = new WeakMap<SnapshotFile, Set<string>>();

function declaredNames(file: SnapshotFile): Set<string> {
  let names = namesCache.get(file);
  if (!names) {
    names = new Set(file.facts.symbols.filter((s) => s.path !== 'default').map((s) => s.path));
    namesCache.set(file, names);
  }
  return names;
}

/** Shared trailing path segments: among identical copies, the one that kept its name wins. */
function pathAffinity(a: SnapshotFile, b: SnapshotFile): number {
  const left = a.path.split('/').reverse();
  const right = b.path.split('/').reverse();
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared++;
  return shared;
}
