import { NotFoundError } from '@lineage/errors';
import type { ChangeStore } from './change-store.js';
import { NO_TAGS, type TagResolver } from './tag-resolver.js';

export interface ClosureTags {
  tags: TagResolver;
  /** Whether the target already holds every change of a tag (default: each change `isApplied`). */
  holdsTag?: (tagHash: string) => boolean;
}

/**
 * The changes to apply so that `hashes` apply: the given ones and their dependencies,
 * transitively, minus those `isApplied` already — in an order where every change comes after
 * its dependencies. A tag dependency stands for the tag's changes (in the tag's order, which
 * applies), unless the target holds the tag already.
 */
export function dependencyClosure(
  store: ChangeStore,
  hashes: readonly string[],
  isApplied: (hash: string) => boolean,
  { tags, holdsTag }: ClosureTags = { tags: NO_TAGS },
): string[] {
  const holds = holdsTag ?? ((tag: string) => tags.changes(tag).every(isApplied));
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const missing = new Set<string>();
  // Iterative post-order: histories are long chains.
  for (const root of hashes) {
    const stack: Array<[hash: string, expanded: boolean]> = [[root, false]];
    while (stack.length > 0) {
      const [hash, expanded] = stack.pop() as [string, boolean];
      if (expanded) {
        state.set(hash, 'done');
        order.push(hash);
        continue;
      }
      if (state.has(hash) || isApplied(hash)) continue;
      if (!store.has(hash)) {
        missing.add(hash);
        continue;
      }
      state.set(hash, 'visiting');
      stack.push([hash, true]);
      for (const dep of store.read(hash).dependencies) {
        if (dep.type === 'change') {
          if (!state.has(dep.hash)) stack.push([dep.hash, false]);
          continue;
        }
        if (!tags.describe(dep.hash)) {
          throw new NotFoundError(
            'TAG_NOT_FOUND',
            `change ${hash} depends on tag ${dep.name ?? dep.hash}, which this repository does not have`,
            {
              hint: 'pull the change from the repository it came from: tags travel with the changes that need them',
              details: { change: hash, tag: dep.hash },
            },
          );
        }
        if (holds(dep.hash)) continue;
        const covered = tags.changes(dep.hash);
        for (let i = covered.length - 1; i >= 0; i--) {
          const member = covered[i] as string;
          if (!state.has(member)) stack.push([member, false]);
        }
      }
    }
  }
  if (missing.size > 0) {
    throw new NotFoundError(
      'MISSING_DEPENDENCIES',
      `the change store lacks ${missing.size} needed change(s): ${[...missing].join(', ')}`,
      {
        hint: 'fetch them from the repository the changes came from (pull), then apply again',
        details: { missing: [...missing] },
      },
    );
  }
  return order;
}
