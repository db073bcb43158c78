import { join } from 'node:path';
import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import {
  addToStateSum,
  type Change,
  EMPTY_STATE_SUM,
  type Repository,
  stateHashOfSum,
  type TagResolver,
} from '@lineage/patch-graph';
import {
  type AttributionTotals,
  emptyTotals,
  mergeTotals,
  type TagAttributionSummary,
  toSummary,
  totalsOf,
} from './attribution-summary.js';
import { type ChangeFacts, factsOfChange } from './change-facts.js';
import { checkTag } from './check-tag.js';
import { hashTag, serializeTag, type Tag } from './tag.js';
import { adoptTagFiles, TagFiles } from './tag-files.js';
import { requireFreeName } from './tag-names.js';
import { type TagRecord, TagRows, toRecord } from './tag-rows.js';

/** Facts kept in memory by a store (a few hundred bytes each): more than a long history's tag needs. */
const MAX_FACTS_IN_MEMORY = 200_000;

/** Where a tag's changes come from while it is checked: the change store, or changes just received. */
export type ChangeSource = (hash: string) => Change;

export interface AddOptions {
  /** Changes not in the change store yet (being received with the tag). */
  changeOf?: ChangeSource;
  /**
   * The state sum of the tag's set when the caller knows it (the channel the tag is made from):
   * then the state is not summed again from the changes. A received tag is always summed.
   */
  knownStateSum?: string;
}

/**
 * The tags of a repository: rows in its pristine (`tagSchema`), files beside it (`tags/`). It
 * answers the patch graph's questions about tags (`TagResolver`), so a repository with a tag
 * store attached applies, resolves and unrecords changes that depend on tags.
 *
 * Lookups are cached for the life of the store: a tag never changes once stored, and the only
 * removal (`remove`) clears the caches.
 */
export class TagStore implements TagResolver {
  readonly files: TagFiles;
  private readonly rows: TagRows;
  private readonly records = new Map<string, TagRecord>();
  private readonly lists = new Map<string, readonly string[]>();
  private readonly addedLists = new Map<string, readonly string[]>();
  private readonly ancestry = new Map<number, Set<number>>();
  private readonly knownFacts = new Map<string, ChangeFacts>();

  constructor(readonly repo: Repository) {
    this.files = new TagFiles(join(repo.dir, 'tags'));
    adoptTagFiles(join(repo.dir, 'changes'), this.files);
    this.rows = new TagRows(repo.database);
    repo.useTags(this);
  }

  // ---- lookups ----

  byHash(hash: string): TagRecord | undefined {
    let record = this.records.get(hash);
    if (!record) {
      const row = this.rows.s.byHash.get(hash) as Record<string, unknown> | undefined;
      if (!row) return undefined;
      record = toRecord(row);
      this.records.set(hash, record);
    }
    return record;
  }

  byName(name: string): TagRecord | undefined {
    const row = this.rows.s.byName.get(name) as Record<string, unknown> | undefined;
    return row && this.byHash(row.hash as string);
  }

  /** A tag by name, full hash, or unique hash prefix of at least four characters. */
  find(ref: string): TagRecord | undefined {
    const named = this.byName(ref) ?? this.byHash(ref);
    if (named || ref.length < 4 || !/^[A-Z2-7]+$/i.test(ref)) return named;
    const prefix = ref.toUpperCase();
    const rows = this.rows.s.byPrefix.all(prefix, `${prefix}\u{10FFFF}`) as Array<Record<string, unknown>>;
    if (rows.length > 1) {
      throw new UsageError('TAG_PREFIX_AMBIGUOUS', `${quoteInput(ref)} matches ${rows.length} tags`, {
        hint: `give the tag's name or more of its hash: ${rows.map((row) => row.name).join(', ')}`,
      });
    }
    return rows[0] && this.byHash(rows[0].hash as string);
  }

  /** A tag by name or hash; `TAG_NOT_FOUND` (exit 3) naming the tags there are. */
  get(ref: string): TagRecord {
    const tag = this.find(ref);
    if (tag) return tag;
    const names = this.list().map((t) => t.name);
    throw new NotFoundError('TAG_NOT_FOUND', `there is no tag named ${quoteInput(ref)}`, {
      hint:
        names.length === 0
          ? 'this repository has no tags; create one with `atomic tag create NAME`'
          : `existing tags: ${names.slice(-10).join(', ')}${names.length > 10 ? ` (and ${names.length - 10} more: atomic tag list)` : ''}`,
      details: { tag: ref },
    });
  }

  /** Every tag, oldest first (the order they were made or received in). */
  list(options: { consolidating?: boolean } = {}): TagRecord[] {
    const all = (this.rows.s.all.all() as Array<Record<string, unknown>>).map((row) => {
      const record = this.records.get(row.hash as string) ?? toRecord(row);
      this.records.set(record.hash, record);
      return record;
    });
    return options.consolidating ? all.filter((tag) => tag.consolidating) : all;
  }

