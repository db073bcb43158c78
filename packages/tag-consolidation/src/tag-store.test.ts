import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Repository } from '@lineage/patch-graph';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTag } from './create-tag.js';
import { tagSchema } from './schema.js';
import { hashTag, parseTag, serializeTag, type Tag } from './tag.js';
import { TagStore } from './tag-store.js';
import { closeTagRepositories, tempTagRepository, text, write } from './test-helpers.js';
import { openParcels, receiveTags } from './transfer.js';

afterEach(closeTagRepositories);

/** `count` records on `channel`, each appending a line to `file` (so each depends on the one before). */
function sprint(tags: Parameters<typeof write>[0], channel: string, from: number, count: number, file = 'notes.txt') {
  const { repo } = tags;
  const hashes: string[] = [];
  for (let i = from; i < from + count; i++) {
    const before = repo.files(channel).some((entry) => entry.path === file) ? text(repo, channel, file) : '';
    hashes.push(write(tags, channel, file, `${before}line ${i}\n`));
  }
  return hashes;
}

describe('tags', () => {
  it('names the set of a channel, and a consolidating tag becomes the one dependency of the next change', async () => {
    const { repo, tags } = await tempTagRepository();
    const first = sprint(tags, 'main', 1, 25);
    expect(repo.changes.read(first[24] as string).dependencies).toEqual([{ type: 'change', hash: first[23] }]);
    const { tag: v1, folded } = createTag(tags, {
      channel: 'main',
      name: 'v1.0',
      consolidate: true,
      author: 'Ada',
      message: 'Sprint 1',
    });
    expect(folded).toBe(25);
    expect(v1).toMatchObject({
      name: 'v1.0',
      channel: 'main',
      state: repo.state('main'),
      consolidating: true,
      base: null,
      previousConsolidation: null,
      since: null,
      consolidatedChangeCount: 25,
      dependencyCountBefore: 1,
      dependencyCountAfter: 1,
      message: 'Sprint 1',
      author: 'Ada',
    });
    expect(tags.changes(v1.hash)).toEqual(first);

    // The tag file is the tag object, hashed: parse it back.
    const path = tags.files.pathOf(v1.hash);
    const parsed = parseTag(inflateSync(readFileSync(path)));
    expect(hashTag(parsed)).toBe(v1.hash);
    expect(parsed.changes).toEqual(first);

    const [c26] = sprint(tags, 'main', 26, 1);
    expect(repo.changes.read(c26 as string).dependencies).toEqual([{ type: 'tag', hash: v1.hash, name: 'v1.0' }]);
    // Changes before the tag keep their dependencies.
    expect(repo.changes.read(first[24] as string).dependencies).toEqual([{ type: 'change', hash: first[23] }]);

    const second = sprint(tags, 'main', 27, 24);
    const {
      tag: v2,
      since,
      folded: folded2,
    } = createTag(tags, { channel: 'main', name: 'v2.0', consolidate: true, author: 'Ada' });
    expect(since?.name).toBe('v1.0');
    expect(folded2).toBe(25);
    // It extends v1.0: its file lists only the 25 changes since.
    expect(v2).toMatchObject({
      base: v1.hash,
      previousConsolidation: v1.hash,
      since: v1.hash,
      consolidatedChangeCount: 50,
    });
    expect(tags.added(v2)).toEqual([c26, ...second]);
    expect(tags.changes(v2.hash)).toEqual(repo.log('main').map((entry) => entry.hash));
    expect(tags.covers(v2.hash, first[0] as string)).toBe(true);
    expect(tags.covers(v1.hash, c26 as string)).toBe(false);
    expect(tags.containing(first[0] as string).sort()).toEqual([v1.hash, v2.hash].sort());
    expect(tags.latestConsolidating('main')?.name).toBe('v2.0');

    // A change depending on v2.0 applies to an empty channel: its closure is the 50 changes, in order.
    const [c51] = sprint(tags, 'main', 51, 1);
    repo.createChannel('fresh');
    const order = repo.dependencyClosure('fresh', [c51 as string]);
    expect(order).toHaveLength(51);
    repo.apply('fresh', order);
    expect(text(repo, 'fresh', 'notes.txt')).toBe(text(repo, 'main', 'notes.txt'));
  });

  it('generates names, refuses duplicates, and consolidates --since an older tag', async () => {
    const { tags } = await tempTagRepository();
    sprint(tags, 'main', 1, 3);
    const plain = createTag(tags, { channel: 'main', author: 'Ada' }).tag;
    expect(plain).toMatchObject({ name: 'main-3', consolidating: false });
    expect(createTag(tags, { channel: 'main', author: 'Ada' }).tag.name).toBe('main-3-2');
    expect(() => createTag(tags, { channel: 'main', name: 'main-3', author: 'Ada' })).toThrow(
      expect.objectContaining({ code: 'TAG_EXISTS', kind: 'usage' }),
    );
    expect(() => createTag(tags, { channel: 'main', name: 'a..b', author: 'Ada' })).toThrow(
      expect.objectContaining({ code: 'TAG_NAME_INVALID' }),
    );
    const v1 = createTag(tags, { channel: 'main', name: 'v1.0', consolidate: true, author: 'Ada' }).tag;
    sprint(tags, 'main', 4, 2);
    createTag(tags, { channel: 'main', name: 'v1.1', consolidate: true, author: 'Ada' });
    sprint(tags, 'main', 6, 3);
    const major = createTag(tags, { channel: 'main', name: 'v2.0', consolidate: true, since: 'v1.0', author: 'Ada' });
    expect(major.folded).toBe(5);
    expect(major.tag.since).toBe(v1.hash);
    expect(major.tag.previousConsolidation).toBe(tags.byName('v1.1')?.hash);
    expect(major.tag.consolidatedChangeCount).toBe(8);
    // A tag the channel does not hold cannot be consolidated from.
    tags.repo.createChannel('empty');
    write(tags, 'empty', 'x', 'x\n');
    expect(() => createTag(tags, { channel: 'empty', since: 'v1.0', consolidate: true, author: 'Ada' })).toThrow(
      expect.objectContaining({ code: 'TAG_NOT_IN_CHANNEL' }),
    );
    expect(tags.find('nope')).toBeUndefined();
    expect(() => tags.get('nope')).toThrow(expect.objectContaining({ code: 'TAG_NOT_FOUND', kind: 'not-found' }));
    expect(tags.get(v1.hash.slice(0, 8)).name).toBe('v1.0');
  });

  it('deletes a tag only when no change and no tag refers to it', async () => {
    const { tags } = await tempTagRepository();
    sprint(tags, 'main', 1, 2);
    const v1 = createTag(tags, { channel: 'main', name: 'v1', consolidate: true, author: 'Ada' }).tag;
    const lone = createTag(tags, { channel: 'main', name: 'lone', author: 'Ada' }).tag;
    tags.remove(lone);
    expect(tags.find('lone')).toBeUndefined();
    expect(existsSync(tags.files.pathOf(lone.hash))).toBe(false);
    const [next] = sprint(tags, 'main', 3, 1);
    expect(() => tags.remove(v1)).toThrow(
      expect.objectContaining({ code: 'TAG_HAS_DEPENDENTS', details: expect.objectContaining({ changes: [next] }) }),
    );
    expect(tags.find('v1')).toBeDefined();
  });
});

