import {
  aiTrends,
  type ChangeAttribution,
  type ChangeSetAttribution,
  type ConfidenceAnalysis,
  type Cycle,
  changeAttribution,
  channelAttribution,
  compareTags,
  confidenceAnalysis,
  detailedAttribution,
  type ProviderBreakdown,
  type ProviderComparison,
  providerBreakdown,
  providerComparison,
  type TagComparison,
  type TagSummary,
  type TagView,
  tagSummary,
} from '@lineage/tag-consolidation';
import type { AtomicRepository } from './atomic-repository.js';

/** The attribution queries of `atomic attribution`; a channel left out is the current one. */
export type AttributionQuery =
  | { kind: 'summary'; tag: string }
  | { kind: 'trends'; range: string }
  | { kind: 'compare'; from: string; to: string }
  | { kind: 'provider-breakdown'; since: string; channel?: string }
  | { kind: 'provider-comparison'; providers: [string, string]; since: string; channel?: string }
  | { kind: 'confidence'; cycles: number; channel?: string }
  | { kind: 'change'; hash: string }
  | { kind: 'detailed'; tag: string; provider?: string }
  | { kind: 'channel'; channel?: string; aiOnly?: boolean };

export type AttributionAnswer =
  | { kind: 'summary'; result: TagSummary }
  | { kind: 'trends'; result: Cycle[] }
  | { kind: 'compare'; result: TagComparison }
  | { kind: 'provider-breakdown'; result: ProviderBreakdown }
  | { kind: 'provider-comparison'; result: ProviderComparison }
  | { kind: 'confidence'; result: ConfidenceAnalysis }
  | { kind: 'change'; result: ChangeAttribution }
  | { kind: 'detailed'; result: { tag: TagView; changes: ChangeAttribution[] } }
  | { kind: 'channel'; result: ChangeSetAttribution };

export function queryAttribution(repo: AtomicRepository, query: AttributionQuery): AttributionAnswer {
  const { tags } = repo;
  switch (query.kind) {
    case 'summary':
      return { kind: query.kind, result: tagSummary(tags, query.tag) };
    case 'trends':
      return { kind: query.kind, result: aiTrends(tags, query.range) };
    case 'compare':
      return { kind: query.kind, result: compareTags(tags, query.from, query.to) };
    case 'provider-breakdown':
      return { kind: query.kind, result: providerBreakdown(tags, repo.channel(query.channel), query.since) };
    case 'provider-comparison':
      return {
        kind: query.kind,
        result: providerComparison(tags, repo.channel(query.channel), query.providers, query.since),
      };
    case 'confidence':
      return { kind: query.kind, result: confidenceAnalysis(tags, repo.channel(query.channel), query.cycles) };
    case 'change':
      return { kind: query.kind, result: changeAttribution(tags, repo.resolveHash(query.hash)) };
    case 'detailed':
      return { kind: query.kind, result: detailedAttribution(tags, query.tag, query.provider) };
    case 'channel':
      return { kind: query.kind, result: channelAttribution(tags, repo.channel(query.channel), query.aiOnly) };
  }
}
