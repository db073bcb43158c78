import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from './repository.js';
import { NO_TAGS } from './tag-resolver.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

describe('prune', () => {
  it('removes the changes no channel holds and no tag covers, and nothing a channel shows', async () => {
    const repo = await tempRepository();
    const kept = recordText(repo, 'main', 'f', 'a\n');
    repo.forkChannel('main', 'agent');
    const agentOnly = recordText(repo, 'agent', 'f', `a\n${'agent line\n'.repeat(2000)}`);
    const covered = recordText(repo, 'agent', 'g', 'tagged\n');
    repo.forkChannel('main', 'undone');
    const undone = recordText(repo, 'undone', 'h', 'h\n');
    repo.unrecord('undone', [undone]);
    repo.deleteChannel('agent');
    repo.useTags({ ...NO_TAGS, containing: (hash) => (hash === covered ? ['T'] : []) });

    expect(repo.prune({ dryRun: true }).changes).toEqual([agentOnly, undone].sort());
    expect(repo.changes.has(agentOnly)).toBe(true);
    const pruned = repo.prune();
    expect(pruned.changes).toEqual([agentOnly, undone].sort());
    expect(pruned.bytes).toBeGreaterThan(0);
    expect(repo.changes.has(agentOnly)).toBe(false);
    expect(repo.changes.has(covered)).toBe(true);
    expect(repo.changes.has(kept)).toBe(true);
    expect(readText(repo, 'main', 'f')).toBe('a\n');
    expect(repo.prune().changes).toEqual([]);

    // The repository works on, and copies: a pruned change is not asked of a copy.
    recordText(repo, 'main', 'f', 'a\nb\n');
    const dir = mkdtempSync(join(tmpdir(), 'patch-graph-pruned-'));
    try {
      const copy = await Repository.copyOf(repo.dir, dir);
      expect(readText(copy, 'main', 'f')).toBe('a\nb\n');
      await copy.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
