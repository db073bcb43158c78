import { LineageError } from '@lineage/errors';
import { hashTag, parseTag, type Tag } from './tag.js';
import type { TagRecord } from './tag-rows.js';
import type { ChangeSource, TagStore } from './tag-store.js';

/** A tag on its way between repositories: its hash and its bytes (as its file holds them). */
export interface TagParcel {
  hash: string;
  bytes: Uint8Array;
}

/**
 * The tags a repository sends with changes, bases before the tags extending them: every tag
 * the receiving channel will hold once it has `final` (its changes plus those sent), and every
 * tag a sent change depends on — minus those the receiver has. A tag is held when its base is
 * and its own changes are all in `final`, so the whole history of tags is checked in time
 * proportional to the changes they add.
 */
export function tagsToSend(
  source: TagStore,
  final: ReadonlySet<string>,
  options: { needed?: Iterable<string>; receiverHas: (hash: string) => boolean },
): TagParcel[] {
  const tags = source.list();
  const held = new Map<number, boolean>();
  const wanted = new Set<string>(options.needed ?? []);
  for (const tag of tags) {
    const holds =
      (tag.baseId === null || held.get(tag.baseId) === true) && source.added(tag).every((h) => final.has(h));
    held.set(tag.id, holds);
    if (holds) wanted.add(tag.hash);
  }
  // A tag travels with the tags it extends.
  for (const hash of [...wanted]) {
    for (let tag = source.byHash(hash); tag?.base; tag = source.byHash(tag.base)) wanted.add(tag.base);
  }
  return tags
    .filter((tag) => wanted.has(tag.hash) && !options.receiverHas(tag.hash))
    .map((tag) => ({ hash: tag.hash, bytes: source.files.read(tag.hash) }));
}

/** Every tag of a repository, bases first: what a clone receives. */
export function allTags(source: TagStore): TagParcel[] {
  return source.list().map((tag) => ({ hash: tag.hash, bytes: source.files.read(tag.hash) }));
}

/**
 * Parses received tags and checks that each is named by the hash of its (canonical) bytes,
 * before anything is stored: the first line of defence against a hostile source.
 */
export function openParcels(parcels: readonly TagParcel[]): Array<{ hash: string; tag: Tag }> {
  return parcels.map(({ hash, bytes }) => {
    const tag = parseTag(bytes, `received tag ${hash}`);
    if (hashTag(tag) !== hash) {
      throw new LineageError('TAG_MALFORMED', `received tag ${hash} does not hash to its name`, {
        hint: 'nothing was applied; the source repository is damaged or not trustworthy',
        details: { tag: hash },
      });
    }
    return { hash, tag };
  });
}

/**
 * Stores received tags, each checked as it is added (`TagStore.add`: state, counts, order), and
 * runs `work`; if any check or `work` fails, the tags stored here are removed again. Returns
 * what `work` returned.
 */
export function receiveTags<T>(
  store: TagStore,
  received: ReadonlyArray<{ hash: string; tag: Tag }>,
  changeOf: ChangeSource,
  work: () => T,
): T {
  const added: TagRecord[] = [];
  try {
    for (const { hash, tag } of received) {
      if (store.byHash(hash)) continue;
      const clash = store.byName(tag.name);
      if (clash) {
        throw new LineageError(
          'TAG_NAME_CONFLICT',
          `received tag ${tag.name} (${hash.slice(0, 10)}) is not the local tag ${tag.name} (${clash.hash.slice(0, 10)})`,
          {
            hint: 'two repositories made different tags of one name; delete or rename one (atomic tag delete), then try again',
            details: { tag: tag.name, received: hash, local: clash.hash },
          },
        );
      }
      added.push(store.add(tag, { changeOf }));
    }
    return work();
  } catch (error) {
    for (const tag of added.reverse()) store.discard(tag);
    throw error;
  }
}
