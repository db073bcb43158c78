/**
 * Version lineage (seed 003). A lineage is a list of content hashes, oldest first: the versions
 * a tier's content descends from. It is cached on every version and every tier head, so
 * extending it never re-walks parents, and the merge base of two tiers is found by comparing
 * two lists. Parent pointers are walked only to rebuild a missing lineage or to check one,
 * and every walk keeps a visited set: cycles and orphans are reported, never looped on.
 */

export type ChangeOrigin = 'deployment' | 'sync' | 'local_modification';
export const CHANGE_ORIGINS: readonly ChangeOrigin[] = ['deployment', 'sync', 'local_modification'];

/**
 * The lineage of a tier after it takes in content whose lineage is `incoming` and moves its
 * head to `head`: its own lineage, then the incoming versions it did not hold yet (so a merge
 * remembers what it merged, and the next merge base is found), then the head. A head equal to
 * an older entry (a revert, a rollback) is appended again: the lineage records what happened.
 */
export function extendLineage(ours: readonly string[], incoming: readonly string[], head: string): string[] {
  const held = new Set(ours);
  const lineage = [...ours];
  for (const hash of incoming) {
    if (held.has(hash)) continue;
    held.add(hash);
    lineage.push(hash);
  }
  if (lineage[lineage.length - 1] !== head) lineage.push(head);
  return lineage;
}

/**
 * The merge base of two tiers: the newest entry of our lineage that the incoming lineage also
 * holds — the last version both sides share. Walking ours from its end (rather than theirs)
 * makes a rollback on their side move forward: their `[A, B, A]` against our `[A, B]` has base
 * B, so the rollback to A arrives as a change. `usable` skips candidates whose content is not
 * available (a legacy record's hash with no snapshot), falling back to an older common one.
 * `null`: no common ancestor (the merge then treats every difference as a conflict).
 */
export function findMergeBase(
  ours: readonly string[],
  incoming: readonly string[],
  usable: (hash: string) => boolean = () => true,
): string | null {
  const theirs = new Set(incoming);
  for (let i = ours.length - 1; i >= 0; i--) {
    const hash = ours[i] as string;
    if (theirs.has(hash) && usable(hash)) return hash;
  }
  return null;
}

export interface LineageIssue {
  /**
   * `cycle`: following parents comes back to a version already seen; `orphan`: a version's
   * parent is not a known version; `missing`: a lineage entry has no version at all.
   */
  kind: 'cycle' | 'orphan' | 'missing';
  hash: string;
  message: string;
}

/** `undefined`: no such version; `null`: a root. */
export type ParentLookup = (hash: string) => string | null | undefined;

/** Follows parent pointers from `head` to a root: the chain oldest first, and what stopped it early. */
export function walkAncestry(head: string, parentOf: ParentLookup): { chain: string[]; issue: LineageIssue | null } {
  const seen = new Set<string>();
  const newestFirst: string[] = [];
  let issue: LineageIssue | null = null;
  let hash: string | null = head;
  while (hash !== null) {
    if (seen.has(hash)) {
      issue = { kind: 'cycle', hash, message: `following parents from ${head} comes back to ${hash}` };
      break;
    }
    const parent = parentOf(hash);
    if (parent === undefined) {
      issue =
        hash === head
          ? { kind: 'missing', hash, message: `${hash} is not a recorded version` }
          : {
              kind: 'orphan',
              hash: newestFirst[newestFirst.length - 1] as string,
              message: `its parent ${hash} is not a recorded version`,
            };
      break;
    }
    seen.add(hash);
    newestFirst.push(hash);
    hash = parent;
  }
  return { chain: newestFirst.reverse(), issue };
}

/**
 * Checks a cached lineage against the version rows: every entry must be a version, and
 * following parents from each must end at a root without revisiting a version. Each version
 * is visited once over the whole check; each problem is reported once.
 */
export function checkLineage(lineage: readonly string[], parentOf: ParentLookup): LineageIssue[] {
  const issues: LineageIssue[] = [];
  const checked = new Set<string>();
  for (const entry of lineage) {
    const walked = new Set<string>();
    let hash: string | null = entry;
    let child: string | null = null;
    while (hash !== null && !checked.has(hash)) {
      if (walked.has(hash)) {
        issues.push({ kind: 'cycle', hash, message: `following parents from ${entry} comes back to ${hash}` });
        break;
      }
      const parent = parentOf(hash);
      if (parent === undefined) {
        issues.push(
          child === null
            ? { kind: 'missing', hash, message: `lineage entry ${hash} is not a recorded version` }
            : { kind: 'orphan', hash: child, message: `the parent of ${child}, ${hash}, is not a recorded version` },
        );
        break;
      }
      walked.add(hash);
      child = hash;
      hash = parent;
    }
    for (const hash of walked) checked.add(hash);
    if (!walked.size) checked.add(entry);
  }
  return issues;
}

/** A lineage read from a record or a row: an array of strings, or nothing usable. */
export function parseLineage(json: string | null | undefined): string[] | null {
  if (json === null || json === undefined) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : null;
  } catch {
    return null;
  }
}
