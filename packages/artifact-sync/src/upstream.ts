import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '@lineage/content-hash';
import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';
import { withLock } from '@lineage/safe-fs';
import { GitCommandError, isTransientGitError, runGit } from './git.js';
import { type RetryPolicy, withRetry } from './retry.js';
import type { PinKind } from './store.js';
import {
  type ArtifactLimits,
  type ArtifactTree,
  checkEntryPath,
  checkSymlink,
  type FileMode,
  isExcludedName,
  LimitCheck,
} from './tree.js';

/** A ref resolved on the remote: the commit, how it was pinned, and the tag or branch name to show. */
export interface ResolvedRef {
  sha: string;
  pin: PinKind;
  version: string | null;
  /** The full ref to fetch when a server will not serve a bare commit id. */
  refName: string | null;
}

export interface UpstreamClientOptions {
  cacheDir: string;
  retry: RetryPolicy;
  limits: ArtifactLimits;
  lockTimeoutMs: number;
}

/** What one call carries: a signal to stop it, and an observer told of each retry (the operation logs it). */
export interface NetworkCall {
  signal?: AbortSignal;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; error: unknown }) => void;
}

const FULL_SHA = /^[0-9a-f]{40}$/;
const ABBREVIATED_SHA = /^[0-9a-f]{7,39}$/;

/**
 * Reads upstream repositories. A check asks the remote for a ref's commit with `git ls-remote`
 * (no objects transferred); a read fetches just that commit, shallow, into a bare cache
 * repository per URL, then lists the artifact's files with their sizes and checks every path,
 * link and size before a single blob is read. Network commands are retried with backoff.
 */
export class UpstreamClient {
  private readonly fetching = new Map<string, Promise<unknown>>();

  constructor(private readonly options: UpstreamClientOptions) {}

