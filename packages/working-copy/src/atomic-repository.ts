import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import type { Repository } from '@lineage/patch-graph';
import { acquireLock, type FileLock } from '@lineage/safe-fs';
import type { TagStore } from '@lineage/tag-consolidation';
import { resolveAuthor } from './author.js';
import { readConfig, userConfigPath } from './config.js';
import { injectFaults } from './faults.js';
import { findRoot, isRepository, type Layout, layoutOf } from './layout.js';
import { readTracking, type TrackingState, writeTracking } from './tracking.js';

export interface OpenOptions {
  /** Take the repository lock (every command that writes): names the command for contenders. */
  lock?: string;
  env?: NodeJS.ProcessEnv;
}

/** Channels used to preview an operation; never shown, removed by the next writer. */
const PREVIEW_PREFIX = '.preview-';

/**
 * A repository on disk: the working copy rooted at `root` and its `.atomic/` directory (the
 * pristine of `@lineage/patch-graph`, holding the changes, and its tags, config, the current
 * channel, tracking requests). Writers hold `.atomic/lock` from open to close, so two processes never
 * interleave; readers rely on SQLite's snapshot reads.
 */
export class AtomicRepository {
  private constructor(
    readonly layout: Layout,
    readonly pristine: Repository,
    /** The repository's tags: attached to the pristine, so changes may depend on them. */
    readonly tags: TagStore,
    private readonly lock: FileLock | null,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  get root(): string {
    return this.layout.root;
  }

  /** Creates a repository in `dir` with the channel `main`; refuses an existing one. */
  static async init(dir: string, options: OpenOptions = {}): Promise<AtomicRepository> {
    const root = resolve(dir);
    if (isRepository(root)) {
      throw new LineageError('REPOSITORY_EXISTS', `${root} is already an atomic repository`, {
        hint: 'use it as it is, or choose another directory',
      });
    }
    mkdirSync(layoutOf(root).dot, { recursive: true });
    const repo = await AtomicRepository.openAt(root, { ...options, lock: options.lock ?? 'atomic init' });
    repo.pristine.createChannel('main');
    writeTracking(repo.layout.state, { channel: 'main', adds: [], removes: [], moves: [] });
    return repo;
  }

  /**
   * A new repository in `dir` holding a copy of `source`'s changes, channels and tags, checked
   * as received from a stranger (see Repository.copyOf); the caller chooses the current channel.
   */
  static async copyOf(
    source: AtomicRepository,
    dir: string,
    options: { deriveGraph?: boolean } = {},
  ): Promise<AtomicRepository> {
    const root = resolve(dir);
    if (isRepository(root)) {
      throw new LineageError('REPOSITORY_EXISTS', `${root} is already an atomic repository`, {
        hint: 'clone into a new or empty directory',
      });
    }
    mkdirSync(layoutOf(root).dot, { recursive: true });
    const repo = await AtomicRepository.openAt(root, {
      lock: 'atomic clone',
      copyOf: { source: source.layout.pristine, deriveGraph: options.deriveGraph },
    });
    try {
      // Tags arrive as a pull receives them: each checked against the changes just copied.
      const { allTags, openParcels, receiveTags } = await import('@lineage/tag-consolidation');
      const changeOf = (hash: string) => repo.pristine.changes.read(hash);
      receiveTags(repo.tags, openParcels(allTags(source.tags)), changeOf, () => undefined);
    } catch (error) {
      await repo.close();
      throw error;
    }
    return repo;
  }

  /** Opens the repository containing `start` (NOT_IN_REPOSITORY when there is none). */
  static open(start: string, options: OpenOptions = {}): Promise<AtomicRepository> {
    return AtomicRepository.openAt(findRoot(start), options);
  }

  private static async openAt(
    root: string,
    options: OpenOptions & { copyOf?: { source: string; deriveGraph?: boolean } },
  ): Promise<AtomicRepository> {
    const layout = layoutOf(root);
    const env = options.env ?? process.env;
    let lock: FileLock | null = null;
    if (options.lock) {
      const timeoutMs = Number(env.ATOMIC_LOCK_TIMEOUT_MS ?? 10_000);
      lock = await acquireLock(layout.lock, { timeoutMs, purpose: options.lock });
    }
    try {
      // Loaded here, not at module load: commands that never open a repository skip SQLite.
      const [{ Repository }, { TagStore, tagSchema }] = await Promise.all([
        import('@lineage/patch-graph'),
        import('@lineage/tag-consolidation'),
      ]);
      const schemas = [tagSchema];
      const pristine = options.copyOf
        ? await Repository.copyOf(options.copyOf.source, layout.pristine, {
            schemas,
            deriveGraph: options.copyOf.deriveGraph,
          })
        : await Repository.open(layout.pristine, { schemas });
      const repo = new AtomicRepository(layout, pristine, new TagStore(pristine), lock, env);
      if (env.ATOMIC_FAULT) injectFaults(repo.pristine);
      if (lock) repo.dropPreviews();
      return repo;
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.pristine.close();
    } finally {
      this.lock?.release();
    }
  }

  // ---- working-copy state ----

  tracking(): TrackingState {
    return readTracking(this.layout.state);
  }

  saveTracking(state: TrackingState): void {
    this.requireWriter();
    writeTracking(this.layout.state, state);
  }

  currentChannel(): string {
    return this.tracking().channel;
  }

  /** The channel named, or the current one; NOT_FOUND when it does not exist. */
  channel(name?: string): string {
    const channel = name ?? this.currentChannel();
    if (channel.startsWith(PREVIEW_PREFIX) || !this.pristine.hasChannel(channel)) {
      throw new NotFoundError('CHANNEL_NOT_FOUND', `there is no channel named ${quoteInput(channel)}`, {
        hint: `existing channels: ${this.channels().join(', ')}`,
        details: { channel },
      });
    }
    return channel;
  }

  channels(): string[] {
    return this.pristine.channels().filter((name) => !name.startsWith(PREVIEW_PREFIX));
  }

  validateNewChannel(name: string): string {
    if (name.startsWith(PREVIEW_PREFIX)) {
      throw new UsageError('CHANNEL_NAME_INVALID', `${quoteInput(name)} is reserved`, {
        hint: `channel names may not start with ${PREVIEW_PREFIX}`,
      });
    }
    return name;
  }

  author(flag?: string): string {
    return resolveAuthor({
      flag,
      env: this.env,
      repository: readConfig(this.layout.config),
      user: readConfig(userConfigPath(this.env)),
      gitCwd: this.root,
    });
  }

  /** Full hash for a hash or unique prefix (at least four characters). */
  resolveHash(prefix: string): string {
    return this.pristine.changes.resolvePrefix(prefix);
  }

  /**
   * Runs `work` on a throwaway fork of `channel` and returns its result: how an operation is
   * previewed before it touches the real channel (the working-copy rule, `diff --channel`).
   */
  withPreview<T>(channel: string, work: (preview: string) => T): T {
    this.requireWriter();
    const preview = `${PREVIEW_PREFIX}${process.pid}`;
    if (this.pristine.hasChannel(preview)) this.pristine.deleteChannel(preview);
    this.pristine.forkChannel(channel, preview);
    try {
      return work(preview);
    } catch (error) {
      // The preview stands for `channel`: errors name the channel the user knows.
      if (error instanceof Error) error.message = error.message.replaceAll(preview, channel);
      if (error instanceof LineageError) {
        for (const [key, value] of Object.entries(error.details)) if (value === preview) error.details[key] = channel;
      }
      throw error;
    } finally {
      this.pristine.deleteChannel(preview);
    }
  }

  requireWriter(): void {
    if (!this.lock) throw new Error('internal: a write without the repository lock');
  }

  /** A writer that died mid-preview left its preview channel behind; we hold the lock now. */
  private dropPreviews(): void {
    for (const name of this.pristine.channels()) {
      if (name.startsWith(PREVIEW_PREFIX)) this.pristine.deleteChannel(name);
    }
  }
}

/** Opens, runs `work`, and always closes (releasing the lock). */
export async function withRepository<T>(
  start: string,
  options: OpenOptions,
  work: (repo: AtomicRepository) => Promise<T> | T,
): Promise<T> {
  const repo = await AtomicRepository.open(start, options);
  try {
    return await work(repo);
  } finally {
    await repo.close();
  }
}
