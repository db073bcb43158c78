import { LineageError, UsageError } from '@lineage/errors';
import { dependencyClosure, type Repository } from '@lineage/patch-graph';
import { draftTag } from './draft-tag.js';
import { patchName, requireFreeName } from './tag-names.js';
import type { TagRecord } from './tag-rows.js';
import type { TagStore } from './tag-store.js';

/*
 * Hotfixes across tags (seed 000's "production hotfix workflow", left as design by Atomic).
 * A hotfix is one or more changes; a patched tag is a tag's set plus those changes (and what
 * they need beyond it). Nothing is rewritten: patched tags are new tags extending the old ones,
 * and the changes apply unchanged everywhere — changes commute.
 */

/** The changes to add to `base` so that `hashes` apply: theirs and their dependencies beyond it, in order. */
export function changesBeyond(store: TagStore, base: TagRecord, hashes: readonly string[]): string[] {
  return dependencyClosure(store.repo.changes, hashes, (hash) => store.covers(base.hash, hash), {
    tags: store,
    holdsTag: (tag) => {
      const inner = store.byHash(tag);
      return inner !== undefined && store.isSubset(inner, base);
    },
  });
}

export interface PatchTagOptions {
  name: string;
  base: TagRecord;
  /** The changes to add, in an order that applies after the base's (`changesBeyond`). */
  changes: string[];
  message?: string;
  author: string;
  timestamp?: string;
}

/**
 * The tag `base` patched with `changes`: it extends `base`, is consolidating when `base` is, and
 * records `base` as the tag it is a hotfix of. Its state is `base`'s plus the changes'.
 */
export function patchTag(store: TagStore, options: PatchTagOptions): TagRecord {
  const { base } = options;
  requireFreeName(store, options.name);
  if (options.changes.length === 0) {
    throw new UsageError(
      'HOTFIX_EMPTY',
      `tag ${base.name} holds every change given already: nothing to patch it with`,
      {
        hint: 'give the hotfix changes (e.g. atomic log --channel HOTFIX --hash-only --limit 1)',
      },
    );
  }
  return store.add(
    draftTag(store, {
      name: options.name,
      channel: base.channel,
      state: store.stateOf(base, options.changes),
      consolidating: base.consolidating,
      base,
      changes: options.changes,
      previousConsolidation: base.consolidating ? base.hash : base.previousConsolidation,
      since: base.hash,
      hotfixOf: base.hash,
      message: options.message ?? '',
      author: options.author,
      timestamp: options.timestamp,
    }),
  );
}

export interface HotfixTarget {
  /** The consolidating tag to patch. */
  tag: TagRecord;
  /** The patched tag's name: the next free patch number (v2.0 → v2.0.1). */
  name: string;
  /** The changes it needs beyond the tag. */
  changes: string[];
}

export interface PropagationPlan {
  /** The tag made by `apply --to-tag`. */
  hotfix: TagRecord;
  /** The tag it patches. */
  base: TagRecord;
  /** The hotfix: what `hotfix` adds to `base`. */
  changes: string[];
  /**
   * Every consolidating tag holding all of `base`'s changes but not the hotfix, and not patched
   * with it already, oldest first.
   */
  targets: HotfixTarget[];
  /** The channels those tags were made on that lack the hotfix (current development). */
  channels: string[];
}

/** What `propagate-hotfix NEW --to-descendants` will do. */
export function planPropagation(store: TagStore, ref: string): PropagationPlan {
  const hotfix = store.get(ref);
  const base = hotfix.hotfixOf ? store.byHash(hotfix.hotfixOf) : undefined;
  if (!hotfix.hotfixOf || !base || hotfix.base !== base.hash) {
    throw new LineageError(
      'TAG_NOT_A_HOTFIX',
      hotfix.hotfixOf
        ? `tag ${hotfix.name} patches a tag this repository does not have`
        : `tag ${hotfix.name} was not made by \`apply --to-tag\`: it patches no tag`,
      {
        kind: 'usage',
        hint: 'make the patched tag first: atomic apply --to-tag TAG --create-tag NEW HASH...',
        details: { tag: hotfix.name },
      },
    );
  }
  const changes = store.added(hotfix);
  const taken = new Set<string>();
  const names = { byName: (name: string) => (taken.has(name) ? base : store.byName(name)) };
  const targets: HotfixTarget[] = [];
  const all = store.list();
  const hasHotfix = (tag: TagRecord) => changes.every((hash) => store.covers(tag.hash, hash));
  // A tag patched with this hotfix by an earlier run: propagating again does nothing.
  const patched = new Set(all.filter((tag) => tag.hotfixOf !== null && hasHotfix(tag)).map((tag) => tag.hotfixOf));
  for (const tag of all) {
    if (!tag.consolidating || tag.id === base.id || tag.id === hotfix.id || !store.isSubset(base, tag)) continue;
    if (hasHotfix(tag) || patched.has(tag.hash)) continue;
    const name = patchName(names, tag);
    taken.add(name);
    targets.push({ tag, name, changes: changesBeyond(store, tag, changes) });
  }
  const existing = new Set(store.repo.channels());
  const channels = [...new Set(targets.map((target) => target.tag.channel))].filter(
    (channel) => existing.has(channel) && store.repo.dependencyClosure(channel, changes).length > 0,
  );
  return { hotfix, base, changes, targets, channels };
}

/** Makes the patched tags of a plan (in the caller's transaction, for all or nothing). */
export function patchTargets(
  store: TagStore,
  plan: PropagationPlan,
  options: { author: string; timestamp?: string },
): TagRecord[] {
  return plan.targets.map((target) =>
    patchTag(store, {
      name: target.name,
      base: target.tag,
      changes: target.changes,
      message: `hotfix ${plan.hotfix.name} on ${target.tag.name}${plan.hotfix.message ? `: ${plan.hotfix.message}` : ''}`,
      author: options.author,
      timestamp: options.timestamp,
    }),
  );
}

/** A conflict a hotfix would leave, at a tag or on a channel. */
export interface HotfixConflict {
  path: string;
  kind: string;
  description: string;
}

const ROLLBACK = Symbol('rollback');

/**
 * The conflicts `changes` would leave in the set of `start` (a tag's changes, or a channel):
 * applied to a scratch channel inside a transaction that is then rolled back, so nothing of the
 * check remains. Only conflicts involving the given changes count: those already in `start` are
 * not the hotfix's doing.
 */
export function conflictsIntroduced(
  repo: Repository,
  start: { changes: readonly string[] } | { channel: string },
  changes: readonly string[],
): HotfixConflict[] {
  let found: HotfixConflict[] = [];
  const scratch = `.hotfix-check-${process.pid}`;
  try {
    repo.transaction(() => {
      if ('channel' in start) repo.forkChannel(start.channel, scratch);
      else {
        repo.createChannel(scratch);
        repo.apply(scratch, [...start.changes]);
      }
      repo.apply(scratch, repo.dependencyClosure(scratch, [...changes]));
      found = conflictsInvolving(repo, scratch, changes);
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return found;
}

/** The conflicts of a channel in which any of `changes` takes part. */
export function conflictsInvolving(repo: Repository, channel: string, changes: readonly string[]): HotfixConflict[] {
  const involved = new Set(changes);
  return repo
    .conflicts(channel)
    .filter((conflict) => conflict.changes.some((hash) => involved.has(hash)))
    .map(({ path, kind, description }) => ({ path, kind, description }))
    .sort((a, b) => (a.path === b.path ? (a.kind < b.kind ? -1 : 1) : a.path < b.path ? -1 : 1));
}
