import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JsonValue, Repository } from '@lineage/patch-graph';
import { type Attribution, attributionMetadata } from './attribution.js';
import { tagSchema } from './schema.js';
import { TagStore } from './tag-store.js';

const open: Array<{ repo: Repository; dir: string }> = [];

/** A repository with the tag tables and a tag store, channel `main`, in a temporary directory. */
export async function tempTagRepository(): Promise<{ repo: Repository; tags: TagStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tags-'));
  const repo = await Repository.open(dir, { schemas: [tagSchema] });
  repo.createChannel('main');
  open.push({ repo, dir });
  return { repo, tags: new TagStore(repo), dir };
}

export async function closeTagRepositories(): Promise<void> {
  for (const { repo, dir } of open.splice(0)) {
    await repo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let clock = 0;

/**
 * Records `content` as the whole of `path` on `channel`, depending on the channel's latest
 * consolidating tag as `atomic record` does (`consolidate: false` records full dependencies).
 */
export function write(
  tags: TagStore,
  channel: string,
  path: string,
  content: string,
  options: {
    consolidate?: boolean;
    attribution?: Attribution | null;
    minimalDeps?: boolean;
    extraDependencies?: readonly string[];
  } = {},
): string {
  const { repo } = tags;
  const bytes = new TextEncoder().encode(content);
  const files = new Set(repo.files(channel).map((entry) => entry.path));
  const parents = path
    .split('/')
    .slice(0, -1)
    .map((_, i, dirs) => dirs.slice(0, i + 1).join('/'))
    .filter((dir) => !files.has(dir));
  const latest = options.consolidate === false ? undefined : tags.latestConsolidating(channel);
  const result = repo.record(channel, {
    message: `edit ${path}`,
    authors: ['tester'],
    timestamp: new Date(Date.UTC(2026, 0, 1) + clock++ * 60_000).toISOString(),
    metadata: attributionMetadata(options.attribution ?? null) as Record<string, JsonValue>,
    consolidation: latest && { tag: latest.hash, name: latest.name, always: options.minimalDeps },
    extraDependencies: options.extraDependencies && [...options.extraDependencies],
    edits: [
      ...parents.map((dir) => ({ type: 'add' as const, path: dir, kind: 'dir' as const })),
      files.has(path) ? { type: 'write', path, content: bytes } : { type: 'add', path, content: bytes },
    ],
  });
  if (!result) throw new Error(`nothing to record for ${path}`);
  return result.hash;
}

export const text = (repo: Repository, channel: string, path: string) =>
  new TextDecoder().decode(repo.readFile(channel, path));
