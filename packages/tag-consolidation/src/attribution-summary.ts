import type { ChangeFacts } from './change-facts.js';

/** Seed 000's `ProviderStats`, in camelCase. */
export interface ProviderStats {
  changeCount: number;
  /** Over this provider's changes that give a confidence; 0 when none does. */
  averageConfidence: number;
  modelsUsed: string[];
  suggestionTypes: Record<string, number>;
}

/** Seed 000's `TagAttributionSummary`, in camelCase: what `attribution --summary --json` prints. */
export interface TagAttributionSummary {
  totalChanges: number;
  aiAssistedChanges: number;
  humanAuthoredChanges: number;
  /** Per provider (`unknown` when an AI-assisted change names none). */
  aiProviders: Record<string, ProviderStats>;
  /** Confidence ≥ 0.67. */
  confidenceHigh: number;
  /** Confidence ≥ 0.34 and < 0.67. */
  confidenceMedium: number;
  /** Confidence < 0.34. */
  confidenceLow: number;
  /** Over the AI-assisted changes that give a confidence; 0 when none does. */
  averageConfidence: number;
  /** The first and last change timestamps; null for an empty set. */
  creationTimeSpan: { start: string; end: string } | null;
  codeChanges: number;
  testChanges: number;
  docChanges: number;
}

/**
 * A summary as it is stored and combined. Confidences are summed in millionths, as integers:
 * sums are then exact whatever the order of addition, so a tag's totals are its base's plus
 * those of the changes it adds — the same numbers as counting every change again, computed in
 * time proportional to what the tag adds. (Confidences are kept to six decimal places.)
 */
export interface AttributionTotals {
  totalChanges: number;
  aiAssistedChanges: number;
  providers: Record<string, ProviderTotals>;
  confidenceHigh: number;
  confidenceMedium: number;
  confidenceLow: number;
  confidenceMicros: number;
  first: string | null;
  last: string | null;
  codeChanges: number;
  testChanges: number;
  docChanges: number;
}

export interface ProviderTotals {
  changeCount: number;
  confidenceCount: number;
  confidenceMicros: number;
  modelsUsed: string[];
  suggestionTypes: Record<string, number>;
}

export const UNKNOWN_PROVIDER = 'unknown';
const HIGH = 670_000;
const MEDIUM = 340_000;

export function emptyTotals(): AttributionTotals {
  return {
    totalChanges: 0,
    aiAssistedChanges: 0,
    providers: {},
    confidenceHigh: 0,
    confidenceMedium: 0,
    confidenceLow: 0,
    confidenceMicros: 0,
    first: null,
    last: null,
    codeChanges: 0,
    testChanges: 0,
    docChanges: 0,
  };
}

const micros = (confidence: number) => Math.round(confidence * 1_000_000);

/** The totals of a set of changes, from their facts. */
export function totalsOf(facts: Iterable<ChangeFacts>): AttributionTotals {
  const totals = emptyTotals();
  for (const change of facts) {
    totals.totalChanges++;
    if (change.code) totals.codeChanges++;
    if (change.test) totals.testChanges++;
    if (change.doc) totals.docChanges++;
    stretch(totals, change.timestamp, change.timestamp);
    if (!change.aiAssisted) continue;
    totals.aiAssistedChanges++;
    const name = change.provider ?? UNKNOWN_PROVIDER;
    totals.providers[name] ??= {
      changeCount: 0,
      confidenceCount: 0,
      confidenceMicros: 0,
      modelsUsed: [],
      suggestionTypes: {},
    };
    const provider = totals.providers[name];
    provider.changeCount++;
    if (change.model && !provider.modelsUsed.includes(change.model)) provider.modelsUsed.push(change.model);
    if (change.suggestionType)
      provider.suggestionTypes[change.suggestionType] = (provider.suggestionTypes[change.suggestionType] ?? 0) + 1;
    if (change.confidence === null) continue;
    const value = micros(change.confidence);
    provider.confidenceCount++;
    provider.confidenceMicros += value;
    totals.confidenceMicros += value;
    if (value >= HIGH) totals.confidenceHigh++;
    else if (value >= MEDIUM) totals.confidenceMedium++;
    else totals.confidenceLow++;
  }
  for (const provider of Object.values(totals.providers)) provider.modelsUsed.sort();
  return totals;
}

