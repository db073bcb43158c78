/**
 * What the patch graph needs to know about tags, supplied by the tag store
 * (`@lineage/tag-consolidation`) through `Repository.useTags`. A tag stands for an exact set of
 * changes; a change may depend on it (`{type: 'tag', hash}`) instead of on the changes it
 * covers. The graph never stores tags itself: it asks.
 */
export interface TagResolver {
  /**
   * The tag's state hash, change count and the changes it adds to the tags it extends (its
   * newest: a channel lacking the tag usually lacks one of them), or undefined when this
   * repository lacks the tag.
   */
  describe(tagHash: string): { state: string; count: number; added: readonly string[] } | undefined;
  /** Every change of the tag, in an order that applies (dependencies first). */
  changes(tagHash: string): readonly string[];
  /** Whether the tag's set holds `changeHash`. */
  covers(tagHash: string, changeHash: string): boolean;
  /** The tags known here whose sets hold `changeHash`. */
  containing(changeHash: string): readonly string[];
}

/** No tags: what a repository answers until a tag store is attached. */
export const NO_TAGS: TagResolver = {
  describe: () => undefined,
  changes: () => [],
  covers: () => false,
  containing: () => [],
};

/**
 * What a change needs so that it may depend on a tag while recording: the tag every dependency
 * it covers is replaced by (the channel's latest consolidating tag), and whether the tag is a
 * dependency even when the change touches nothing it covers (`record --minimal-deps`).
 */
export interface Consolidation {
  tag: string;
  /** Kept in the dependency for people reading the change; the hash is what counts. */
  name?: string;
  always?: boolean;
}
