import type { TagRecord } from './tag-rows.js';
import type { TagStore } from './tag-store.js';

/** A tag another refers to: its name when this repository has it. */
export interface TagReference {
  name: string | null;
  hash: string;
}

/** A tag as `atomic tag list|show --json` prints it. */
export interface TagView {
  name: string;
  hash: string;
  state: string;
  channel: string;
  consolidating: boolean;
  consolidatedChangeCount: number;
  dependencyCountBefore: number;
  dependencyCountAfter: number;
  base: TagReference | null;
  previousConsolidation: TagReference | null;
  since: TagReference | null;
  hotfixOf: TagReference | null;
  timestamp: string;
  message: string;
  author: string;
}

export function viewTag(store: TagStore, tag: TagRecord): TagView {
  const reference = (hash: string | null): TagReference | null =>
    hash === null ? null : { name: store.byHash(hash)?.name ?? null, hash };
  return {
    name: tag.name,
    hash: tag.hash,
    state: tag.state,
    channel: tag.channel,
    consolidating: tag.consolidating,
    consolidatedChangeCount: tag.consolidatedChangeCount,
    dependencyCountBefore: tag.dependencyCountBefore,
    dependencyCountAfter: tag.dependencyCountAfter,
    base: reference(tag.base),
    previousConsolidation: reference(tag.previousConsolidation),
    since: reference(tag.since),
    hotfixOf: reference(tag.hotfixOf),
    timestamp: tag.timestamp,
    message: tag.message,
    author: tag.author,
  };
}
