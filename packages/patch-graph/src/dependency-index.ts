import type { GraphTables } from './graph-tables.js';
import { NO_TAGS, type TagResolver } from './tag-resolver.js';

const MINIMIZE_SEARCH_LIMIT = 256;

/**
 * Dependencies and "known" context of the changes the repository holds, keyed by change row
 * id, read from SQLite per change on first use and cached: a search touches a few hundred
 * changes, and loading all of them would make every process pay for the whole history.
 * A dependency is always stored before its dependents, so row ids give a topological order:
 * `a` can depend on `b` (transitively) only if `id(a) > id(b)`. Searches use that to prune
 * everything older than their target.
 *
 * A dependency on a tag stands for every change of the tag: a change knows whatever its tags
 * cover (asked of the tag resolver), so conflict detection sees the same history whether a
 * change was recorded with the tag or with the changes it covers.
 */
export class DependencyIndex {
  private readonly links = new Map<number, ChangeLinks>();
  tags: TagResolver = NO_TAGS;

  constructor(private readonly tables: GraphTables) {}

  /** Records the links of a change just inserted (ids of its dependencies and known changes, its tags). */
  add(changeId: number, dependencies: number[], known: number[], tags: string[] = []): void {
    this.links.set(changeId, {
      dependencies: [...dependencies].sort((a, b) => a - b),
      known: new Set(known),
      tags,
    });
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
    if (links.known.has(b) || links.dependencies.includes(b) || this.tagsCover(links, b)) return true;
    return this.reachesStrictly([a], b, Number.POSITIVE_INFINITY);
  }

  /**
   * Whether `changeId` depends on the tag `tagHash`, directly or through its dependencies (at
   * most MINIMIZE_SEARCH_LIMIT changes explored: past that, "no", which keeps a redundant tag
   * dependency rather than dropping a needed one).
   */
  dependsOnTag(changeId: number, tagHash: string): boolean {
    const stack = [changeId];
    const seen = new Set<number>();
    while (stack.length > 0 && seen.size < MINIMIZE_SEARCH_LIMIT) {
      const node = stack.pop() as number;
      if (seen.has(node)) continue;
      seen.add(node);
      const links = this.get(node);
      if (links.tags.includes(tagHash)) return true;
      stack.push(...links.dependencies);
    }
    return false;
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
    for (const source of sources) {
      if (this.tagsCover(this.get(source), target)) return true;
      pushDependencies(source);
    }
    while (stack.length > 0) {
      const node = stack.pop() as number;
      if (node === target) return true;
      if (seen.has(node)) continue;
      if (seen.size >= limit) return false;
      seen.add(node);
      const links = this.get(node);
      if (links.known.has(target) || this.tagsCover(links, target)) return true;
      pushDependencies(node);
    }
    return false;
  }

  private tagsCover(links: ChangeLinks, changeId: number): boolean {
    if (links.tags.length === 0) return false;
    const hash = this.tables.hashOf(changeId);
    return links.tags.some((tag) => this.tags.covers(tag, hash));
  }

  private get(changeId: number): ChangeLinks {
    let links = this.links.get(changeId);
    if (!links) {
      const stored = this.tables.links(changeId);
      links = {
        dependencies: stored.dependencies.sort((a, b) => a - b),
        known: new Set(stored.known),
        tags: stored.tags,
      };
      this.links.set(changeId, links);
    }
    return links;
  }
}

interface ChangeLinks {
  dependencies: number[];
  known: Set<number>;
  /** Hashes of the tags it depends on. */
  tags: string[];
}
