import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Repository } from './repository.js';
import { readText, recordText } from './test-helpers.js';

// A repository written by patch-graph's schema 2 (main before issue 10: a graph and a log per
// channel, packed edge snapshots), made by fixtures/schema-2/make-fixture.mjs with that build,
// and what it showed then.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'schema-2');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Record<string, Shown> & {
  unrecorded: string;
};

interface Shown {
  log: Array<{ hash: string; seq: number; state: string }>;
  state: string;
  files: Array<{ path: string; kind: string; executable: boolean }>;
  contents: Record<string, string>;
  conflicts: unknown[];
  graph: string;
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openCopy(): Promise<{ repo: Repository; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'migration-'));
  dirs.push(dir);
  cpSync(join(FIXTURE, 'repo'), dir, { recursive: true });
  return { repo: await Repository.open(dir), dir };
}

function shown(repo: Repository, channel: string): Shown {
  const files = repo.files(channel);
  return {
    log: repo.log(channel),
    state: repo.state(channel),
    files,
    contents: Object.fromEntries(
      files.filter((f) => f.kind !== 'dir').map((f) => [f.path, sha256(repo.readFile(channel, f.path))]),
    ),
    conflicts: repo.conflicts(channel),
    graph: sha256(JSON.stringify(repo.graphSnapshot(channel))),
  };
}

describe('a repository from schema 2, opened by this version', () => {
  it('shows every channel as before: logs, states, files, bytes, conflicts and graph', async () => {
    const { repo } = await openCopy();
    expect(repo.channels()).toEqual(['agent', 'early', 'main', 'temp']);
    for (const channel of repo.channels()) expect(shown(repo, channel)).toEqual(expected[channel]);
    await repo.close();
  });

  it('is migrated once, in place, into a smaller file, and works on: record, fork, unrecord, delete', async () => {
    const { repo, dir } = await openCopy();
    await repo.close();
    const migratedSize = statSync(join(dir, 'pristine.db')).size;
    expect(migratedSize).toBeLessThan(statSync(join(FIXTURE, 'repo', 'pristine.db')).size / 2);
    const again = await Repository.open(dir);
    expect(shown(again, 'main')).toEqual(expected.main);
    const edit = recordText(again, 'main', 'a.txt', 'resolved\n');
    again.forkChannel('main', 'fork');
    expect(again.state('fork')).toBe(again.state('main'));
    again.unrecord('main', [edit]);
    expect(again.state('main')).toBe(expected.main?.state);
    expect(readText(again, 'fork', 'a.txt')).toBe('resolved\n');
    // The change no channel held is still in the store, and applies again.
    again.apply('temp', [expected.unrecorded]);
    expect(readText(again, 'temp', 'a.txt')).toBe('temp\n');
    again.deleteChannel('fork');
    expect(again.channels()).toEqual(['agent', 'early', 'main', 'temp']);
    await again.close();
  });
});

// A repository written by schema 4 (main before the large-file work of issue 9: kept outputs held
// every byte), made by fixtures/schema-4/make-fixture.mjs with that build, and what it showed then.
const FIXTURE_4 = join(import.meta.dirname, 'fixtures', 'schema-4');
const expected4 = JSON.parse(readFileSync(join(FIXTURE_4, 'expected.json'), 'utf8')) as {
  kept: number;
} & Record<'main' | 'other', Pick<Shown, 'log' | 'state' | 'contents'>>;

describe('a repository from schema 4, opened by this version', () => {
  it('drops the old kept outputs, shows the same bytes, and keeps outputs anew as it records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migration-'));
    dirs.push(dir);
    cpSync(join(FIXTURE_4, 'repo'), dir, { recursive: true });
    const keptOutputs = (repo: Repository) =>
      repo.database.prepare("SELECT count(*) FROM derived_cache WHERE kind LIKE 'output:%'").pluck().get();
    expect(expected4.kept).toBeGreaterThan(0);
    const repo = await Repository.open(dir);
    expect(keptOutputs(repo)).toBe(0);
    for (const channel of ['main', 'other'] as const) {
      expect(repo.log(channel)).toEqual(expected4[channel].log);
      expect(repo.state(channel)).toBe(expected4[channel].state);
      for (const path of ['big.txt', 'small.txt']) {
        expect(sha256(repo.readFile(channel, path))).toBe(expected4[channel].contents[path]);
      }
    }
    const big = `${readText(repo, 'main', 'big.txt')}one more row\n`;
    recordText(repo, 'main', 'big.txt', big);
    await repo.close();
    const again = await Repository.open(dir);
    expect(keptOutputs(again)).toBeGreaterThan(0);
    expect(readText(again, 'main', 'big.txt')).toBe(big);
    expect(sha256(again.readFile('other', 'big.txt'))).toBe(expected4.other.contents['big.txt']);
    await again.close();
  });
});
