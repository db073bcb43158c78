import { NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import {
  type AttributionTotals,
  emptyTotals,
  type ProviderStats,
  subtractTotals,
  type TagAttributionSummary,
  toSummary,
  totalsOf,
} from './attribution-summary.js';
import type { ChangeFacts } from './change-facts.js';
import type { TagRecord } from './tag-rows.js';
import type { TagStore } from './tag-store.js';
import { type TagView, viewTag } from './tag-view.js';

/*
 * The attribution queries of seed 000. Those about tags — a summary, a comparison, trends over a
 * range, confidence over the last cycles — read stored summaries only, never a change: their
 * cost does not depend on how many changes the tags cover. Those about changes — since a tag,
 * a tag in detail, a channel, one change — read each change's facts.
 */

/** A tag's summary as seed 000's struct has it (`tag_hash` first), with the tag's name. */
export type TagSummary = { tagHash: string; tagName: string } & TagAttributionSummary;

/** `attribution --tag T --summary`: the stored summary. */
export function tagSummary(store: TagStore, ref: string): TagSummary {
  const tag = store.get(ref);
  return { tagHash: tag.hash, tagName: tag.name, ...store.summary(tag) };
}

export interface SummaryDelta {
  totalChanges: number;
  aiAssistedChanges: number;
  humanAuthoredChanges: number;
  /** The AI-assisted share of all changes, `to`'s minus `from`'s. */
  aiShare: number;
  confidenceHigh: number;
  confidenceMedium: number;
  confidenceLow: number;
  averageConfidence: number;
  codeChanges: number;
  testChanges: number;
  docChanges: number;
  aiProviders: Record<string, { changeCount: number; averageConfidence: number }>;
}

export interface TagComparison {
  from: TagSummary;
  to: TagSummary;
  /** `to` minus `from`. */
  delta: SummaryDelta;
}

export const aiShare = (summary: TagAttributionSummary) =>
  summary.totalChanges === 0 ? 0 : summary.aiAssistedChanges / summary.totalChanges;

/** `attribution --compare-tags A B`: two stored summaries and what changed from A to B. */
export function compareTags(store: TagStore, fromRef: string, toRef: string): TagComparison {
  const from = tagSummary(store, fromRef);
  const to = tagSummary(store, toRef);
  const a = from;
  const b = to;
  const aiProviders: SummaryDelta['aiProviders'] = {};
  for (const name of [...new Set([...Object.keys(a.aiProviders), ...Object.keys(b.aiProviders)])].sort()) {
    const before = a.aiProviders[name];
    const after = b.aiProviders[name];
    aiProviders[name] = {
      changeCount: (after?.changeCount ?? 0) - (before?.changeCount ?? 0),
      averageConfidence: (after?.averageConfidence ?? 0) - (before?.averageConfidence ?? 0),
    };
  }
  return {
    from,
    to,
    delta: {
      totalChanges: b.totalChanges - a.totalChanges,
      aiAssistedChanges: b.aiAssistedChanges - a.aiAssistedChanges,
      humanAuthoredChanges: b.humanAuthoredChanges - a.humanAuthoredChanges,
      aiShare: aiShare(b) - aiShare(a),
      confidenceHigh: b.confidenceHigh - a.confidenceHigh,
      confidenceMedium: b.confidenceMedium - a.confidenceMedium,
      confidenceLow: b.confidenceLow - a.confidenceLow,
      averageConfidence: b.averageConfidence - a.averageConfidence,
      codeChanges: b.codeChanges - a.codeChanges,
      testChanges: b.testChanges - a.testChanges,
      docChanges: b.docChanges - a.docChanges,
      aiProviders,
    },
  };
}

/** What one consolidation cycle added: a tag's summary minus that of the tag it extends. */
export interface Cycle {
  tag: string;
  hash: string;
  /** The tag the cycle starts from (the one this tag extends), null for the first. */
  from: string | null;
  /** The whole set, up to this tag. */
  summary: TagAttributionSummary;
  /** The changes of this cycle alone (counts and averages; models and time span are the whole set's). */
  cycle: TagAttributionSummary;
  aiShare: number;
  cycleAiShare: number;
}

function cycleOf(store: TagStore, tag: TagRecord): Cycle {
  const base = tag.base ? store.byHash(tag.base) : undefined;
  const totals = store.totals(tag);
  const summary = toSummary(totals);
  const cycle = toSummary(subtractTotals(totals, base ? store.totals(base) : emptyTotals()));
  return {
    tag: tag.name,
    hash: tag.hash,
    from: base?.name ?? null,
    summary,
    cycle,
    aiShare: aiShare(summary),
    cycleAiShare: aiShare(cycle),
  };
}

/** The tag and the tags it extends, newest first. */
function chain(store: TagStore, tag: TagRecord): TagRecord[] {
  const tags: TagRecord[] = [];
  for (let at: TagRecord | undefined = tag; at; at = at.base ? store.byHash(at.base) : undefined) tags.push(at);
  return tags;
}

/**
 * `attribution --tag-range A..B --ai-trends`: each tag from A to B along the tags B extends,
 * oldest first, with what its cycle added — how AI assistance moved from one cycle to the next.
 */
export function aiTrends(store: TagStore, range: string): Cycle[] {
  const parts = range.split('..');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new UsageError('TAG_RANGE_INVALID', `${quoteInput(range)} is not a tag range`, {
      hint: 'give two tags joined by "..", e.g. --tag-range v1.0..v3.0',
    });
  }
  const from = store.get(parts[0]);
  const to = store.get(parts[1]);
  const tags = chain(store, to);
  const start = tags.findIndex((tag) => tag.id === from.id);
  if (start === -1) {
    throw new UsageError(
      'TAG_RANGE_INVALID',
      `${to.name} does not extend ${from.name}: there is no range between them`,
      {
        hint: `the tags ${to.name} extends: ${tags.map((tag) => tag.name).join(', ')}`,
      },
    );
  }
  return tags
    .slice(0, start + 1)
    .reverse()
    .map((tag) => cycleOf(store, tag));
}

