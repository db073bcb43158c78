import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Repository } from './repository.js';

const open: Array<{ repo: Repository; dir: string }> = [];

/** A repository in a fresh temporary directory with a `main` channel. */
export async function tempRepository(): Promise<Repository> {
  const dir = mkdtempSync(join(tmpdir(), 'patch-graph-'));
  const repo = await Repository.open(dir);
  repo.createChannel('main');
  open.push({ repo, dir });
  return repo;
}

export async function closeRepositories(): Promise<void> {
  for (const { repo, dir } of open.splice(0)) {
    await repo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const encoder = new TextEncoder();
let clock = 0;

/** Records `content` as the whole of `path` (adding the file when it is new); returns the hash. */
export function recordText(repo: Repository, channel: string, path: string, content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? encoder.encode(content) : content;
  const tracked = repo.files(channel).some((entry) => entry.path === path);
  const result = repo.record(channel, {
    message: `edit ${path}`,
    authors: ['tester <t@example.com>'],
    timestamp: new Date(Date.UTC(2026, 0, 1) + clock++ * 1000).toISOString(),
    edits: [tracked ? { type: 'write', path, content: bytes } : { type: 'add', path, content: bytes }],
  });
  if (!result) throw new Error(`nothing to record for ${path}`);
  return result.hash;
}

export function readText(repo: Repository, channel: string, path: string): string {
  return Buffer.from(repo.readFile(channel, path)).toString('latin1');
}