/** The totals of two disjoint sets together. */
export function mergeTotals(a: AttributionTotals, b: AttributionTotals): AttributionTotals {
  const providers: Record<string, ProviderTotals> = {};
  for (const [name, stats] of [...Object.entries(a.providers), ...Object.entries(b.providers)]) {
    const into = providers[name];
    if (!into) {
      providers[name] = { ...stats, modelsUsed: [...stats.modelsUsed], suggestionTypes: { ...stats.suggestionTypes } };
      continue;
    }
    into.changeCount += stats.changeCount;
    into.confidenceCount += stats.confidenceCount;
    into.confidenceMicros += stats.confidenceMicros;
    into.modelsUsed = [...new Set([...into.modelsUsed, ...stats.modelsUsed])].sort();
    for (const [type, count] of Object.entries(stats.suggestionTypes))
      into.suggestionTypes[type] = (into.suggestionTypes[type] ?? 0) + count;
  }
  const merged: AttributionTotals = { ...a, providers };
  for (const key of COUNTS) merged[key] = a[key] + b[key];
  if (b.first !== null) stretch(merged, b.first, b.last as string);
  return merged;
}

/**
 * What `later` has beyond `earlier`, for sets where `earlier ⊆ later` (a consolidation cycle):
 * every count and sum subtracts exactly; models and time spans do not, and are `later`'s.
 */
export function subtractTotals(later: AttributionTotals, earlier: AttributionTotals): AttributionTotals {
  const providers: Record<string, ProviderTotals> = {};
  for (const [name, stats] of Object.entries(later.providers)) {
    const before = earlier.providers[name];
    const changeCount = stats.changeCount - (before?.changeCount ?? 0);
    if (changeCount === 0) continue;
    const suggestionTypes: Record<string, number> = {};
    for (const [type, count] of Object.entries(stats.suggestionTypes)) {
      const left = count - (before?.suggestionTypes[type] ?? 0);
      if (left > 0) suggestionTypes[type] = left;
    }
    providers[name] = {
      changeCount,
      confidenceCount: stats.confidenceCount - (before?.confidenceCount ?? 0),
      confidenceMicros: stats.confidenceMicros - (before?.confidenceMicros ?? 0),
      modelsUsed: stats.modelsUsed,
      suggestionTypes,
    };
  }
  const difference: AttributionTotals = { ...later, providers };
  for (const key of COUNTS) difference[key] = later[key] - earlier[key];
  return difference;
}

const COUNTS = [
  'totalChanges',
  'aiAssistedChanges',
  'confidenceHigh',
  'confidenceMedium',
  'confidenceLow',
  'confidenceMicros',
  'codeChanges',
  'testChanges',
  'docChanges',
] as const;

function stretch(totals: AttributionTotals, first: string, last: string): void {
  if (totals.first === null || first < totals.first) totals.first = first;
  if (totals.last === null || last > totals.last) totals.last = last;
}

const average = (sum: number, count: number) => (count === 0 ? 0 : sum / count / 1_000_000);

/** The public summary of stored totals. */
export function toSummary(totals: AttributionTotals): TagAttributionSummary {
  const aiProviders: Record<string, ProviderStats> = {};
  for (const name of Object.keys(totals.providers).sort()) {
    const stats = totals.providers[name] as ProviderTotals;
    aiProviders[name] = {
      changeCount: stats.changeCount,
      averageConfidence: average(stats.confidenceMicros, stats.confidenceCount),
      modelsUsed: stats.modelsUsed,
      suggestionTypes: stats.suggestionTypes,
    };
  }
  const confidenceCount = totals.confidenceHigh + totals.confidenceMedium + totals.confidenceLow;
  return {
    totalChanges: totals.totalChanges,
    aiAssistedChanges: totals.aiAssistedChanges,
    humanAuthoredChanges: totals.totalChanges - totals.aiAssistedChanges,
    aiProviders,
    confidenceHigh: totals.confidenceHigh,
    confidenceMedium: totals.confidenceMedium,
    confidenceLow: totals.confidenceLow,
    averageConfidence: average(totals.confidenceMicros, confidenceCount),
    creationTimeSpan: totals.first === null ? null : { start: totals.first, end: totals.last as string },
    codeChanges: totals.codeChanges,
    testChanges: totals.testChanges,
    docChanges: totals.docChanges,
  };
}