  /** Resolves several refs of one repository with a single `git ls-remote`. */
  async resolve(
    url: string,
    refs: readonly (string | null)[],
    call: NetworkCall = {},
  ): Promise<Map<string | null, ResolvedRef>> {
    const patterns = new Set<string>();
    for (const ref of refs) {
      if (ref === null) patterns.add('HEAD');
      else if (!FULL_SHA.test(ref))
        for (const name of [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/tags/${ref}^{}`]) patterns.add(name);
    }
    const advertised = new Map<string, string>();
    let defaultBranch: string | null = null;
    if (patterns.size > 0) {
      const { stdout } = await this.network(url, ['ls-remote', '--symref', url, ...patterns], call);
      for (const line of stdout.toString('utf8').split('\n')) {
        const [left, name] = line.split('\t');
        if (!left || !name) continue;
        if (left.startsWith('ref: ')) defaultBranch = left.slice('ref: refs/heads/'.length);
        else advertised.set(name, left);
      }
    }
    const resolved = new Map<string | null, ResolvedRef>();
    for (const ref of refs) resolved.set(ref, await this.resolveOne(url, ref, advertised, defaultBranch, call));
    return resolved;
  }

  private async resolveOne(
    url: string,
    ref: string | null,
    advertised: Map<string, string>,
    defaultBranch: string | null,
    call: NetworkCall = {},
  ): Promise<ResolvedRef> {
    if (ref === null) {
      const sha = advertised.get('HEAD');
      if (sha) return { sha, pin: 'default', version: defaultBranch, refName: 'HEAD' };
      throw new NotFoundError('UPSTREAM_EMPTY', `${url} has no default branch (an empty repository?)`, {
        hint: 'push a commit to it, or name a ref with REPO#PATH@REF',
      });
    }
    if (FULL_SHA.test(ref)) return { sha: ref, pin: 'sha', version: ref.slice(0, 12), refName: null };
    const tag = advertised.get(`refs/tags/${ref}^{}`) ?? advertised.get(`refs/tags/${ref}`);
    if (tag) return { sha: tag, pin: 'tag', version: ref, refName: `refs/tags/${ref}` };
    const branch = advertised.get(`refs/heads/${ref}`);
    if (branch) return { sha: branch, pin: 'branch', version: ref, refName: `refs/heads/${ref}` };
    if (ABBREVIATED_SHA.test(ref)) {
      return { sha: await this.expandAbbreviation(url, ref, call), pin: 'sha', version: ref, refName: null };
    }
    throw new NotFoundError('UPSTREAM_REF_NOT_FOUND', `${url} has no tag or branch ${quoteInput(ref)}`, {
      hint: 'list its refs with `git ls-remote URL`; a commit must be given as a full or abbreviated hexadecimal id',
      details: { url, ref },
    });
  }

  /** An abbreviated commit cannot be asked for by name: fetch the branches and tags, then look it up locally. */
  private async expandAbbreviation(url: string, ref: string, call: NetworkCall = {}): Promise<string> {
    return this.withCache(url, async (cache) => {
      await this.network(
        url,
        [
          '-C',
          cache,
          'fetch',
          '--quiet',
          '--no-tags',
          url,
          '+refs/heads/*:refs/lineage/heads/*',
          '+refs/tags/*:refs/lineage/tags/*',
        ],
        call,
      );
      try {
        const { stdout } = await runGit(['-C', cache, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
        return stdout.toString('utf8').trim();
      } catch {
        throw new NotFoundError('UPSTREAM_REF_NOT_FOUND', `${url} has no commit, tag or branch ${quoteInput(ref)}`, {
          hint: 'give a commit reachable from a branch or tag, or its full 40-character id',
          details: { url, ref },
        });
      }
    });
  }

  /**
   * The artifact at `path` in commit `ref.sha`, checked for unsafe paths, links and sizes
   * before its bytes are read. `singleFile` names the one-file tree a file artifact becomes;
   * `null` expects a directory.
   */
  async read(
    url: string,
    ref: ResolvedRef,
    path: string,
    shape: { singleFile: string | null } | 'inspect',
    call: NetworkCall = {},
  ): Promise<{ tree: ArtifactTree; directory: boolean }> {
    const cache = await this.ensureCommit(url, ref, call);
    const origin = `upstream ${url}${path ? `#${path}` : ''}@${ref.version ?? ref.sha.slice(0, 12)}`;
    // One command for the common case: the path is a directory, listed whole.
    const listing = await runGit(['-C', cache, 'ls-tree', '-r', '-z', '--long', `${ref.sha}:${path}`]).catch(
      () => null,
    );
    const directory = listing !== null || (await this.typeOf(cache, ref.sha, path, url)) === 'tree';
    if (shape !== 'inspect' && directory !== (shape.singleFile === null)) {
      throw new UsageError(
        'ARTIFACT_SHAPE_MISMATCH',
        `${origin} is a ${directory ? 'directory' : 'file'}, but this artifact kind is ${directory ? 'a single file' : 'a directory'}`,
        {
          hint: 'check the path and the --kind: skills and MCP servers are directories; commands, agents and hooks are .md files',
        },
      );
    }
    const treeish = `${ref.sha}:${path}`;
    const entries = directory
      ? this.parseListing(
          (listing ?? (await runGit(['-C', cache, 'ls-tree', '-r', '-z', '--long', treeish]))).stdout,
          origin,
        )
      : [
          await this.describeBlob(
            cache,
            ref.sha,
            path,
            shape === 'inspect' || shape.singleFile === null ? path : shape.singleFile,
            origin,
          ),
        ];
    const blobs = await this.readBlobs(
      cache,
      entries.map((entry) => entry.object),
    );
    const tree: ArtifactTree = new Map();
    for (const entry of entries) {
      const bytes = blobs.get(entry.object) as Uint8Array;
      if (entry.mode === 'symlink') checkSymlink(entry.path, Buffer.from(bytes).toString('utf8'), origin);
      tree.set(entry.path, { bytes, mode: entry.mode });
    }
    return { tree, directory };
  }

  private async typeOf(cache: string, sha: string, path: string, url: string): Promise<'tree' | 'blob'> {
    try {
      const { stdout } = await runGit([
        '-C',
        cache,
        'cat-file',
        '-t',
        path === '' ? `${sha}^{tree}` : `${sha}:${path}`,
      ]);
      const type = stdout.toString('utf8').trim();
      if (type === 'tree' || type === 'blob') return type;
    } catch {
      // Reported below: the path is not in that commit.
    }
    throw new NotFoundError(
      'UPSTREAM_PATH_NOT_FOUND',
      `${url} has no ${quoteInput(path || '/')} at ${sha.slice(0, 12)}`,
      {
        hint: 'check the path after # in REPO#PATH[@REF] (it is relative to the repository root)',
        details: { url, path, sha },
      },
    );
  }

  /** Checks every entry of an `ls-tree -r --long` listing — paths, submodules, sizes — before any blob is read. */
  private parseListing(stdout: Buffer, origin: string): UpstreamEntry[] {
    const check = new LimitCheck(this.options.limits, origin);
    const entries: UpstreamEntry[] = [];
    for (const record of stdout.toString('utf8').split('\0')) {
      if (record === '') continue;
      const tab = record.indexOf('\t');
      const [mode, type, object, size] = record.slice(0, tab).split(/\s+/) as [string, string, string, string];
      const path = record.slice(tab + 1);
      if (path.split('/').some(isExcludedName)) continue;
      checkEntryPath(path, origin);
      if (type === 'commit') {
        throw new LineageError(
          'UPSTREAM_SUBMODULE',
          `${origin} holds a submodule at ${quoteInput(path)}; nothing was written`,
          {
            hint: 'artifacts hold files only: vendor the submodule’s files into the repository, or point at a path without it',
          },
        );
      }
      check.add(path, Number(size));
      entries.push({ path, object, mode: modeOf(mode) });
    }
    return entries;
  }

  private async describeBlob(
    cache: string,
    sha: string,
    path: string,
    as: string,
    origin: string,
  ): Promise<UpstreamEntry> {
    const { stdout } = await runGit(['-C', cache, 'ls-tree', '-z', '--long', sha, '--', path]);
    const record = stdout.toString('utf8').split('\0')[0] ?? '';
    const [mode, , object, size] = record.slice(0, record.indexOf('\t')).split(/\s+/) as [
      string,
      string,
      string,
      string,
    ];
    new LimitCheck(this.options.limits, origin).add(as, Number(size));
    return { path: as, object, mode: modeOf(mode) };
  }

  /** Reads blobs through one `git cat-file --batch`, checking that each is what was asked for. */
  private async readBlobs(cache: string, objects: readonly string[]): Promise<Map<string, Uint8Array>> {
    const unique = [...new Set(objects)];
    const blobs = new Map<string, Uint8Array>();
    if (unique.length === 0) return blobs;
    const { stdout } = await runGit(['-C', cache, 'cat-file', '--batch'], { input: `${unique.join('\n')}\n` });
    let offset = 0;
    for (const object of unique) {
      const headerEnd = stdout.indexOf(0x0a, offset);
      const [oid, type, size] = stdout.subarray(offset, headerEnd).toString('utf8').split(' ');
      if (oid !== object || type !== 'blob') {
        throw new LineageError('UPSTREAM_READ_FAILED', `git returned ${oid} ${type} when ${object} was asked for`, {
          hint: 'the upstream cache may be damaged: delete the collection’s upstreams/ directory and try again',
        });
      }
      const start = headerEnd + 1;
      blobs.set(object, new Uint8Array(stdout.subarray(start, start + Number(size))));
      offset = start + Number(size) + 1;
    }
    return blobs;
  }

  /** Makes sure the commit is in the cache: checked without a lock, fetched under the cache's lock. */
  private async ensureCommit(url: string, ref: ResolvedRef, call: NetworkCall = {}): Promise<string> {
    const cache = this.cachePath(url);
    if (existsSync(cache) && (await hasCommit(cache, ref.sha))) return cache;
    await this.withCache(url, async () => {
      if (await hasCommit(cache, ref.sha)) return;
      try {
        await this.network(
          url,
          ['-C', cache, 'fetch', '--quiet', '--no-tags', '--depth=1', url, `+${ref.sha}:refs/lineage/${ref.sha}`],
          call,
        );
        return;
      } catch (error) {
        // Servers that serve refs only (dumb HTTP, old upload-pack): fetch the ref by name, whole.
        const failure = error instanceof LineageError ? error.details.failure : undefined;
        if (failure === undefined || failure === 'transient' || ref.refName === null) throw error;
        await this.network(
          url,
          ['-C', cache, 'fetch', '--quiet', '--no-tags', url, `+${ref.refName}:refs/lineage/${ref.sha}`],
          call,
        );
      }
      if (!(await hasCommit(cache, ref.sha))) {
        throw new LineageError('UPSTREAM_MOVED', `${url} no longer serves commit ${ref.sha.slice(0, 12)}`, {
          hint: 'the ref moved while it was being read; run the command again',
        });
      }
    });
    return cache;
  }

  /** Serializes fetches into one cache: within this process by a promise chain, across processes by a lock file. */
  private async withCache<T>(url: string, work: (cache: string) => Promise<T>): Promise<T> {
    const cache = this.cachePath(url);
    const previous = this.fetching.get(cache) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() =>
        withLock(
          `${cache}.lock`,
          async () => {
            if (!existsSync(cache)) {
              mkdirSync(cache, { recursive: true });
              await runGit(['init', '--quiet', '--bare', cache]);
            }
            return work(cache);
          },
          { timeoutMs: this.options.lockTimeoutMs, purpose: `fetch ${url}` },
        ),
      );
    this.fetching.set(cache, next);
    return next;
  }

  private network(url: string, args: readonly string[], call: NetworkCall = {}) {
    const { signal } = call;
    return withRetry(() => runGit(args, signal ? { signal } : {}), this.options.retry, {
      isTransient: isTransientGitError,
      onRetry: (info) => call.onRetry?.({ url, ...info }),
      ...(signal ? { signal } : {}),
    }).catch((error: unknown) => {
      throw upstreamError(url, error);
    });
  }

  private cachePath(url: string): string {
    return join(this.options.cacheDir, `${sha256Hex(url).slice(0, 16)}.git`);
  }
}

interface UpstreamEntry {
  path: string;
  object: string;
  mode: FileMode;
}

function modeOf(gitMode: string): FileMode {
  if (gitMode === '120000') return 'symlink';
  return gitMode === '100755' ? 'executable' : 'file';
}

async function hasCommit(cache: string, sha: string): Promise<boolean> {
  try {
    await runGit(['-C', cache, 'cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Turns a failed network command into the error a person can act on. */
export function upstreamError(url: string, error: unknown): unknown {
  if (!(error instanceof GitCommandError)) return error;
  const detail = error.message.replace(/^git \S+ failed: /, '');
  const details = { url, failure: error.failure, stderr: error.stderr };
  if (error.failure === 'not-found') {
    return new NotFoundError('UPSTREAM_NOT_FOUND', `cannot read ${url}: ${detail}`, {
      cause: error,
      hint: 'check the repository URL or path, and that the ref exists',
      details,
    });
  }
  if (error.failure === 'auth') {
    return new LineageError('UPSTREAM_AUTH_FAILED', `${url} refused access: ${detail}`, {
      cause: error,
      hint: 'set up git credentials for it (a credential helper or an SSH key); sync never prompts',
      details,
    });
  }
  return new LineageError(
    error.failure === 'transient' ? 'UPSTREAM_UNREACHABLE' : 'UPSTREAM_FAILED',
    `cannot reach ${url}: ${detail}`,
    {
      cause: error,
      hint:
        error.failure === 'transient'
          ? 'the network or the server failed after several attempts with backoff; try again later (drift falls back to the last check)'
          : 'run the git command by hand to see what it needs',
      details,
    },
  );
}
