import { quoteInput, UsageError } from '@lineage/errors';
import type { Attribution } from '@lineage/tag-consolidation';

export {
  ATTRIBUTION_KEY,
  ATTRIBUTION_SCHEMA,
  type Attribution,
  attributionMetadata,
  readAttribution,
} from '@lineage/tag-consolidation';

export interface AttributionFlags {
  aiAssisted?: boolean;
  provider?: string;
  model?: string;
  confidence?: string;
  suggestionType?: string;
}

/**
 * AI attribution from flags and the `ATOMIC_AI_*` environment (flags win). Naming a provider,
 * model, confidence or suggestion type implies AI assistance; `--no-ai-assisted` (or
 * `ATOMIC_AI_ENABLED=0` with no flag) means none. Returns null when there is none to record.
 */
export function resolveAttribution(flags: AttributionFlags, env: NodeJS.ProcessEnv = process.env): Attribution | null {
  const provider = flags.provider ?? env.ATOMIC_AI_PROVIDER;
  const model = flags.model ?? env.ATOMIC_AI_MODEL;
  const confidenceText = flags.confidence ?? env.ATOMIC_AI_CONFIDENCE;
  const suggestionType = flags.suggestionType ?? env.ATOMIC_AI_SUGGESTION_TYPE;
  const confidence = confidenceText === undefined || confidenceText === '' ? null : parseConfidence(confidenceText);
  const named = [provider, model, suggestionType].some((value) => value) || confidence !== null;
  const enabled = flags.aiAssisted ?? parseEnabled(env.ATOMIC_AI_ENABLED) ?? (named ? true : undefined);
  if (!enabled) return null;
  return {
    aiAssisted: true,
    provider: provider || null,
    model: model || null,
    confidence,
    suggestionType: suggestionType || null,
  };
}

function parseConfidence(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError('AI_CONFIDENCE_INVALID', `AI confidence ${quoteInput(text)} is not a number from 0 to 1`, {
      hint: 'give a value such as --ai-confidence 0.8',
    });
  }
  return value;
}

function parseEnabled(text: string | undefined): boolean | undefined {
  if (text === undefined || text === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new UsageError('AI_ENABLED_INVALID', `ATOMIC_AI_ENABLED=${quoteInput(text)} is not a yes or no`, {
    hint: 'use ATOMIC_AI_ENABLED=1 or ATOMIC_AI_ENABLED=0',
  });
}
