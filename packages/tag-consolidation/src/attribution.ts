/**
 * How a change carries AI attribution: in its hashed metadata, under `attribution`, with a
 * schema version so a later schema can be read alongside this one. Written by record
 * (`@lineage/working-copy` resolves it from flags and the environment), read here to summarize
 * tags and answer attribution queries.
 */

/** The key of the change's hashed metadata that holds AI attribution. */
export const ATTRIBUTION_KEY = 'attribution';
export const ATTRIBUTION_SCHEMA = 'lineage.ai-attribution/1';

export interface Attribution {
  aiAssisted: boolean;
  provider: string | null;
  model: string | null;
  /** From 0 to 1. */
  confidence: number | null;
  suggestionType: string | null;
}

/** The metadata to hash into a change for this attribution. */
export function attributionMetadata(
  attribution: Attribution | null,
): Record<string, Record<string, string | number | boolean | null>> {
  if (!attribution) return {};
  return { [ATTRIBUTION_KEY]: { schema: ATTRIBUTION_SCHEMA, ...attribution } };
}

/** Reads attribution back from a change's metadata (null when absent or of an unknown schema). */
export function readAttribution(metadata: Record<string, unknown>): Attribution | null {
  const value = metadata[ATTRIBUTION_KEY] as (Attribution & { schema?: string }) | undefined;
  if (!value || typeof value !== 'object' || value.schema !== ATTRIBUTION_SCHEMA) return null;
  return {
    aiAssisted: Boolean(value.aiAssisted),
    provider: typeof value.provider === 'string' ? value.provider : null,
    model: typeof value.model === 'string' ? value.model : null,
    confidence: typeof value.confidence === 'number' ? value.confidence : null,
    suggestionType: typeof value.suggestionType === 'string' ? value.suggestionType : null,
  };
}
