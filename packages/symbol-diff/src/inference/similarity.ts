import { sketchSimilarity } from '../analysis/tokens.js';
import type { SymbolRecord } from '../snapshot/model.js';

/**
 * Confidence is a weighted mean of three similarities, each in [0, 1]; a similarity with
 * no evidence on either side (no docs, no graph neighbours) is left out and the weights of
 * the others renormalised. AST similarity dominates: a declaration's own shape is the
 * strongest evidence; docs and the usage graph corroborate.
 */
export const WEIGHTS = { ast: 0.6, doc: 0.15, graph: 0.25 } as const;

export interface Scores {
  ast: number;
  doc?: number;
  graph?: number;
}

/** Below this many distinct token trigrams, two declarations look alike whatever they mean. */
const INFORMATIVE_TRIGRAMS = 12;

/** Shape similarity with the own name masked; 1 for a pure rename. */
export function astSimilarity(a: SymbolRecord, b: SymbolRecord): number {
  if (a.facts.shapeHash === b.facts.shapeHash) return 1;
  if (a.facts.bodyHash !== undefined && a.facts.bodyHash === b.facts.bodyHash) return 0.95;
  return sketchSimilarity(a.facts.sketch, b.facts.sketch);
}

/** How much a declaration's shape tells: small declarations (`type A = string`) tell little. */
export function informativeness(record: SymbolRecord): number {
  const trigrams = Math.floor((Buffer.from(record.facts.sketch, 'base64').length / 4) | 0);
  return Math.min(1, 0.4 + (0.6 * trigrams) / INFORMATIVE_TRIGRAMS);
}

export function docSimilarity(a: SymbolRecord, b: SymbolRecord): number | undefined {
  const left = docWords(a);
  const right = docWords(b);
  if (left.size === 0 || right.size === 0) return undefined;
  return jaccard(left, right);
}

function docWords(record: SymbolRecord): Set<string> {
  const own = (record.facts.path.split('.').pop() ?? '').toLowerCase();
  const words = new Set<string>();
  for (const word of (record.facts.doc?.text ?? '').toLowerCase().match(/[a-z0-9_$]+/g) ?? []) {
    words.add(word === own ? '$self' : word);
  }
  return words;
}

export function jaccard<T>(left: ReadonlySet<T>, right: ReadonlySet<T>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared++;
  return shared / (left.size + right.size - shared);
}

export function combine(scores: Scores): number {
  let total = WEIGHTS.ast * scores.ast;
  let weight: number = WEIGHTS.ast;
  if (scores.doc !== undefined) {
    total += WEIGHTS.doc * scores.doc;
    weight += WEIGHTS.doc;
  }
  if (scores.graph !== undefined) {
    total += WEIGHTS.graph * scores.graph;
    weight += WEIGHTS.graph;
  }
  return total / weight;
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
