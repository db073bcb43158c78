import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { EdgeFlag } from '@lineage/graph-output';
import { afterEach, describe, expect, it } from 'vitest';
import { type Change, parseChange, serializeChange } from './change.js';
import { summarizeChange } from './change-summary.js';
import { EMPTY_STATE_HASH } from './channels.js';
import { Repository } from './repository.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

describe('apply', () => {
  it('lists the missing dependencies, and applying twice is a no-op', async () => {
    const repo = await tempRepository();
    const first = recordText(repo, 'main', 'f', 'a\n');
    const second = recordText(repo, 'main', 'f', 'a\nb\n');
    repo.createChannel('empty');
    expect(() => repo.apply('empty', [second])).toThrow(
      expect.objectContaining({ code: 'MISSING_DEPENDENCIES', details: expect.objectContaining({ missing: [first] }) }),
    );
    expect(repo.dependencyClosure('empty', [second])).toEqual([first, second]);
    expect(repo.applyWithDependencies('empty', [second])).toEqual([first, second]);
    expect(repo.apply('empty', [second])).toEqual([]);
    expect(repo.state('empty')).toBe(repo.state('main'));
  });

  it('refuses a stored change whose bytes do not match its hash, naming it', async () => {
    const repo = await tempRepository();
    const hash = recordText(repo, 'main', 'f', 'a\nb\n');
    const db = (repo as unknown as { store: { raw: import('@lineage/sqlite-store').SqliteDatabase } }).store.raw;
    const packed = db.prepare('SELECT contents FROM change_data WHERE hash = ?').pluck().get(hash) as Uint8Array;
    const contents = brotliDecompressSync(packed);
    contents[0] = (contents[0] as number) ^ 1;
    db.prepare('UPDATE change_data SET contents = ? WHERE hash = ?').run(brotliCompressSync(contents), hash);
    repo.createChannel('other');
    expect(() => repo.apply('other', [hash])).toThrow(
      expect.objectContaining({ code: 'CHANGE_CORRUPT', message: expect.stringContaining(hash) }),
    );
    expect(repo.log('other')).toEqual([]);
  });

  it('resolves unique hash prefixes and reports unknown ones', async () => {
    const repo = await tempRepository();
    const hash = recordText(repo, 'main', 'f', 'a\n');
    expect(repo.changes.resolvePrefix(hash.slice(0, 6).toLowerCase())).toBe(hash);
    expect(() => repo.changes.resolvePrefix('abc')).toThrow(expect.objectContaining({ code: 'HASH_PREFIX_INVALID' }));
    const unknown = hash.startsWith('AAAA') ? 'BBBB' : 'AAAA';
    expect(() => repo.changes.resolvePrefix(unknown)).toThrow(expect.objectContaining({ code: 'CHANGE_NOT_FOUND' }));
  });
});

describe('changes', () => {
  it('serialize and parse back, tag dependencies included', async () => {
    const repo = await tempRepository();
    const hash = recordText(repo, 'main', 'f', 'a\n');
    const change = repo.changes.read(hash);
    const withTag = {
      ...change,
      dependencies: [...change.dependencies, { type: 'tag' as const, hash, name: 'v1.0' }],
      metadata: { attribution: { aiAssisted: true, model: 'm', confidence: 0.5 } },
    };
    expect(parseChange(serializeChange(withTag))).toEqual(withTag);
  });

  it('record puts authors, timestamp and metadata in the hashed header, and credit names each line', async () => {
    const repo = await tempRepository();
    const first = recordText(repo, 'main', 'f', 'a\nb\n');
    const second = repo.record('main', {
      message: 'second',
      authors: ['A', 'B'],
      timestamp: '2026-11-22T00:00:00Z',
      metadata: { attribution: { aiAssisted: true } },
      edits: [{ type: 'write', path: 'f', content: new TextEncoder().encode('a\nB\n') }],
    })?.hash as string;
    expect(repo.changeInfo(second)).toMatchObject({
      authors: ['A', 'B'],
      metadata: { attribution: { aiAssisted: true } },
    });
    expect(repo.credit('main', 'f').map((line) => line.change)).toEqual([first, second]);
    expect(repo.changes.read(second).dependencies).toEqual([{ type: 'change', hash: first }]);
  });

  it('nothing to record gives null', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'a\n');
    expect(
      repo.record('main', {
        message: 'x',
        authors: [],
        edits: [{ type: 'write', path: 'f', content: new TextEncoder().encode('a\n') }],
      }),
    ).toBeNull();
  });
});

describe('channels', () => {
  it('fork, rename, delete; the state depends on the set of changes only', async () => {
    const repo = await tempRepository();
    expect(repo.state('main')).toBe(EMPTY_STATE_HASH);
    recordText(repo, 'main', 'f', 'a\nb\n');
    repo.forkChannel('main', 'x');
    repo.forkChannel('main', 'y');
    const cx = recordText(repo, 'x', 'g', 'x\n');
    const cy = recordText(repo, 'y', 'h', 'y\n');
    repo.apply('x', [cy]);
    repo.apply('y', [cx]);
    expect(repo.log('x').map((e) => e.hash)).not.toEqual(repo.log('y').map((e) => e.hash));
    expect(repo.state('x')).toBe(repo.state('y'));
    repo.renameChannel('y', 'z');
    expect(repo.channels()).toEqual(['main', 'x', 'z']);
    repo.deleteChannel('z');
    expect(repo.channels()).toEqual(['main', 'x']);
    expect(() => repo.forkChannel('main', 'x')).toThrow(expect.objectContaining({ code: 'CHANNEL_EXISTS' }));
    expect(() => repo.state('nope')).toThrow(expect.objectContaining({ code: 'CHANNEL_NOT_FOUND' }));
  });

  it('forks at a state found in any channel history', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'one\n');
    const state = repo.state('main');
    recordText(repo, 'main', 'f', 'two\n');
    repo.forkAtState(state, 'old');
    expect(readText(repo, 'old', 'f')).toBe('one\n');
    expect(repo.state('old')).toBe(state);
    repo.forkAtState(EMPTY_STATE_HASH, 'blank');
    expect(repo.files('blank')).toEqual([]);
    expect(() => repo.forkAtState('NOPE', 'x')).toThrow(expect.objectContaining({ code: 'STATE_NOT_FOUND' }));
  });
});

