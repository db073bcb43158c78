import { sha256Hex } from '@lineage/content-hash';
import { formatUnifiedDiff } from '@lineage/line-diff';
import { type ConflictInfo, type FileOutcome, isBinary, mergeTrees } from '@lineage/merge-engine';
import type { ConflictKind } from './store.js';
import { type ArtifactTree, type FileMode, hashTree, sameFile, type TreeFile } from './tree.js';

/** How incoming content meets the target: merge and stop on conflict, take incoming, or leave conflicts to a person. */
export type Strategy = 'auto' | 'overwrite' | 'prompt';
export const STRATEGIES: readonly Strategy[] = ['auto', 'overwrite', 'prompt'];

export type PlanOutcome = 'unchanged' | 'fast-forward' | 'merge' | 'conflict' | 'overwrite';

/** What happens to one file of the target. */
export interface FilePlan {
  path: string;
  /** The change to the target's file: `add`, `modify`, `delete` or `unchanged`. */
  action: 'add' | 'modify' | 'delete' | 'unchanged';
  /** The three-way outcome (merge-engine's), or `taken-theirs` under `overwrite` and fast-forwards. */
  outcome: FileOutcome;
  conflict?: ConflictKind;
  /** The base path of a file one side moved unchanged. */
  renamed_from?: string;
  binary: boolean;
  /** A `git diff` of the target's file against what it becomes; a one-line note for binary files. */
  diff: string;
}

export interface PlannedConflict {
  path: string;
  kind: ConflictKind;
  base_sha256: string | null;
  ours_sha256: string | null;
  theirs_sha256: string | null;
  /** Each conflicting region in base, ours, theirs and the marked-up output (merge-engine's ConflictInfo). */
  regions: ConflictInfo[];
}

export interface MergePlan {
  outcome: PlanOutcome;
  /** The target's content afterwards; conflicted files hold git-style markers (or our side, when binary). */
  result: ArtifactTree;
  result_hash: string;
  files: FilePlan[];
  conflicts: PlannedConflict[];
  summary: { added: number; modified: number; deleted: number; unchanged: number; conflicts: number };
}

export interface MergeLabels {
  ours: string;
  theirs: string;
}

/**
 * The per-file decision for bringing `theirs` into a target that holds `ours`, given their
 * merge base (`null`: no common ancestor, so every difference is a conflict). Pure: nothing
 * is read or written. One-sided changes are taken, identical changes taken once, changes on
 * both sides merged line by line as `git merge` does (level zealous, histogram diff), and
 * deletions, additions, renames and binary files decided as git decides them.
 */
export function planMerge(input: {
  base: ArtifactTree | null;
  ours: ArtifactTree;
  theirs: ArtifactTree;
  strategy: Strategy;
  labels: MergeLabels;
}): MergePlan {
  const { ours, theirs, strategy } = input;
  const base = input.base ?? new Map<string, TreeFile>();
  const [oursHash, theirsHash] = [hashTree(ours), hashTree(theirs)];
  const baseHash = input.base === null ? null : hashTree(base);
  if (strategy === 'overwrite' || oursHash === theirsHash) {
    return finish(ours, theirs, oursHash === theirsHash ? 'unchanged' : 'overwrite', new Map(), []);
  }
  if (theirsHash === baseHash) return finish(ours, ours, 'unchanged', new Map(), []);
  if (oursHash === baseHash) return finish(ours, theirs, 'fast-forward', new Map(), []);

  const merged = mergeTrees(asBytes(base), asBytes(ours), asBytes(theirs), {
    labels: { ours: input.labels.ours, theirs: input.labels.theirs },
    level: 'zealous',
    diffAlgorithm: 'histogram',
  });
  const result: ArtifactTree = new Map();
  const outcomes = new Map<string, { outcome: FileOutcome; conflict?: ConflictKind; renamed_from?: string }>();
  const conflicts: PlannedConflict[] = [];
  for (const file of merged.files) {
    const origin = file.renamedFrom ?? file.path;
    outcomes.set(file.path, {
      outcome: file.outcome,
      ...(file.conflict ? { conflict: file.conflict } : {}),
      ...(file.renamedFrom ? { renamed_from: file.renamedFrom } : {}),
    });
    if (file.content !== null) {
      result.set(
        file.path,
        fromBytes(
          file.content,
          mergeMode(
            base.get(origin),
            ours.get(file.path) ?? ours.get(origin),
            theirs.get(file.path) ?? theirs.get(origin),
          ),
        ),
      );
    }
    if (file.outcome === 'conflict') {
      const digest = (tree: ArtifactTree) => {
        const side = tree.get(file.path) ?? tree.get(origin);
        return side ? sha256Hex(side.bytes) : null;
      };
      conflicts.push({
        path: file.path,
        kind: file.conflict ?? 'content',
        base_sha256: digest(base),
        ours_sha256: digest(ours),
        theirs_sha256: digest(theirs),
        regions: file.conflicts,
      });
    }
  }
  return finish(ours, result, conflicts.length ? 'conflict' : 'merge', outcomes, conflicts);
}

