import type { GraphTables } from './graph-tables.js';

const MINIMIZE_SEARCH_LIMIT = 256;

/**
 * Dependencies and "known" context of the changes the repository holds, keyed by change row
 * id, read from SQLite per change on first use and cached: a search touches a few hundred
 * changes, and loading all of them would make every process pay for the whole history.
 * A dependency is always stored before its dependents, so row ids give a topological order:
 * `a` can depend on `b` (transitively) only if `id(a) > id(b)`. Searches use that to prune
 * everything older than their target.
 */
export class DependencyIndex {
  private readonly links = new Map<number, ChangeLinks>();

  constructor(private readonly tables: GraphTables) {}

  /** Records the links of a change just inserted (ids of its dependencies and known changes). */
  add(changeId: number, dependencies: number[], known: number[]): void {
    this.links.set(changeId, { dependencies: [...dependencies].sort((a, b) => a - b), known: new Set(known) });
  }

  /** Drops everything cached: after a rolled-back transaction. */
  reset(): void {
    this.links.clear();
  }

  /** Whether `a` knew `b` when it was recorded: `b` is `a`, or in `a`'s dependency closure. */
  knows(a: number, b: number): boolean {
    if (a === b || b === 0) return true;
    if (a < b) return false;
    const links = this.get(a);
    if (links.known.has(b) || links.dependencies.includes(b)) return true;
    return this.reachesStrictly([a], b, Number.POSITIVE_INFINITY);
  }

  /**
   * Drops every candidate implied by another one, keeping a minimal set (a transitive
   * reduction). Only a newer change can imply an older one, so candidates are checked newest
   * first against those kept so far. Each check explores at most MINIMIZE_SEARCH_LIMIT changes,
   * so recording costs the same after 100 or 100,000 changes; past the limit a candidate is
   * kept — never wrong (dependencies stay sufficient), at worst not minimal.
   */
  minimize(candidates: Iterable<number>): number[] {
    const sorted = [...new Set(candidates)].filter((id) => id !== 0).sort((a, b) => b - a);
    const kept: number[] = [];
    for (const candidate of sorted) {
      if (!this.reachesStrictly(kept, candidate, MINIMIZE_SEARCH_LIMIT)) kept.push(candidate);
    }
    return kept.sort((a, b) => a - b);
  }

  /**
   * Depth-first from the sources' dependencies, never below `target` (ids are topological),
   * oldest dependencies first: the target is old, and that is the way down to it.
   */
  private reachesStrictly(sources: number[], target: number, limit: number): boolean {
    const stack: number[] = [];
    const seen = new Set<number>();
    const pushDependencies = (node: number) => {
      const deps = this.get(node).dependencies;
      for (let i = deps.length - 1; i >= 0; i--) if ((deps[i] as number) >= target) stack.push(deps[i] as number);
    };
    for (const source of sources) pushDependencies(source);
    while (stack.length > 0) {
      const node = stack.pop() as number;
      if (node === target) return true;
      if (seen.has(node)) continue;
      if (seen.size >= limit) return false;
      seen.add(node);
      if (this.get(node).known.has(target)) return true;
      pushDependencies(node);
    }
    return false;
  }

  private get(changeId: number): ChangeLinks {
    let links = this.links.get(changeId);
    if (!links) {
      const stored = this.tables.links(changeId);
      links = { dependencies: stored.dependencies.sort((a, b) => a - b), known: new Set(stored.known) };
      this.links.set(changeId, links);
    }
    return links;
  }
}

interface ChangeLinks {
  dependencies: number[];
  known: Set<number>;
}