describe('a tag received from elsewhere', () => {
  async function forge(edit: (tag: Tag) => void) {
    const { tags } = await tempTagRepository();
    sprint(tags, 'main', 1, 4);
    const v1 = createTag(tags, { channel: 'main', name: 'v1', consolidate: true, author: 'Ada' }).tag;
    const genuine = tags.tagObject(v1);
    const { tags: other, repo: receiver } = await tempTagRepository();
    for (const hash of genuine.changes) receiver.changes.writeReceived(hash, tags.repo.changes.readCompressed(hash));
    const forged: Tag = { ...genuine, name: 'v1', changes: [...genuine.changes] };
    edit(forged);
    return { other, receiver, forged, genuine };
  }

  it('is stored when its state, counts and order match its changes', async () => {
    const { other, genuine } = await forge(() => {});
    expect(other.add(genuine).consolidatedChangeCount).toBe(4);
  });

  it('is refused, storing nothing, when its change list does not match its state', async () => {
    const { other, receiver, forged } = await forge((tag) => {
      tag.changes.pop();
      tag.consolidatedChangeCount = 3;
    });
    expect(() => other.add(forged)).toThrow(expect.objectContaining({ code: 'TAG_STATE_MISMATCH' }));
    expect(other.list()).toEqual([]);
    expect(existsSync(other.files.pathOf(hashTag(forged)))).toBe(false);
    expect(receiver.channels()).toEqual(['main']);
  });

  it('is refused when its changes are not in an order that applies, or its counts lie', async () => {
    const reordered = await forge((tag) => tag.changes.reverse());
    expect(() => reordered.other.add(reordered.forged)).toThrow(expect.objectContaining({ code: 'TAG_INCONSISTENT' }));
    const counted = await forge((tag) => {
      tag.consolidatedChangeCount = 40;
    });
    expect(() => counted.other.add(counted.forged)).toThrow(expect.objectContaining({ code: 'TAG_INCONSISTENT' }));
    const heads = await forge((tag) => {
      tag.dependencyCountBefore = 4;
    });
    expect(() => heads.other.add(heads.forged)).toThrow(expect.objectContaining({ code: 'TAG_INCONSISTENT' }));
  });
});

