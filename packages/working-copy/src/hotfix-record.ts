import { ConflictsLeftError, LineageError } from '@lineage/errors';
import { merge } from '@lineage/merge-engine';
import type { Change, RecordEdit } from '@lineage/patch-graph';
import type { AtomicRepository } from './atomic-repository.js';
import { type Attribution, attributionMetadata } from './attribution.js';
import { type ChangeSummary, summarizeChange } from './change-summary.js';
import { loadIgnore } from './ignore-rules.js';
import { requireCompleteOutput } from './output.js';
import { scanWorkingCopy } from './scan.js';

export interface HotfixOptions {
  /** The tag to fix (the release in production). */
  fromTag: string;
  /** The new channel: the tag's changes plus the hotfix. */
  toChannel: string;
  message: string;
  author?: string;
  attribution?: Attribution | null;
}

/**
 * `atomic hotfix --from-tag T --to-channel C -m MSG`: forks T as channel C and records there, as
 * the hotfix, the working copy's unrecorded edits (relative to the current channel). The edits
 * are carried onto T's files: a file that is the same in T as in the current channel takes the
 * edit as it is; one that differs gets it by a three-way merge (base: the current channel's
 * file, ours: T's, theirs: the working copy), and a merge that conflicts stops everything
 * (exit 4) with nothing created. The working copy and the current channel are left as they are:
 * the fix reaches them when the hotfix is propagated.
 */
export function recordHotfix(repo: AtomicRepository, options: HotfixOptions): ChangeSummary & { channel: string } {
  repo.requireWriter();
  requireCompleteOutput(repo.layout);
  const tag = repo.tags.get(options.fromTag);
  const channel = repo.validateNewChannel(options.toChannel);
  const current = repo.currentChannel();
  const scan = scanWorkingCopy(repo.pristine, current, repo.root, repo.tracking(), { ignore: loadIgnore(repo.root) });
  if (scan.edits.length === 0) {
    throw new LineageError('NOTHING_TO_RECORD', 'the working copy has no unrecorded edits to record as the hotfix', {
      kind: 'usage',
      hint: 'make the fix in the working copy first (atomic status shows it), then run this again',
    });
  }
  const recorded = repo.pristine.transaction(() => {
    repo.pristine.createChannel(channel);
    repo.pristine.apply(channel, [...repo.tags.changes(tag.hash)]);
    const edits = carryEdits(repo, current, channel, scan.edits);
    const consolidating = repo.tags.latestConsolidating(channel);
    const result = repo.pristine.record(channel, {
      message: options.message,
      authors: [repo.author(options.author)],
      metadata: attributionMetadata(options.attribution ?? null),
      consolidation: consolidating && { tag: consolidating.hash, name: consolidating.name },
      edits,
    });
    if (!result) {
      throw new LineageError('NOTHING_TO_RECORD', `tag ${tag.name} has the working copy's edits already`, {
        kind: 'usage',
        hint: 'nothing to fix there; nothing was created',
      });
    }
    return result;
  });
  return { ...summarizeChange(recorded.hash, recorded.change as Change), channel };
}

/**
 * The working copy's edits (against `from`'s output) as edits of `to`'s output, merged where
 * the two outputs differ. Refuses, listing the files, when a merge conflicts or an edit has
 * nothing to apply to.
 */
function carryEdits(repo: AtomicRepository, from: string, to: string, edits: RecordEdit[]): RecordEdit[] {
  const { pristine } = repo;
  const target = new Map(pristine.files(to).map((entry) => [entry.path, entry]));
  const read = (channel: string, path: string) => pristine.readFile(channel, path);
  const carried: RecordEdit[] = [];
  const conflicts: string[] = [];
  // A path after a carried move reads its content where the target has it.
  const origin = new Map<string, string>();
  const source = (path: string) => origin.get(path) ?? path;
  for (const edit of edits) {
    switch (edit.type) {
      case 'move':
        if (!target.has(edit.from) || target.has(edit.to)) conflicts.push(edit.from);
        else {
          carried.push(edit);
          origin.set(edit.to, edit.from);
        }
        break;
      case 'remove':
      case 'chmod':
        if (target.has(source(edit.path))) carried.push(edit);
        break;
      case 'add':
        if (!target.has(edit.path)) carried.push(edit);
        else if (edit.kind !== 'dir' && Buffer.compare(read(to, edit.path), edit.content ?? new Uint8Array()) !== 0) {
          conflicts.push(edit.path);
        }
        break;
      case 'write': {
        const at = source(edit.path);
        if (!target.has(at)) {
          conflicts.push(edit.path);
          break;
        }
        const base = read(from, edit.path);
        const ours = read(to, at);
        if (Buffer.compare(base, ours) === 0) {
          carried.push(edit);
          break;
        }
        const merged = merge(base, ours, edit.content);
        if (merged.clean && merged.bytes) carried.push({ type: 'write', path: edit.path, content: merged.bytes });
        else conflicts.push(edit.path);
        break;
      }
    }
  }
  if (conflicts.length > 0) {
    throw new ConflictsLeftError(
      'HOTFIX_CONFLICTS',
      `the working copy's edits do not carry over to the tag's files: ${conflicts.join(', ')}`,
      {
        hint: 'fork the tag, switch to it and make the fix there (atomic fork TAG NAME; atomic channel switch NAME), then apply --to-tag',
        details: { paths: conflicts },
      },
    );
  }
  return carried;
}
