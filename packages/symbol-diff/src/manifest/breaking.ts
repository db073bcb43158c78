import type { ChangeManifest } from './manifest.js';
import type { Operation, UnresolvedChange } from './operations.js';

/** What in a release can break a dependent's build (`onx-manifest generate --fail-on-breaking`). */
export interface BreakingChanges {
  operations: Operation[];
  unresolved: UnresolvedChange[];
}

/**
 * The breaking part of a manifest and its unresolved changes: every operation that makes a
 * dependent's code stop compiling or change meaning until it is migrated, and every
 * unresolved change (a removal, an incompatible signature). Not breaking: a new defaulted
 * argument; a renamed positional argument (callers pass it by position); a file moved in a
 * package whose `exports` map forbids deep imports; a rename that keeps the old name as a
 * deprecated alias.
 */
export function breakingChanges(
  manifest: Pick<ChangeManifest, 'core' | 'operations'>,
  unresolved: readonly UnresolvedChange[],
): BreakingChanges {
  const deepImports = new Map(manifest.core.packages.map((p) => [p.name, p.deep_imports]));
  const breaks = (op: Operation): boolean => {
    switch (op.kind) {
      case 'arg.add_default':
        return false;
      case 'arg.rename':
        return op.match.named === true;
      case 'move.file':
        return deepImports.get(op.package) !== false;
      default:
        return op.evidence.reason !== 'alias-in-to';
    }
  };
  return { operations: manifest.operations.filter(breaks), unresolved: [...unresolved] };
}
