import type { GraphTables } from './graph-tables.js';

const MINIMIZE_SEARCH_LIMIT = 256;

/**
 * Dependencies and "known" context of every change the repository holds, in memory, keyed by
 * change row id. A dependency is always stored before its dependents, so row ids give a
 * topological order: `a` can depend on `b` (transitively) only if `id(a) > id(b)`. Searches
 * use that to prune everything older than their target.
 */
export class DependencyIndex {
  private loaded = false;
  private readonly dependencies = new Map<number, number[]>();
  private readonly known = new Map<number, Set<number>>();

  constructor(private readonly tables: GraphTables) {}

  /** Records the links of a change just inserted (ids of its dependencies and known changes). */
  add(changeId: number, dependencies: number[], known: number[]): void {
    if (!this.loaded) return;
    this.dependencies.set(
      changeId,
      [...dependencies].sort((a, b) => a - b),
    );
    this.known.set(changeId, new Set(known));
  }

  /** Drops everything cached: after a rolled-back transaction. */
  reset(): void {
    this.loaded = false;
    this.dependencies.clear();
    this.known.clear();
  }

  dependenciesOf(changeId: number): readonly number[] {
    this.load();
    return this.dependencies.get(changeId) ?? [];
  }

  /** Whether `a` knew `b` when it was recorded: `b` is `a`, or in `a`'s dependency closure. */
  knows(a: number, b: number): boolean {
    if (a === b || b === 0) return true;
    if (a < b) return false;
    this.load();
    if (this.known.get(a)?.has(b) || this.dependencies.get(a)?.includes(b)) return true;
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
    this.load();
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
      const deps = this.dependencies.get(node) ?? [];
      for (let i = deps.length - 1; i >= 0; i--) if ((deps[i] as number) >= target) stack.push(deps[i] as number);
    };
    for (const source of sources) pushDependencies(source);
    while (stack.length > 0) {
      const node = stack.pop() as number;
      if (node === target) return true;
      if (seen.has(node)) continue;
      if (seen.size >= limit) return false;
      seen.add(node);
      if (this.known.get(node)?.has(target)) return true;
      pushDependencies(node);
    }
    return false;
  }

  private load(): void {
    if (this.loaded) return;
    const rows = this.tables.db
      .prepare(
        `SELECT l.change_id AS changeId, l.kind, c.id AS targetId FROM change_links l
         JOIN changes c ON c.hash = l.target_hash`,
      )
      .raw()
      .all() as Array<[number, string, number]>;
    for (const [changeId, kind, targetId] of rows) {
      if (kind === 'dependency') {
        const list = this.dependencies.get(changeId) ?? [];
        list.push(targetId);
        this.dependencies.set(changeId, list);
      } else {
        const set = this.known.get(changeId) ?? new Set<number>();
        set.add(targetId);
        this.known.set(changeId, set);
      }
    }
    for (const list of this.dependencies.values()) list.sort((a, b) => a - b);
    this.loaded = true;
  }
}
