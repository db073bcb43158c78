import type { UnresolvedChange } from '../manifest/operations.js';
import type { Snapshot } from '../snapshot/model.js';
import { type DraftOperation, InferenceContext } from './context.js';
import { inferModuleMoves, inferModuleMovesBySymbols } from './module-moves.js';
import { inferPublicNames } from './public-names.js';
import { inferSignatureChanges } from './signature-changes.js';
import { inferSymbolRenames } from './symbol-renames.js';

export interface Inference {
  operations: DraftOperation[];
  unresolved: UnresolvedChange[];
}

/**
 * Runs the rules in the order their evidence builds up: file moves (so symbols can be
 * followed to their new modules), symbol and member renames, signatures of matched
 * callables, then the public names dependents import.
 */
export function inferChanges(from: Snapshot, to: Snapshot): Inference {
  const ctx = new InferenceContext(from, to);
  for (const pkg of from.packages) {
    if (!to.packages.some((p) => p.name === pkg.name)) {
      ctx.unresolved.push({
        kind: 'removed',
        package: pkg.name,
        fq: '',
        detail: `package ${pkg.name} is not in ${to.ref}`,
      });
    }
  }
  inferModuleMoves(ctx);
  inferSymbolRenames(ctx);
  inferModuleMovesBySymbols(ctx);
  inferSignatureChanges(ctx);
  inferPublicNames(ctx);
  return { operations: ctx.operations, unresolved: ctx.unresolved };
}
