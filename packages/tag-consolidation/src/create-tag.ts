import { LineageError, UsageError } from '@lineage/errors';
import { draftTag } from './draft-tag.js';
import { freeName, requireFreeName } from './tag-names.js';
import type { TagRecord } from './tag-rows.js';
import type { TagStore } from './tag-store.js';

export interface CreateTagOptions {
  channel: string;
  /** Generated when absent: `<channel>-<number of changes>` (then `-2`, `-3`… if taken). */
  name?: string;
  consolidate?: boolean;
  /** Consolidate from this tag (name or hash) instead of the channel's previous consolidation. */
  since?: string;
  message?: string;
  author: string;
  /** RFC 3339 UTC; now by default. */
  timestamp?: string;
}

export interface CreatedTag {
  tag: TagRecord;
  /** The tag consolidated from: `--since`, else the channel's previous consolidating tag. */
  since: TagRecord | undefined;
  /** Changes the tag covers beyond `since`'s: what it folds into one dependency. */
  folded: number;
}

/**
 * Tags the channel's current set of changes. Nothing is rewritten: the tag is a new object that
 * names the set. It extends the largest tag the channel still holds (so the tag file lists
 * only the changes since), and a consolidating tag stores its attribution summary.
 */
export function createTag(store: TagStore, options: CreateTagOptions): CreatedTag {
  const { repo } = store;
  const length = repo.logLength(options.channel);
  if (length === 0) {
    throw new UsageError('TAG_NOTHING_TO_TAG', `channel ${options.channel} has no changes to tag`, {
      hint: 'record or apply changes first',
    });
  }
  const name =
    options.name === undefined ? freeName(store, `${options.channel}-${length}`) : requireFreeName(store, options.name);
  const since = options.since === undefined ? undefined : store.get(options.since);
  if (since && !repo.holdsTag(options.channel, since.hash)) {
    throw new LineageError(
      'TAG_NOT_IN_CHANNEL',
      `channel ${options.channel} does not hold every change of tag ${since.name}: it cannot consolidate from it`,
      {
        hint: `apply the tag's changes first (atomic fork ${since.name} NAME shows them), or consolidate from a tag the channel holds`,
        details: { channel: options.channel, tag: since.name },
      },
    );
  }
  const previous = store.latestConsolidating(options.channel);
  const base = store.heldBase(options.channel);
  const from = since ?? previous;
  const tag = draftTag(store, {
    name,
    channel: options.channel,
    state: repo.state(options.channel),
    consolidating: options.consolidate ?? false,
    base,
    // Only the log after the base is read: creation costs what the tag adds, not the history.
    changes: repo.logAfter(options.channel, base?.consolidatedChangeCount ?? 0).map((entry) => entry.hash),
    previousConsolidation: previous?.hash ?? null,
    since: from?.hash ?? null,
    hotfixOf: null,
    message: options.message ?? '',
    author: options.author,
    timestamp: options.timestamp,
  });
  const record = store.add(tag, { knownStateSum: repo.stateSum(options.channel) });
  return { tag: record, since: from, folded: length - (from?.consolidatedChangeCount ?? 0) };
}
