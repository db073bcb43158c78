import { ConflictsLeftError } from '@lineage/errors';
import {
  changesBeyond,
  conflictsIntroduced,
  conflictsInvolving,
  type HotfixConflict,
  patchName,
  patchTag,
  patchTargets,
  planPropagation,
  requireFreeName,
  type TagView,
  viewTag,
} from '@lineage/tag-consolidation';
import type { AtomicRepository } from './atomic-repository.js';
import { changeChannel } from './rewrite.js';

export interface ApplyToTagOptions {
  /** The tag to patch. */
  tag: string;
  /** The hotfix changes (hashes or prefixes); their dependencies beyond the tag come along. */
  hashes: string[];
  /** The new tag's name (default: the next free patch number, v1.0 → v1.0.1). */
  name?: string;
  /** Refuse (exit 4), creating nothing, when the changes would conflict with the tag's. */
  verify?: boolean;
  /** Only say what would be done. */
  dryRun?: boolean;
  message?: string;
  author?: string;
}

export interface AppliedToTag {
  base: TagView;
  /** The new tag (null on a dry run). */
  tag: TagView | null;
  name: string;
  /** What the new tag adds to the base, in order. */
  changes: string[];
  /** Conflicts the changes leave in the tag's set (checked with `verify`). */
  conflicts: HotfixConflict[];
}

/**
 * `apply --to-tag T --create-tag NEW HASH...`: a new tag holding T's changes plus the given ones
 * (and what they need beyond T). No channel is touched.
 */
export function applyToTag(repo: AtomicRepository, options: ApplyToTagOptions): AppliedToTag {
  const { tags } = repo;
  const base = tags.get(options.tag);
  const name = options.name === undefined ? patchName(tags, base) : requireFreeName(tags, options.name);
  const changes = changesBeyond(
    tags,
    base,
    options.hashes.map((hash) => repo.resolveHash(hash)),
  );
  const conflicts = options.verify
    ? conflictsIntroduced(repo.pristine, { changes: tags.changes(base.hash) }, changes)
    : [];
  if (conflicts.length > 0) throw incompatible([{ target: `tag ${name} (${base.name} + hotfix)`, conflicts }]);
  const result = { base: viewTag(tags, base), name, changes, conflicts };
  if (options.dryRun) return { ...result, tag: null };
  repo.requireWriter();
  const messages = changes.map((hash) => repo.pristine.changes.read(hash).header.message).join('; ');
  const tag = patchTag(tags, {
    name,
    base,
    changes,
    message: options.message ?? `hotfix of ${base.name}: ${messages}`,
    author: repo.author(options.author),
  });
  return { ...result, tag: viewTag(tags, tag) };
}

export interface PropagateOptions {
  /** The tag made by `apply --to-tag`. */
  tag: string;
  /** Refuse (exit 4), creating and applying nothing, when the hotfix would conflict anywhere. */
  verify?: boolean;
  dryRun?: boolean;
  /** Overwrite unrecorded changes of the working copy in the files the hotfix rewrites. */
  force?: boolean;
  author?: string;
}

export interface PropagationResult {
  hotfix: string;
  base: string;
  changes: string[];
  /** Each descendant tag, its patched tag, and (with `verify`) the conflicts found there. */
  targets: Array<{ tag: string; patched: string; changes: string[]; conflicts: HotfixConflict[] }>;
  /** Each channel the hotfix is applied to, and the conflicts it leaves there (found by `verify`, or left as states). */
  channels: Array<{ channel: string; conflicts: HotfixConflict[] }>;
  /** Working-copy paths rewritten (when the current channel received the hotfix). */
  rewritten: string[];
  applied: boolean;
}

/**
 * `propagate-hotfix NEW --to-descendants`: patches every consolidating tag descending from the
 * tag NEW patches (v2.0 → v2.0.1, …) and applies the hotfix to the channels those tags were made
 * on — all in one transaction: every tag and every channel, or nothing. With `verify`, each
 * target is checked first on a scratch copy, and any conflict stops everything (exit 4).
 */
export function propagateHotfix(repo: AtomicRepository, options: PropagateOptions): PropagationResult {
  const { tags, pristine } = repo;
  const plan = planPropagation(tags, options.tag);
  const check = options.verify ?? false;
  const targets = plan.targets.map((target) => ({
    tag: target.tag.name,
    patched: target.name,
    changes: target.changes,
    conflicts: check ? conflictsIntroduced(pristine, { changes: tags.changes(target.tag.hash) }, target.changes) : [],
  }));
  const channelChecks = plan.channels.map((channel) => ({
    channel,
    conflicts: check ? conflictsIntroduced(pristine, { channel }, plan.changes) : [],
  }));
  const failing = [
    ...targets.map((t) => ({ target: `tag ${t.patched} (from ${t.tag})`, conflicts: t.conflicts })),
    ...channelChecks.map((c) => ({ target: `channel ${c.channel}`, conflicts: c.conflicts })),
  ].filter((item) => item.conflicts.length > 0);
  if (failing.length > 0) throw incompatible(failing);
  const result = {
    hotfix: plan.hotfix.name,
    base: plan.base.name,
    changes: plan.changes,
    targets,
    channels: channelChecks,
    rewritten: [] as string[],
    applied: false,
  };
  if (options.dryRun) return result;

  repo.requireWriter();
  const author = repo.author(options.author);
  const closure = (channel: string) => pristine.dependencyClosure(channel, plan.changes);
  const everything = () =>
    pristine.transaction(() => {
      patchTargets(tags, plan, { author });
      for (const channel of plan.channels) pristine.apply(channel, closure(channel));
    });
  const current = repo.currentChannel();
  if (plan.channels.includes(current)) {
    // The working-copy rule, checked on a preview of the current channel receiving the hotfix;
    // then everything at once.
    const { rewritten } = changeChannel(
      repo,
      current,
      (channel) => (channel === current ? everything() : pristine.apply(channel, closure(channel))),
      { force: options.force, what: `applying hotfix ${plan.hotfix.name} to ${current}` },
    );
    result.rewritten = rewritten;
  } else everything();
  return {
    ...result,
    channels: plan.channels.map((channel) => ({
      channel,
      conflicts: conflictsInvolving(pristine, channel, plan.changes),
    })),
    applied: true,
  };
}

/** HOTFIX_CONFLICTS (exit 4): the conflicts per target, and that nothing was done. */
function incompatible(failing: Array<{ target: string; conflicts: HotfixConflict[] }>): ConflictsLeftError {
  const lines = failing.map(
    ({ target, conflicts }) =>
      `${target}: ${conflicts.map((conflict) => `${conflict.kind} conflict in ${conflict.path}`).join(', ')}`,
  );
  return new ConflictsLeftError(
    'HOTFIX_CONFLICTS',
    `the hotfix would conflict at ${failing.length} target(s); nothing was created or applied:\n  ${lines.join('\n  ')}`,
    {
      hint: 'resolve the hotfix against the newer code (record a fix on a fork of that tag), or run without --verify-compatibility to keep the conflicts as states',
      details: { targets: failing },
    },
  );
}