  /** The changes a tag adds to its base, in order. */
  added(tag: TagRecord): string[] {
    return this.rows.s.added.all(tag.id) as string[];
  }

  /** The tag object as stored in its file (hashed): what transfers. */
  tagObject(tag: TagRecord): Tag {
    const { hash: _hash, id: _id, baseId: _baseId, stateSum: _sum, heads: _heads, ...fields } = tag;
    return { ...fields, changes: this.added(tag) };
  }

  /** Stored attribution totals (no change is read). */
  totals(tag: TagRecord): AttributionTotals {
    return this.rows.totals(tag.id) ?? emptyTotals();
  }

  summary(tag: TagRecord): TagAttributionSummary {
    return toSummary(this.totals(tag));
  }

  // ---- what the patch graph asks (TagResolver) ----

  describe(hash: string): { state: string; count: number; added: readonly string[] } | undefined {
    const tag = this.byHash(hash);
    if (!tag) return undefined;
    let added = this.addedLists.get(hash);
    if (!added) {
      added = this.added(tag);
      this.addedLists.set(hash, added);
    }
    return { state: tag.state, count: tag.consolidatedChangeCount, added };
  }

  /** Every change of the tag, in an order that applies: its bases' changes, then its own. */
  changes(hash: string): readonly string[] {
    let list = this.lists.get(hash);
    if (!list) {
      const tag = this.byHash(hash);
      if (!tag) return [];
      list = [...(tag.base ? this.changes(tag.base) : []), ...(this.describe(hash)?.added ?? [])];
      this.lists.set(hash, list);
    }
    return list;
  }

  /** The tag covers a change when it, or a tag it extends, added the change. */
  covers(tagHash: string, changeHash: string): boolean {
    const tag = this.byHash(tagHash);
    if (!tag) return false;
    const adders = this.rows.s.addedBy.all(changeHash) as number[];
    if (adders.length === 0) return false;
    const ancestors = this.ancestors(tag);
    return adders.some((id) => ancestors.has(id));
  }

  containing(changeHash: string): string[] {
    const adders = this.rows.s.addedBy.all(changeHash) as number[];
    if (adders.length === 0) return [];
    const links = this.rows.s.links.all() as Array<{ id: number; baseId: number | null; hash: string }>;
    const children = new Map<number, number[]>();
    for (const link of links) {
      if (link.baseId !== null) children.set(link.baseId, [...(children.get(link.baseId) ?? []), link.id]);
    }
    const found = new Set<number>();
    const stack = [...adders];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (found.has(id)) continue;
      found.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return links.filter((link) => found.has(link.id)).map((link) => link.hash);
  }

  /** The tag and the tags it extends, as row ids. */
  ancestors(tag: TagRecord): Set<number> {
    let set = this.ancestry.get(tag.id);
    if (!set) {
      const base = tag.base ? this.byHash(tag.base) : undefined;
      set = new Set(base ? this.ancestors(base) : []);
      set.add(tag.id);
      this.ancestry.set(tag.id, set);
    }
    return set;
  }

  /** The state hash of `base`'s changes and `added`. */
  stateOf(base: TagRecord | undefined, added: readonly string[]): string {
    return stateHashOfSum(addToStateSum(base?.stateSum ?? EMPTY_STATE_SUM, added));
  }

  /** Whether every change of `inner` is in `outer`. */
  isSubset(inner: TagRecord, outer: TagRecord): boolean {
    if (this.ancestors(outer).has(inner.id)) return true;
    if (inner.consolidatedChangeCount > outer.consolidatedChangeCount) return false;
    const changes = this.changes(inner.hash);
    for (let i = changes.length - 1; i >= 0; i--) if (!this.covers(outer.hash, changes[i] as string)) return false;
    return true;
  }

  // ---- channels ----

  /** The channel's latest consolidating tag: the newest whose changes it holds. */
  latestConsolidating(channel: string): TagRecord | undefined {
    // Every record asks: most often the newest tag is the answer, and a long history has hundreds.
    const [newest] = this.rows.s.consolidatingNewestFirst.all(1) as string[];
    if (newest === undefined) return undefined;
    if (this.repo.holdsTag(channel, newest)) return this.byHash(newest);
    for (const hash of (this.rows.s.consolidatingNewestFirst.all(-1) as string[]).slice(1)) {
      if (this.repo.holdsTag(channel, hash)) return this.byHash(hash);
    }
    return undefined;
  }

  /**
   * The largest consolidating tag whose set the channel's log begins with: the base a new tag of
   * the channel extends, the log entries after its changes being what it adds. Only
   * consolidating tags serve as bases — the durable reference points — so a plain tag can be
   * deleted without touching the tags made after it.
   */
  heldBase(channel: string): TagRecord | undefined {
    const held = this.repo.logLength(channel);
    for (const hash of this.rows.s.consolidatingLargestFirst.all(held) as string[]) {
      const tag = this.byHash(hash) as TagRecord;
      if (this.repo.holdsPrefix(channel, tag.state, tag.consolidatedChangeCount)) return tag;
    }
    return undefined;
  }

