import type { DependencyRef } from './change.js';
import type { DependencyIndex } from './dependency-index.js';
import type { GraphTables } from './graph-tables.js';
import type { Consolidation } from './tag-resolver.js';

/**
 * A recorded change's minimal dependencies (change row ids) with those the consolidating tag
 * covers replaced by the tag (seed 000: "change 26 → [tag v1.0]"). Dependencies on changes the
 * tag does not cover stay; the tag itself is left out when one of them already depends on it.
 * The replaced changes are returned so the change still lists them as known context.
 */
export function consolidateDependencies(
  dependencyIds: readonly number[],
  consolidation: Consolidation | undefined,
  tables: GraphTables,
  index: DependencyIndex,
): { dependencies: DependencyRef[]; replaced: number[] } {
  const asChanges = (ids: readonly number[]): DependencyRef[] =>
    ids.map((id) => ({ type: 'change', hash: tables.hashOf(id) }));
  if (!consolidation) return { dependencies: asChanges(dependencyIds), replaced: [] };
  const { tag, name, always } = consolidation;
  const replaced = dependencyIds.filter((id) => index.tags.covers(tag, tables.hashOf(id)));
  if (replaced.length === 0 && !always) return { dependencies: asChanges(dependencyIds), replaced };
  const remaining = dependencyIds.filter((id) => !replaced.includes(id));
  const implied = remaining.some((id) => index.dependsOnTag(id, tag));
  const tagDependency: DependencyRef =
    name === undefined ? { type: 'tag', hash: tag } : { type: 'tag', hash: tag, name };
  return { dependencies: [...(implied ? [] : [tagDependency]), ...asChanges(remaining)], replaced };
}
