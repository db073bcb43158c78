import { NotFoundError } from '@lineage/errors';
import {
  type CreatedTag,
  createTag as createTagIn,
  type MigrationStep,
  migrate,
  planMigration,
  type TagAttributionSummary,
  type TagRecord,
  type TagView,
  viewTag,
} from '@lineage/tag-consolidation';
import type { AtomicRepository } from './atomic-repository.js';

export interface TagCreateOptions {
  name?: string;
  consolidate?: boolean;
  since?: string;
  message?: string;
  /** The channel whose changes to tag (the current one by default). */
  channel?: string;
  author?: string;
}

/** Tags a channel's changes (the current channel's by default). */
export function createTag(
  repo: AtomicRepository,
  options: TagCreateOptions,
): TagView & { folded: number; sinceTag: string | null } {
  repo.requireWriter();
  const created: CreatedTag = createTagIn(repo.tags, {
    channel: repo.channel(options.channel),
    name: options.name,
    consolidate: options.consolidate,
    since: options.since,
    message: options.message,
    author: repo.author(options.author),
  });
  return { ...viewTag(repo.tags, created.tag), folded: created.folded, sinceTag: created.since?.name ?? null };
}

/**
 * The repository's tags, oldest first (`consolidating`: only those). `latest`: only the newest
 * one the channel (the current one by default) holds — the channel's latest consolidating tag
 * with `consolidating` — or `TAG_NOT_FOUND`.
 */
export function listTags(
  repo: AtomicRepository,
  options: { consolidating?: boolean; latest?: boolean; channel?: string } = {},
): TagView[] {
  const tags = repo.tags.list({ consolidating: options.consolidating });
  if (!options.latest) return tags.map((tag) => viewTag(repo.tags, tag));
  const channel = repo.channel(options.channel);
  const latest = [...tags].reverse().find((tag) => repo.pristine.holdsTag(channel, tag.hash));
  if (!latest) {
    throw new NotFoundError(
      'TAG_NOT_FOUND',
      `channel ${channel} holds no ${options.consolidating ? 'consolidating ' : ''}tag`,
      { hint: `create one: atomic tag create ${options.consolidating ? '--consolidate ' : ''}NAME` },
    );
  }
  return [viewTag(repo.tags, latest)];
}

export interface TagDetails extends TagView {
  /** Every change of the tag, in an order that applies. */
  changes: string[];
  /** Those its file lists (beyond its base's), with their messages. */
  added: Array<{ hash: string; message: string }>;
  summary: TagAttributionSummary;
}

export function showTag(repo: AtomicRepository, ref: string): TagDetails {
  const tag: TagRecord = repo.tags.get(ref);
  return {
    ...viewTag(repo.tags, tag),
    changes: [...repo.tags.changes(tag.hash)],
    added: repo.tags.added(tag).map((hash) => ({ hash, message: messageOf(repo, hash) })),
    summary: repo.tags.summary(tag),
  };
}

/** Deletes a tag; refused while a change depends on it or a tag refers to it. */
export function deleteTag(repo: AtomicRepository, ref: string): TagView {
  repo.requireWriter();
  const tag = repo.tags.get(ref);
  repo.tags.remove(tag);
  return viewTag(repo.tags, tag);
}

/** A change's message: from the pristine when some channel has it, else from its file. */
function messageOf(repo: AtomicRepository, hash: string): string {
  try {
    return repo.pristine.changeInfo(hash).message;
  } catch {
    return repo.pristine.changes.read(hash).header.message;
  }
}

/**
 * `atomic migrate --consolidation-interval N`: consolidating tags every N changes of the channel's
 * history (the current channel by default); `dryRun` only plans them.
 */
export function migrateHistory(
  repo: AtomicRepository,
  options: { interval: number; channel?: string; dryRun?: boolean; author?: string },
): { channel: string; steps: MigrationStep[]; created: TagView[] } {
  const channel = repo.channel(options.channel);
  if (options.dryRun) return { channel, steps: planMigration(repo.tags, channel, options.interval), created: [] };
  repo.requireWriter();
  const { steps, created } = migrate(repo.tags, {
    channel,
    interval: options.interval,
    author: repo.author(options.author),
  });
  return { channel, steps, created: created.map((tag) => viewTag(repo.tags, tag)) };
}
