import { headsOf } from './check-tag.js';
import { TAG_FORMAT_VERSION, type Tag } from './tag.js';
import type { TagRecord } from './tag-rows.js';
import type { TagStore } from './tag-store.js';

export interface TagDraft {
  name: string;
  channel: string;
  state: string;
  consolidating: boolean;
  /** The tag this one extends (none: `changes` is the whole set). */
  base: TagRecord | undefined;
  /** The changes beyond `base`'s, in an order that applies after them. */
  changes: string[];
  previousConsolidation: string | null;
  since: string | null;
  hotfixOf: string | null;
  message: string;
  author: string;
  /** RFC 3339 UTC; now by default. */
  timestamp?: string;
}

/**
 * The tag object of a draft, with what follows from its base and changes: its counts (the
 * changes it covers; the dependencies a change needing all of them would have without it — the
 * heads of the set — and with it, one) and the format version.
 */
export function draftTag(store: TagStore, draft: TagDraft): Tag {
  const { base, timestamp, ...fields } = draft;
  const heads = headsOf(store, base, store.factsOf(draft.changes));
  return {
    ...fields,
    version: TAG_FORMAT_VERSION,
    base: base?.hash ?? null,
    dependencyCountBefore: heads.length,
    dependencyCountAfter: 1,
    consolidatedChangeCount: (base?.consolidatedChangeCount ?? 0) + draft.changes.length,
    timestamp: timestamp ?? new Date().toISOString(),
  };
}