function finish(
  ours: ArtifactTree,
  result: ArtifactTree,
  outcome: PlanOutcome,
  outcomes: Map<string, { outcome: FileOutcome; conflict?: ConflictKind; renamed_from?: string }>,
  conflicts: PlannedConflict[],
): MergePlan {
  const paths = [...new Set([...ours.keys(), ...result.keys()])].sort();
  const files = paths.map((path): FilePlan => {
    const before = ours.get(path);
    const after = result.get(path);
    const action =
      before === undefined ? 'add' : after === undefined ? 'delete' : sameFile(before, after) ? 'unchanged' : 'modify';
    const decided = outcomes.get(path) ?? {
      outcome: action === 'unchanged' ? 'unchanged' : action === 'delete' ? 'deleted' : 'taken-theirs',
    };
    const binary = [before, after].some(
      (file) => file !== undefined && file.mode !== 'symlink' && isBinary(file.bytes),
    );
    return {
      path,
      action,
      ...decided,
      binary,
      diff: action === 'unchanged' ? '' : describeChange(path, before, after, binary),
    };
  });
  const count = (action: FilePlan['action']) => files.filter((file) => file.action === action).length;
  return {
    outcome,
    result,
    result_hash: hashTree(result),
    files,
    conflicts,
    summary: {
      added: count('add'),
      modified: count('modify'),
      deleted: count('delete'),
      unchanged: count('unchanged'),
      conflicts: conflicts.length,
    },
  };
}

function describeChange(
  path: string,
  before: TreeFile | undefined,
  after: TreeFile | undefined,
  binary: boolean,
): string {
  if (binary)
    return `Binary files ${before ? `a/${path}` : '/dev/null'} and ${after ? `b/${path}` : '/dev/null'} differ\n`;
  const text = (file: TreeFile | undefined) => (file === undefined ? null : Buffer.from(file.bytes).toString('utf8'));
  const mode = (file: TreeFile | undefined) =>
    file?.mode === 'executable' ? '100755' : file?.mode === 'symlink' ? '120000' : '100644';
  const diff = formatUnifiedDiff({
    oldPath: path,
    oldText: text(before),
    newText: text(after),
    mode: mode(after ?? before),
  });
  if (diff !== '' || before === undefined || after === undefined) return diff;
  return `diff --git a/${path} b/${path}\nold mode ${mode(before)}\nnew mode ${mode(after)}\n`;
}

/**
 * Symbolic links go through the tree merge marked as binary (a NUL-led prefix), so a link
 * changed on both sides, or turned into a file on one side, is a conflict that keeps our
 * side — git's rule — and never a line merge of two link targets.
 */
const LINK_MARK = Buffer.from('\0symlink\0');

function asBytes(tree: ArtifactTree): Map<string, Uint8Array> {
  const bytes = new Map<string, Uint8Array>();
  for (const [path, file] of tree) {
    bytes.set(path, file.mode === 'symlink' ? new Uint8Array(Buffer.concat([LINK_MARK, file.bytes])) : file.bytes);
  }
  return bytes;
}

function fromBytes(content: Uint8Array, mode: FileMode): TreeFile {
  const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (buffer.subarray(0, LINK_MARK.length).equals(LINK_MARK)) {
    return { bytes: new Uint8Array(buffer.subarray(LINK_MARK.length)), mode: 'symlink' };
  }
  return { bytes: content, mode: mode === 'symlink' ? 'file' : mode };
}

/** The executable bit merges like content: a side that changed it wins. */
function mergeMode(base: TreeFile | undefined, ours: TreeFile | undefined, theirs: TreeFile | undefined): FileMode {
  if (ours && (base === undefined || ours.mode !== base.mode)) return ours.mode;
  return theirs?.mode ?? ours?.mode ?? 'file';
}