  // ---- facts ----

  /** The facts of several changes, those not cached yet read and cached in one transaction. */
  factsOf(hashes: readonly string[], changeOf?: ChangeSource): ChangeFacts[] {
    return this.repo.transaction(() => hashes.map((hash) => this.facts(hash, changeOf)));
  }

  /**
   * What summaries need of a change: from memory or the `change_facts` table, else read from the
   * change (then kept in both). A hash names one change, so its facts never go stale.
   */
  facts(hash: string, changeOf?: ChangeSource): ChangeFacts {
    let facts = this.knownFacts.get(hash) ?? this.rows.facts(hash);
    if (!facts) {
      facts = factsOfChange(hash, changeOf ? changeOf(hash) : this.repo.changes.read(hash));
      this.rows.rememberFacts(facts);
    }
    this.keepFacts(facts);
    return facts;
  }

  /**
   * Keeps the facts of a change just recorded or received, while it is at hand: the first tag
   * over a long history then reads no change file (`atomic record`, pull and push call it in
   * the transaction that adds the change).
   */
  remember(hash: string, change: Change): void {
    // Stored even when in memory: a preview's rolled-back transaction may have been the last.
    const facts = this.knownFacts.get(hash) ?? factsOfChange(hash, change);
    this.rows.rememberFacts(facts);
    this.keepFacts(facts);
  }

  /** In memory too, as one tag's creation asks for each change's facts several times; bounded. */
  private keepFacts(facts: ChangeFacts): void {
    if (this.knownFacts.size >= MAX_FACTS_IN_MEMORY) this.knownFacts.clear();
    this.knownFacts.set(facts.hash, facts);
  }

  // ---- writing ----

  /**
   * Stores a tag after checking it (`checkTag`: its base is known, its counts and state match
   * its changes, its changes apply in order) — the same path for a tag made here and one
   * received: a forged or inconsistent tag is refused and nothing is stored. The file is written
   * before the rows that refer to it, in the caller's transaction if there is one.
   */
  add(tag: Tag, options: AddOptions = {}): TagRecord {
    const hash = hashTag(tag);
    const existing = this.byHash(hash);
    if (existing) return existing;
    requireFreeName(this, tag.name);
    const changeOf = options.changeOf ?? ((h: string) => this.repo.changes.read(h));
    const facts = (h: string) => this.facts(h, changeOf);
    const fileIsNew = !this.files.has(hash);
    try {
      return this.repo.transaction(() => {
        const checked = checkTag(this, hash, tag, facts, options.knownStateSum);
        const totals = mergeTotals(
          checked.base ? this.totals(checked.base) : emptyTotals(),
          totalsOf(tag.changes.map(facts)),
        );
        this.files.write(hash, serializeTag(tag));
        const id = this.rows.insertTag(hash, tag, {
          baseId: checked.base?.id ?? null,
          stateSum: checked.stateSum,
          heads: checked.heads,
        });
        this.rows.insertSummary(id, totals);
        return this.byHash(hash) as TagRecord;
      });
    } catch (error) {
      if (fileIsNew) this.files.remove(hash);
      throw error;
    }
  }

  /** Deletes a tag, refusing (`TAG_HAS_DEPENDENTS`) while a change or another tag refers to it. */
  remove(tag: TagRecord): void {
    const changes = this.repo.dependents(tag.hash);
    const tags = this.rows.s.referencing.all(tag.id, tag.hash, tag.hash, tag.hash) as string[];
    if (changes.length > 0 || tags.length > 0) {
      const what = [
        ...(changes.length > 0
          ? [
              `${changes.length} change(s) depend on it (${changes
                .slice(0, 3)
                .map((h) => h.slice(0, 10))
                .join(', ')}${changes.length > 3 ? ', …' : ''})`,
            ]
          : []),
        ...(tags.length > 0 ? [`tag(s) ${tags.join(', ')} refer to it`] : []),
      ];
      throw new LineageError('TAG_HAS_DEPENDENTS', `cannot delete tag ${tag.name}: ${what.join('; ')}`, {
        hint: 'a tag that changes depend on is how they apply elsewhere; it stays. Tags referring to it can be deleted first',
        details: { tag: tag.name, changes, tags },
      });
    }
    this.discard(tag);
  }

  /** Removes a tag without asking what refers to it: undoes a receive that failed part way. */
  discard(tag: TagRecord): void {
    this.repo.transaction(() => this.rows.s.remove.run(tag.id));
    this.files.remove(tag.hash);
    this.records.clear();
    this.lists.clear();
    this.addedLists.clear();
    this.ancestry.clear();
  }
}
