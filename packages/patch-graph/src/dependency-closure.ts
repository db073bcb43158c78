import { LineageError, NotFoundError } from '@lineage/errors';
import type { ChangeStore } from './change-store.js';

/**
 * The changes to apply so that `hashes` apply: the given ones and their dependencies,
 * transitively, minus those `isApplied` already — in an order where every change comes after
 * its dependencies. Resolving a tag dependency needs the tag store of a later version.
 */
export function dependencyClosure(
  store: ChangeStore,
  hashes: readonly string[],
  isApplied: (hash: string) => boolean,
): string[] {
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
        if (dep.type === 'tag') {
          throw new LineageError('TAG_DEPENDENCY_UNSUPPORTED', `change ${hash} depends on tag ${dep.hash}`, {
            hint: 'this version cannot resolve tag dependencies yet; upgrade to a version with tags',
            details: { change: hash, tag: dep.hash },
          });
        }
        if (!state.has(dep.hash)) stack.push([dep.hash, false]);
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
