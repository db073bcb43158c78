import { loadFastHashing } from '@lineage/content-hash';
import { NotFoundError } from '@lineage/errors';
import type { Change, RecordEdit } from '@lineage/patch-graph';
import type { AtomicRepository } from './atomic-repository.js';
import { type Attribution, attributionMetadata } from './attribution.js';
import { type ChangeSummary, summarizeChange } from './change-summary.js';
import { diskEntry, walk } from './disk.js';
import { loadIgnore } from './ignore-rules.js';
import { diskMatches, type OutputSnapshot, requireCompleteOutput, writeOutput } from './output.js';
import { scanWorkingCopy } from './scan.js';
import { cacheKey, loadStatCache, remember, saveStatCache } from './stat-cache.js';
import { isWithin } from './tracking.js';

export interface RecordOptions {
  message: string;
  /** `--author`; else the resolution chain of `AtomicRepository.author`. */
  author?: string;
  /** The channel to record into; the current one by default. */
  channel?: string;
  /** Only changes under these paths (repository paths: see `toRepositoryPath`). */
  paths?: string[];
  attribution?: Attribution | null;
  timestamp?: string;
  /** Depend on the channel's latest consolidating tag even when the change touches nothing it covers. */
  minimalDeps?: boolean;
}

export interface RecordedChange extends ChangeSummary {
  /**
   * Files rewritten after the record because the repository writes them otherwise: conflict
   * markers left from a conflict taken apart, or a side now named after the change that
   * rewrote all its lines. Their lines are what was recorded.
   */
  rewritten: string[];
}

/** A file this large makes a record hash megabytes: worth loading the WebAssembly hasher first. */
const LARGE_FILE = 1 << 20;

/**
 * Gets a record of large files ready: loads the fast hasher (about 40 ms) when a tracked or
 * pending file is over 1 MiB, so that commands recording small edits never pay for it.
 */
export async function prepareRecord(repo: AtomicRepository, channel?: string): Promise<void> {
  const tracking = repo.tracking();
  const ignore = loadIgnore(repo.root);
  const tracked = repo.pristine.files(repo.channel(channel)).filter((entry) => entry.kind === 'file');
  const pending = tracking.adds.flatMap((path) => (diskEntry(repo.root, path) ? walk(repo.root, path, ignore) : []));
  const large = [...tracked.map((entry) => entry.path), ...pending].some(
    (path) => (diskEntry(repo.root, path)?.stat.size ?? 0) > LARGE_FILE,
  );
  if (large) await loadFastHashing();
}

/**
 * Records the working copy's changes as one change. Into the current channel, the tracking
 * requests it used are done, and the working copy is left equal to the new output; into
 * another channel C, the change is the difference between the working copy and C's output
 * (as Pijul does: how an agent records into its own channel from a shared working copy).
 * Returns null when there is nothing to record.
 *
 * Dependencies that the channel's latest consolidating tag covers are replaced by the tag.
 */
export function recordWorkingCopy(repo: AtomicRepository, options: RecordOptions): RecordedChange | null {
  repo.requireWriter();
  requireCompleteOutput(repo.layout);
  const channel = repo.channel(options.channel);
  const tracking = repo.tracking();
  const paths = options.paths;
  const isCurrent = channel === tracking.channel;
  const cache = isCurrent ? loadStatCache(repo.layout, cacheKey(repo, channel)) : undefined;
  const scan = scanWorkingCopy(repo.pristine, channel, repo.root, tracking, {
    paths,
    ignore: loadIgnore(repo.root),
    cache,
  });
  if (scan.edits.length === 0) {
    if (cache) saveStatCache(repo.layout, cache);
    return null;
  }
  const latest = repo.tags.latestConsolidating(channel);
  if (options.minimalDeps && !latest) {
    throw new NotFoundError('TAG_NOT_FOUND', `channel ${channel} holds no consolidating tag to depend on`, {
      hint: 'create one first (atomic tag create --consolidate NAME), or record without --minimal-deps',
    });
  }
  const recorded = repo.pristine.transaction(() => {
    const made = repo.pristine.record(channel, {
      message: options.message,
      authors: [repo.author(options.author)],
      timestamp: options.timestamp,
      metadata: attributionMetadata(options.attribution ?? null),
      consolidation: latest && { tag: latest.hash, name: latest.name, always: options.minimalDeps },
      edits: scan.edits,
    });
    // What a tag's summary needs of the change, kept while it is at hand: the first tag over a
    // long history then reads no change file.
    if (made) repo.tags.remember(made.hash, made.change);
    return made;
  });
  if (!recorded) return null;
  const rewritten = isCurrent ? refreshRecorded(repo, channel, scan.edits) : [];
  if (isCurrent) {
    const done = (path: string) => !paths || paths.some((prefix) => isWithin(path, prefix));
    if (cache) {
      // Files outside PATH... are untouched by this change; recorded files now equal the output.
      for (const [path, known] of cache.known)
        if (!done(path) && !cache.verified.has(path)) cache.verified.set(path, known);
      for (const file of scan.differences) {
        const disk = file.after ? diskEntry(repo.root, file.path) : null;
        if (disk?.kind === 'file') remember(cache, file.path, disk.stat);
      }
      saveStatCache(repo.layout, cache, cacheKey(repo, channel));
    }
    repo.saveTracking({
      ...tracking,
      adds: tracking.adds.filter((path) => !done(path)),
      removes: tracking.removes.filter((path) => !done(path)),
      moves: tracking.moves.filter((move) => !(done(move.from) || done(move.to))),
    });
  }
  return { ...summarizeChange(recorded.hash, recorded.change as Change), rewritten };
}

/**
 * The working copy must never be stale after a record: a recorded file whose new output
 * differs from what was recorded (only its markers can) is rewritten — unless it changed on
 * disk since it was read, which is newer work to leave alone.
 */
function refreshRecorded(repo: AtomicRepository, channel: string, edits: RecordEdit[]): string[] {
  const files = new Map(repo.pristine.files(channel).map((entry) => [entry.path, entry]));
  const wanted: OutputSnapshot = new Map();
  for (const edit of edits) {
    if ((edit.type !== 'write' && edit.type !== 'add') || !edit.content) continue;
    const { content } = edit;
    const entry = files.get(edit.path);
    if (entry?.kind !== 'file') continue;
    const bytes = repo.pristine.outputBytes(channel, edit.path);
    if (Buffer.compare(bytes, content) === 0 || !diskMatches(repo.root, edit.path, { ...entry, bytes: content }))
      continue;
    wanted.set(edit.path, { kind: entry.kind, executable: entry.executable, bytes });
  }
  writeOutput(repo.layout, channel, wanted, [...wanted.keys()]);
  return [...wanted.keys()].sort();
}
