import { existsSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { contentId } from '@lineage/content-hash';
import { LineageError } from '@lineage/errors';
import { type Change, dependencyClosure, parseChange, type Repository } from '@lineage/patch-graph';
import { openParcels, receiveTags, type Tag, tagsToSend } from '@lineage/tag-consolidation';
import { type ChannelUpdate, conflictedPaths } from './apply.js';
import { AtomicRepository } from './atomic-repository.js';
import { layoutOf } from './layout.js';
import { snapshotOutput, writeOutput } from './output.js';
import { changeChannel } from './rewrite.js';

interface Received {
  hash: string;
  raw: Uint8Array;
  change: Change;
}

/**
 * Reads changes out of another repository's store and checks every one — it inflates, it
 * hashes to its name, it parses — before any is stored or applied: a repository must be safe
 * to pull from a stranger. (Unsafe file names are refused by the apply transaction, which
 * then applies nothing.)
 */
function receive(source: Repository, hashes: string[]): Received[] {
  return hashes.map((hash) => {
    const origin = `received change ${hash}`;
    let raw: Uint8Array;
    try {
      raw = inflateSync(source.changes.readCompressed(hash));
    } catch (cause) {
      throw corrupt(origin, 'it is not a compressed change', cause);
    }
    const actual = contentId(raw);
    if (actual !== hash) throw corrupt(origin, `its content hashes to ${actual}`);
    return { hash, raw, change: parseChange(raw, origin) };
  });
}

function corrupt(origin: string, why: string, cause?: unknown): LineageError {
  return new LineageError('CHANGE_CORRUPT', `${origin} is corrupted: ${why}`, {
    cause,
    hint: 'nothing was applied; the source repository is damaged or not trustworthy',
    details: { file: origin },
  });
}

/**
 * What `source`'s channel sends to `target`'s: the changes the receiving channel lacks, in an
 * order that applies (with `only`: those and their dependencies, a tag dependency standing for
 * the tag's changes), and the tags that travel with them — those the sent changes depend on, and
 * those the receiving channel will hold — checked by their hash before anything is stored.
 */
function outgoing(source: AtomicRepository, from: string, target: AtomicRepository, to: string, only?: string[]) {
  const have = new Set(target.pristine.hasChannel(to) ? target.pristine.log(to).map((entry) => entry.hash) : []);
  const hashes = only
    ? dependencyClosure(source.pristine.changes, only, (hash) => have.has(hash), { tags: source.tags })
    : source.pristine
        .log(from)
        .map((entry) => entry.hash)
        .filter((hash) => !have.has(hash));
  const changes = receive(source.pristine, hashes);
  const needed = changes.flatMap((item) =>
    item.change.dependencies.filter((dep) => dep.type === 'tag').map((dep) => dep.hash),
  );
  const parcels = tagsToSend(source.tags, new Set([...have, ...hashes]), {
    needed,
    receiverHas: (hash) => target.tags.byHash(hash) !== undefined,
  });
  return { changes, tags: openParcels(parcels) };
}

/** Reads a change being received, else one the target has stored. */
const changeSource = (target: Repository, received: Received[]) => {
  const byHash = new Map(received.map((item) => [item.hash, item.change]));
  return (hash: string) => byHash.get(hash) ?? target.changes.read(hash);
};

/** Applies received changes to `channel` of `target` (creating it), under the working-copy rule. */
function deliver(
  target: AtomicRepository,
  channel: string,
  { changes: received, tags }: { changes: Received[]; tags: Array<{ hash: string; tag: Tag }> },
  force: boolean,
): ChannelUpdate {
  if (!target.pristine.hasChannel(channel)) target.pristine.createChannel(target.validateNewChannel(channel));
  // Stored with the transaction that applies them: a refused apply leaves nothing behind.
  const parsed = received.map((item) => [item.hash, item.change] as const);
  const { rewritten } = receiveTags(target.tags, tags, changeSource(target.pristine, received), () =>
    changeChannel(
      target,
      channel,
      (name) => {
        const applied = target.pristine.applyChanges(name, parsed);
        // What tags need of each change, kept while it is at hand (as record does).
        for (const [hash, change] of parsed) target.tags.remember(hash, change);
        return applied;
      },
      {
        force,
        what: `receiving ${received.length} change(s) into ${channel}`,
      },
    ),
  );
  return {
    channel,
    changes: received.map((item) => item.hash),
    rewritten,
    conflicts: conflictedPaths(target, channel),
  };
}

export interface PullOptions {
  /** Local channel to pull into (the current one by default). */
  channel?: string;
  /** Channel of the source (its current channel by default). */
  fromChannel?: string;
  /** Only these changes (hashes or prefixes in the source) and their dependencies. */
  hashes?: string[];
  force?: boolean;
}

export async function pull(
  repo: AtomicRepository,
  sourcePath: string,
  options: PullOptions = {},
): Promise<ChannelUpdate> {
  repo.requireWriter();
  const source = await AtomicRepository.open(sourcePath);
  try {
    const from = source.channel(options.fromChannel);
    const to = options.channel ?? repo.currentChannel();
    const only = options.hashes?.map((hash) => source.resolveHash(hash));
    return deliver(repo, to, outgoing(source, from, repo, to, only), Boolean(options.force));
  } finally {
    await source.close();
  }
}

export interface PushOptions {
  /** Local channel to push (the current one by default). */
  channel?: string;
  /** Channel of the target (its current channel by default). */
  toChannel?: string;
  force?: boolean;
}

/**
 * Sends the changes of a local channel that the target's channel lacks. When that channel is
 * the target's current channel, the target's working copy is rewritten under the same rule.
 */
export async function push(
  repo: AtomicRepository,
  targetPath: string,
  options: PushOptions = {},
): Promise<ChannelUpdate> {
  const from = repo.channel(options.channel);
  const target = await AtomicRepository.open(targetPath, { lock: 'atomic push (receiving)' });
  try {
    const to = options.toChannel ?? target.currentChannel();
    return deliver(target, to, outgoing(repo, from, target, to), Boolean(options.force));
  } finally {
    await target.close();
  }
}

/**
 * A new repository at `targetPath` with every channel and every tag of the source (each tag
 * checked as it is received); the source's current channel is checked out.
 */
export interface CloneOptions {
  /** Derive the graph again from the changes instead of taking the source's (see Repository.copyOf). */
  deriveGraph?: boolean;
}

export async function clone(
  sourcePath: string,
  targetPath: string,
  options: CloneOptions = {},
): Promise<{ channels: string[]; changes: number }> {
  if (existsSync(targetPath) && readdirSync(targetPath).length > 0) {
    throw new LineageError('CLONE_TARGET_NOT_EMPTY', `${targetPath} exists and is not empty`, {
      kind: 'usage',
      hint: 'clone into a new or empty directory',
    });
  }
  const source = await AtomicRepository.open(sourcePath);
  try {
    // The source's store, channels and tags, copied and checked; not replayed. A copy that fails
    // its checks leaves nothing behind.
    const target = await AtomicRepository.copyOf(source, targetPath, options).catch((error) => {
      rmSync(layoutOf(resolve(targetPath)).dot, { recursive: true, force: true });
      throw error;
    });
    try {
      const channels = target.channels();
      const current = source.currentChannel();
      target.saveTracking({ channel: current, adds: [], removes: [], moves: [] });
      const output = snapshotOutput(target.pristine, current);
      writeOutput(target.layout, current, output, [...output.keys()]);
      const changes = new Set(channels.flatMap((name) => target.pristine.log(name).map((entry) => entry.hash)));
      return { channels, changes: changes.size };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
