import type { Change } from '@lineage/patch-graph';
import { readAttribution } from './attribution.js';
import { classifyPath } from './path-kinds.js';

/**
 * What a summary and the dependency counts need of one change, read once from its file and
 * kept (`change_facts`): its attribution, its timestamp, what kinds of files it touches, and
 * its dependencies. A change counts once in each kind of file it touches.
 */
export interface ChangeFacts {
  hash: string;
  message: string;
  authors: string[];
  timestamp: string;
  aiAssisted: boolean;
  provider: string | null;
  model: string | null;
  confidence: number | null;
  suggestionType: string | null;
  code: boolean;
  test: boolean;
  doc: boolean;
  /** Hashes of the changes it depends on. */
  dependencies: string[];
  /** Hashes of the tags it depends on. */
  tagDependencies: string[];
}

export function factsOfChange(hash: string, change: Change): ChangeFacts {
  const attribution = readAttribution(change.metadata);
  const kinds = new Set(change.operations.map((op) => classifyPath(op.path)));
  return {
    hash,
    message: change.header.message,
    authors: change.header.authors,
    timestamp: change.header.timestamp,
    aiAssisted: attribution?.aiAssisted ?? false,
    provider: attribution?.provider ?? null,
    model: attribution?.model ?? null,
    confidence: attribution?.confidence ?? null,
    suggestionType: attribution?.suggestionType ?? null,
    code: kinds.has('code'),
    test: kinds.has('test'),
    doc: kinds.has('doc'),
    dependencies: change.dependencies.filter((dep) => dep.type === 'change').map((dep) => dep.hash),
    tagDependencies: change.dependencies.filter((dep) => dep.type === 'tag').map((dep) => dep.hash),
  };
}