export interface ConfidenceAnalysis {
  channel: string;
  /** The last consolidation cycles, oldest first. */
  cycles: Array<
    Pick<Cycle, 'tag' | 'hash' | 'from'> & {
      confidenceHigh: number;
      confidenceMedium: number;
      confidenceLow: number;
      averageConfidence: number;
      aiAssistedChanges: number;
      totalChanges: number;
    }
  >;
  /** Over the whole set of the latest tag. */
  overall: Pick<TagAttributionSummary, 'confidenceHigh' | 'confidenceMedium' | 'confidenceLow' | 'averageConfidence'>;
}

/**
 * `attribution --confidence-analysis --consolidation-cycles N`: the confidence distribution of
 * each of the channel's last N consolidation cycles, from the stored summaries of its latest
 * consolidating tag and the tags it extends.
 */
export function confidenceAnalysis(store: TagStore, channel: string, cycles: number): ConfidenceAnalysis {
  if (!Number.isSafeInteger(cycles) || cycles < 1) {
    throw new UsageError('CYCLES_INVALID', `${cycles} is not a number of cycles`, { hint: 'give 1 or more' });
  }
  const latest = requireLatest(store, channel);
  const tags = chain(store, latest)
    .filter((tag) => tag.consolidating)
    .slice(0, cycles)
    .reverse();
  const { summary } = cycleOf(store, latest);
  return {
    channel,
    cycles: tags.map((tag) => {
      const { cycle, ...rest } = cycleOf(store, tag);
      return {
        tag: rest.tag,
        hash: rest.hash,
        from: rest.from,
        confidenceHigh: cycle.confidenceHigh,
        confidenceMedium: cycle.confidenceMedium,
        confidenceLow: cycle.confidenceLow,
        averageConfidence: cycle.averageConfidence,
        aiAssistedChanges: cycle.aiAssistedChanges,
        totalChanges: cycle.totalChanges,
      };
    }),
    overall: {
      confidenceHigh: summary.confidenceHigh,
      confidenceMedium: summary.confidenceMedium,
      confidenceLow: summary.confidenceLow,
      averageConfidence: summary.averageConfidence,
    },
  };
}

function requireLatest(store: TagStore, channel: string): TagRecord {
  const latest = store.latestConsolidating(channel);
  if (!latest) {
    throw new NotFoundError('TAG_NOT_FOUND', `channel ${channel} holds no consolidating tag`, {
      hint: 'create one: atomic tag create --consolidate NAME (or atomic migrate for an existing history)',
    });
  }
  return latest;
}

