/** The operation kinds of the seed, one inference rule each. */
export const OPERATION_KINDS = [
  'move.file',
  'rename.import',
  'rename.symbol',
  'rename.callable',
  'config.key_rename',
  'arg.rename',
  'arg.add_default',
] as const;

export type OperationKind = (typeof OPERATION_KINDS)[number];

/** ≥ 0.9 applied automatically, 0.7–0.9 applied with a warning, below: listed for review only. */
export type OperationAction = 'auto' | 'warn' | 'review';

export const AUTO_APPLY_THRESHOLD = 0.9;
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.7;

export type EvidenceValue = string | number | boolean | string[] | Record<string, number>;

/** A public name that changes for dependents: `import { from } from 'specifier'` becomes `import { to }`. */
export interface ImportRename {
  specifier: string;
  from: string;
  to: string;
}

export interface Operation {
  /** `OP001`…, in dependency order. */
  id: string;
  kind: OperationKind;
  package: string;
  /** What the operation matches, in the kind's own fields (see the package README). */
  match: Record<string, string | number | boolean | string[]>;
  /** Public names that change, for import rewriting. */
  imports?: ImportRename[];
  evidence: Record<string, EvidenceValue>;
  confidence: number;
  action: OperationAction;
  provenance: Provenance;
}

export interface Provenance {
  rule: string;
  from_ref: string;
  to_ref: string;
  from_commit: string;
  to_commit: string;
}

/** A change the engine will not rewrite: a removal, an incompatible signature, an ambiguity. */
export interface UnresolvedChange {
  kind:
    | 'removed'
    | 'unexported'
    | 'kind.changed'
    | 'param.removed'
    | 'param.added_required'
    | 'param.changed'
    | 'return.changed'
    | 'overloads.changed'
    | 'ambiguous';
  package: string;
  /** The symbol in the `from` version. */
  fq: string;
  detail: string;
  /** Public names affected (`@acme/core:BaseValidator`). */
  exposures?: string[];
  /** For removals and ambiguities: the best replacements considered, with their scores. */
  candidates?: Array<{ fq: string; score: number }>;
}

export function actionFor(confidence: number, threshold = DEFAULT_CONFIDENCE_THRESHOLD): OperationAction {
  if (confidence >= AUTO_APPLY_THRESHOLD) return 'auto';
  if (confidence >= threshold) return 'warn';
  return 'review';
}