describe('untrusted changes', () => {
  it('refuses a received change whose file name would escape the repository, applying nothing', async () => {
    const repo = await tempRepository();
    // A change adding a file named "..": name vertex "f.." (kind "f", name ".."), empty inode, one line.
    const evil: Change = {
      version: 1,
      header: { message: 'evil', authors: ['x'], timestamp: '2026-01-01T00:00:00Z' },
      dependencies: [],
      known: [],
      metadata: {},
      contents: new TextEncoder().encode('f..boom\n'),
      operations: [
        {
          type: 'vertices',
          kind: 'add',
          path: '..',
          inode: ['ROOT', 0],
          flag: EdgeFlag.FOLDER,
          up: [['ROOT', 0]],
          down: [],
          ranges: Uint32Array.of(0, 3, 3, 3),
        },
        {
          type: 'vertices',
          kind: 'edit',
          path: '..',
          inode: ['', 1],
          flag: 0,
          up: [['', 1]],
          down: [],
          ranges: Uint32Array.of(3, 8),
        },
      ],
    };
    expect(() => repo.applyChanges('main', [[null, evil]])).toThrow(
      expect.objectContaining({ code: 'CHANGE_UNSAFE_PATH' }),
    );
    expect(repo.log('main')).toEqual([]);
    expect(repo.files('main')).toEqual([]);
    // The same change with a plain name applies.
    const fine = { ...evil, contents: new TextEncoder().encode('fokboom\n') };
    repo.applyChanges('main', [[null, fine]]);
    expect(repo.files('main').map((f) => f.path)).toEqual(['ok']);
  });
});

describe('summarizeChange', () => {
  it('counts added and removed lines per file, and tree operations', async () => {
    const repo = await tempRepository();
    const first = recordText(repo, 'main', 'f', 'a\nb\nc\n');
    expect(summarizeChange(repo.changes.read(first))).toEqual([{ path: 'f', added: 3, removed: 0, tree: ['add'] }]);
    const second = recordText(repo, 'main', 'f', 'a\nB\n');
    expect(summarizeChange(repo.changes.read(second))).toEqual([{ path: 'f', added: 1, removed: 2, tree: [] }]);
    const move = repo.record('main', { message: 'mv', authors: [], edits: [{ type: 'move', from: 'f', to: 'g' }] });
    expect(summarizeChange(move?.change as Change)).toEqual([
      { path: 'f', added: 0, removed: 0, tree: ['move'] },
      { path: 'g', added: 0, removed: 0, tree: ['move'] },
    ]);
  });
});

describe('change store', () => {
  it('refuses received bytes that do not hash to the announced change, storing nothing', async () => {
    const repo = await tempRepository();
    const hash = recordText(repo, 'main', 'f', 'a\n');
    const other = await tempRepository();
    const bytes = repo.changes.readCompressed(hash);
    expect(other.changes.writeReceived(hash, bytes).header.message).toBe('edit f');
    const wrong = hash.startsWith('A') ? `B${hash.slice(1)}` : `A${hash.slice(1)}`;
    const fresh = await tempRepository();
    expect(() => fresh.changes.writeReceived(wrong, bytes)).toThrow(
      expect.objectContaining({ code: 'CHANGE_CORRUPT' }),
    );
    expect(fresh.changes.has(wrong)).toBe(false);
  });

  it('a dependency on a tag this repository lacks is reported, not silently skipped', async () => {
    const repo = await tempRepository();
    const hash = recordText(repo, 'main', 'f', 'a\n');
    const change = repo.changes.read(hash);
    const tagged = repo.changes.write({ ...change, dependencies: [{ type: 'tag', hash, name: 'v1' }] });
    repo.createChannel('t');
    expect(() => repo.dependencyClosure('t', [tagged])).toThrow(expect.objectContaining({ code: 'TAG_NOT_FOUND' }));
    expect(() => repo.apply('t', [tagged])).toThrow(expect.objectContaining({ code: 'MISSING_DEPENDENCIES' }));
  });
});

describe('reopening', () => {
  it('a repository reopened from disk has the same channels, outputs, conflicts and states, and records on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reopen-'));
    try {
      const first = await Repository.open(dir);
      first.createChannel('main');
      recordText(first, 'main', 'f', 'a\nb\n');
      first.forkChannel('main', 'other');
      recordText(first, 'main', 'f', 'a\nx\nb\n');
      const y = recordText(first, 'other', 'f', 'a\ny\nb\n');
      first.apply('main', [y]);
      const before = {
        text: readText(first, 'main', 'f'),
        state: first.state('main'),
        conflicts: first.conflicts('main'),
      };
      await first.close();
      const second = await Repository.open(dir);
      expect({
        text: readText(second, 'main', 'f'),
        state: second.state('main'),
        conflicts: second.conflicts('main'),
      }).toEqual(before);
      recordText(second, 'main', 'f', 'a\nx\ny\nb\n');
      expect(readText(second, 'main', 'f')).toBe('a\nx\ny\nb\n');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