/** One change's attribution, for `--hash`, `--detailed` and `--channel`: its facts, its kinds of files. */
export type ChangeAttribution = Omit<ChangeFacts, 'code' | 'test' | 'doc' | 'dependencies' | 'tagDependencies'> & {
  kinds: Array<'code' | 'test' | 'doc'>;
};

function attributionOf({
  code,
  test,
  doc,
  dependencies: _d,
  tagDependencies: _t,
  ...facts
}: ChangeFacts): ChangeAttribution {
  const present = { code, test, doc };
  return { ...facts, kinds: (['code', 'test', 'doc'] as const).filter((kind) => present[kind]) };
}

/** `attribution --hash H`: one change's attribution, read from the change itself. */
export function changeAttribution(store: TagStore, hash: string): ChangeAttribution {
  return attributionOf(store.facts(hash));
}

/** `attribution --tag T --detailed [--provider P]`: every change of the tag (of that provider). */
export function detailedAttribution(
  store: TagStore,
  ref: string,
  provider?: string,
): { tag: TagView; changes: ChangeAttribution[] } {
  const tag = store.get(ref);
  const changes = store
    .factsOf(store.changes(tag.hash))
    .filter((facts) => provider === undefined || facts.provider === provider)
    .map(attributionOf);
  return { tag: viewTag(store, tag), changes };
}

export interface ChangeSetAttribution {
  channel: string;
  changes: ChangeAttribution[];
  /** Over the changes listed. */
  summary: TagAttributionSummary;
}

/** `attribution --channel C [--ai-only]`: the channel's changes, newest first, and their summary. */
export function channelAttribution(store: TagStore, channel: string, aiOnly = false): ChangeSetAttribution {
  const facts = store
    .factsOf(
      store.repo
        .log(channel)
        .reverse()
        .map((entry) => entry.hash),
    )
    .filter((change) => !aiOnly || change.aiAssisted);
  return { channel, changes: facts.map(attributionOf), summary: toSummary(totalsOf(facts)) };
}

export interface ProviderBreakdown {
  since: TagView;
  channel: string;
  /** The channel's changes the tag does not cover. */
  changes: number;
  summary: TagAttributionSummary;
}

/** The totals of the channel's changes that `since` does not cover. */
function totalsSince(
  store: TagStore,
  channel: string,
  since: TagRecord,
): { totals: AttributionTotals; changes: number } {
  const facts = store.factsOf(
    store.repo
      .log(channel)
      .filter((entry) => !store.covers(since.hash, entry.hash))
      .map((entry) => entry.hash),
  );
  return { totals: totalsOf(facts), changes: facts.length };
}

/** `attribution --provider-breakdown --since-tag T`: AI providers over the channel's changes since T. */
export function providerBreakdown(store: TagStore, channel: string, sinceRef: string): ProviderBreakdown {
  const since = store.get(sinceRef);
  const { totals, changes } = totalsSince(store, channel, since);
  return { since: viewTag(store, since), channel, changes, summary: toSummary(totals) };
}

export interface ProviderComparison {
  since: TagView;
  channel: string;
  changes: number;
  aiAssistedChanges: number;
  /** Each provider's stats, with its share of the AI-assisted changes (0 when it has none). */
  providers: Record<string, ProviderStats & { share: number }>;
}

/** `attribution --provider-comparison P1 P2 --since-tag T`: two providers side by side since T. */
export function providerComparison(
  store: TagStore,
  channel: string,
  providers: readonly string[],
  sinceRef: string,
): ProviderComparison {
  const since = store.get(sinceRef);
  const { totals, changes } = totalsSince(store, channel, since);
  const summary = toSummary(totals);
  const compared: ProviderComparison['providers'] = {};
  for (const name of providers) {
    const stats = summary.aiProviders[name] ?? {
      changeCount: 0,
      averageConfidence: 0,
      modelsUsed: [],
      suggestionTypes: {},
    };
    compared[name] = {
      ...stats,
      share: summary.aiAssistedChanges === 0 ? 0 : stats.changeCount / summary.aiAssistedChanges,
    };
  }
  return {
    since: viewTag(store, since),
    channel,
    changes,
    aiAssistedChanges: summary.aiAssistedChanges,
    providers: compared,
  };
}