describe('receiving tags', () => {
  it('refuses a tag named like a different local one, and keeps none of the batch', async () => {
    const { tags } = await tempTagRepository();
    sprint(tags, 'main', 1, 2);
    const v1 = createTag(tags, { channel: 'main', name: 'v1', consolidate: true, author: 'Ada' }).tag;
    const { tags: other, repo: receiver } = await tempTagRepository();
    for (const hash of tags.changes(v1.hash))
      receiver.changes.writeReceived(hash, tags.repo.changes.readCompressed(hash));
    sprint(other, 'main', 1, 1, 'other.txt');
    createTag(other, { channel: 'main', name: 'v1', author: 'Bob' });
    const genuine = tags.tagObject(v1);
    const renamed = { ...genuine, name: 'v1-theirs' };
    const parcels = openParcels([
      { hash: hashTag(renamed), bytes: serializeTag(renamed) },
      { hash: v1.hash, bytes: serializeTag(genuine) },
    ]);
    let worked = false;
    expect(() =>
      receiveTags(
        other,
        parcels,
        (hash) => receiver.changes.read(hash),
        () => {
          worked = true;
        },
      ),
    ).toThrow(expect.objectContaining({ code: 'TAG_NAME_CONFLICT' }));
    expect(worked).toBe(false);
    expect(other.list().map((tag) => tag.name)).toEqual(['v1']);
    expect(other.find('v1-theirs')).toBeUndefined();
    // Bytes that do not hash to the name they came under are refused before anything.
    expect(() => openParcels([{ hash: v1.hash, bytes: serializeTag(renamed) }])).toThrow(
      expect.objectContaining({ code: 'TAG_MALFORMED' }),
    );
  });
});

describe('an existing repository', () => {
  it('gets the tag tables on its first open with them, and its history can be tagged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tags-migration-'));
    try {
      const before = await Repository.open(dir);
      before.createChannel('main');
      before.record('main', {
        message: 'old',
        authors: ['t'],
        edits: [{ type: 'add', path: 'f', content: new TextEncoder().encode('x\n') }],
      });
      await before.close();
      const repo = await Repository.open(dir, { schemas: [tagSchema] });
      const versions = repo.database
        .prepare("SELECT version FROM schema_version WHERE schema = 'tag-consolidation'")
        .pluck()
        .all();
      expect(versions).toEqual([1]);
      const tags = new TagStore(repo);
      expect(
        createTag(tags, { channel: 'main', name: 'v0', consolidate: true, author: 't' }).tag.consolidatedChangeCount,
      ).toBe(1);
      await repo.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a change's facts", () => {
  it('kept as it is recorded, make the first tag of the history read no change file', async () => {
    const { repo, tags } = await tempTagRepository();
    const recorded = ['one', 'two', 'three'].map((line, i) => {
      const result = repo.record('main', {
        message: line,
        authors: ['Ada'],
        edits: [{ type: i === 0 ? 'add' : 'write', path: 'notes.txt', content: new TextEncoder().encode(`${line}\n`) }],
      });
      if (!result) throw new Error('nothing recorded');
      tags.remember(result.hash, result.change);
      return result.hash;
    });
    // A store opened afresh (nothing in memory) finds every fact in the table.
    const fresh = new TagStore(repo);
    const read = vi.spyOn(repo.changes, 'read');
    const { tag } = createTag(fresh, { channel: 'main', name: 'v1', consolidate: true, author: 'Ada' });
    expect(read).not.toHaveBeenCalled();
    expect(fresh.changes(tag.hash)).toEqual(recorded);
    expect(fresh.summary(tag)).toMatchObject({ totalChanges: 3, humanAuthoredChanges: 3, docChanges: 3 });
    // Without them, the first tag reads each change once, and keeps its facts.
    fresh.remove(tag);
    repo.database.exec('DELETE FROM change_facts');
    const again = new TagStore(repo);
    createTag(again, { channel: 'main', name: 'v1-again', author: 'Ada' });
    expect(read).toHaveBeenCalledTimes(3);
    expect(repo.database.prepare('SELECT count(*) FROM change_facts').pluck().get()).toBe(3);
    read.mockRestore();
  });
});
