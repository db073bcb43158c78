import { LineageError, NotFoundError } from '@lineage/errors';
import { addToStateSum, EMPTY_STATE_SUM, stateHashOfSum } from '@lineage/patch-graph';
import type { ChangeFacts } from './change-facts.js';
import type { Tag } from './tag.js';
import type { TagRecord } from './tag-rows.js';
import type { TagStore } from './tag-store.js';

export interface CheckedTag {
  base: TagRecord | undefined;
  stateSum: string;
  heads: string[];
}

/**
 * Checks a tag against what the repository knows, in time proportional to the changes it adds
 * (its base was checked when it was stored):
 *
 * - its base is a tag stored here;
 * - the changes it adds are new to the base, listed once, and each comes after everything it
 *   depends on (changes in the base or earlier in the list; tags whose changes all are) — so
 *   the set is closed and the list applies;
 * - the sum of the base's state and the added changes hashes to the tag's `state`: the list is
 *   exactly the set the state names;
 * - its counts are those of its set.
 *
 * Returns what the tag store derives and keeps: the state sum and the heads of the set (the
 * changes no other change of the set depends on — `dependencyCountBefore` of them).
 */
export function checkTag(
  store: TagStore,
  hash: string,
  tag: Tag,
  facts: (hash: string) => ChangeFacts,
  knownStateSum?: string,
): CheckedTag {
  const refuse = (why: string, code = 'TAG_INCONSISTENT') =>
    new LineageError(code, `tag ${tag.name} (${hash.slice(0, 10)}) is refused: ${why}`, {
      hint: 'nothing was stored; the tag is damaged or forged — do not take tags from this source',
      details: { tag: tag.name, hash },
    });
  const base = tag.base ? store.byHash(tag.base) : undefined;
  if (tag.base && !base) {
    throw new NotFoundError('TAG_NOT_FOUND', `tag ${tag.name} extends tag ${tag.base}, which is not here`, {
      hint: 'tags travel with the tags they extend: pull again from the repository the tag came from',
      details: { tag: tag.name, base: tag.base },
    });
  }
  const baseCount = base?.consolidatedChangeCount ?? 0;
  if (tag.consolidatedChangeCount !== baseCount + tag.changes.length) {
    throw refuse(`it claims ${tag.consolidatedChangeCount} changes but lists ${baseCount + tag.changes.length}`);
  }
  if (tag.dependencyCountAfter !== 1) throw refuse('a dependency on a tag is one dependency');

  const inBase = (change: string) => base !== undefined && store.covers(base.hash, change);
  const seen = new Set<string>();
  // Whether a tag's set is inside the base and the changes listed so far: its own changes are,
  // and so is the tag it extends (remembered: the set only grows), so each tag is read once.
  const inside = new Map<string, boolean>();
  const contained = (inner: TagRecord): boolean => {
    let known = inside.get(inner.hash);
    if (known === undefined) {
      const extended = inner.base ? store.byHash(inner.base) : undefined;
      known =
        (base !== undefined && store.isSubset(inner, base)) ||
        ((extended === undefined || contained(extended)) &&
          (store.describe(inner.hash)?.added ?? []).every((member) => seen.has(member) || inBase(member)));
      if (known) inside.set(inner.hash, true);
    }
    return known;
  };
  for (const change of tag.changes) {
    if (seen.has(change) || inBase(change)) throw refuse(`it lists change ${change} twice`);
    const changeFacts = facts(change);
    for (const dependency of changeFacts.dependencies) {
      if (!seen.has(dependency) && !inBase(dependency)) {
        throw refuse(`change ${change} needs ${dependency}, which the tag does not hold before it`);
      }
    }
    for (const dependency of changeFacts.tagDependencies) {
      const inner = store.byHash(dependency);
      if (!inner) throw refuse(`change ${change} needs tag ${dependency}, which is not here`);
      if (!contained(inner)) {
        throw refuse(`change ${change} needs tag ${inner.name}, whose changes the tag does not all hold`);
      }
    }
    seen.add(change);
  }

  const stateSum = knownStateSum ?? addToStateSum(base?.stateSum ?? EMPTY_STATE_SUM, tag.changes);
  if (stateHashOfSum(stateSum) !== tag.state) {
    throw refuse(
      `its changes make the state ${stateHashOfSum(stateSum)}, not the ${tag.state} it names`,
      'TAG_STATE_MISMATCH',
    );
  }
  const heads = headsOf(store, base, tag.changes.map(facts));
  if (tag.dependencyCountBefore !== heads.length) {
    throw refuse(`its changes have ${heads.length} heads, not the ${tag.dependencyCountBefore} it claims`);
  }
  return { base, stateSum, heads };
}

/** The heads a tag with this base and these added changes has: what `dependencyCountBefore` counts. */
export function headsOf(store: TagStore, base: TagRecord | undefined, added: readonly ChangeFacts[]): string[] {
  const covered = new Set<string>();
  for (const change of added) {
    for (const dependency of change.dependencies) covered.add(dependency);
    for (const tag of change.tagDependencies) for (const head of store.byHash(tag)?.heads ?? []) covered.add(head);
  }
  return [...(base?.heads ?? []), ...added.map((change) => change.hash)].filter((change) => !covered.has(change));
}
