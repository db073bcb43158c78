import { contentId } from '@lineage/content-hash';
import { afterEach, describe, expect, it } from 'vitest';
import type { Repository } from './repository.js';
import type { TagResolver } from './tag-resolver.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

afterEach(closeRepositories);

/** The smallest tag store: a tag is a channel's changes at the time it was made. */
function memoryTags(repo: Repository) {
  const tags = new Map<string, { state: string; changes: string[] }>();
  const resolver: TagResolver = {
    describe: (hash) => {
      const tag = tags.get(hash);
      return tag && { state: tag.state, count: tag.changes.length, added: tag.changes };
    },
    changes: (hash) => tags.get(hash)?.changes ?? [],
    covers: (hash, change) => tags.get(hash)?.changes.includes(change) ?? false,
    containing: (change) => [...tags].filter(([, tag]) => tag.changes.includes(change)).map(([hash]) => hash),
  };
  repo.useTags(resolver);
  return (name: string, channel: string) => {
    const hash = contentId(`tag ${name}`);
    tags.set(hash, { state: repo.state(channel), changes: repo.log(channel).map((entry) => entry.hash) });
    return hash;
  };
}

const record = (repo: Repository, channel: string, path: string, text: string, tag?: string, always = false) => {
  const tracked = repo.files(channel).some((entry) => entry.path === path);
  const content = new TextEncoder().encode(text);
  const result = repo.record(channel, {
    message: `edit ${path}`,
    authors: ['t'],
    consolidation: tag ? { tag, name: 'v1', always } : undefined,
    edits: [tracked ? { type: 'write', path, content } : { type: 'add', path, content }],
  });
  if (!result) throw new Error('nothing recorded');
  return result;
};

describe('dependencies through tags', () => {
  it('a change depending on a tag applies wherever the tag’s changes are, and resolves into them', async () => {
    const repo = await tempRepository();
    const tag = memoryTags(repo);
    for (let i = 1; i <= 5; i++) recordText(repo, 'main', 'f', `${'x\n'.repeat(i)}`);
    recordText(repo, 'main', 'g', 'g\n');
    const v1 = tag('v1', 'main');
    const next = record(repo, 'main', 'f', 'x\nx\nnew\nx\nx\nx\n', v1);
    expect(next.change.dependencies).toEqual([{ type: 'tag', hash: v1, name: 'v1' }]);
    // The replaced dependency is still known context (what conflict detection asks about).
    expect(next.change.known.length).toBeGreaterThan(0);

    repo.createChannel('fresh');
    expect(() => repo.apply('fresh', [next.hash])).toThrow(
      expect.objectContaining({ code: 'MISSING_DEPENDENCIES', message: expect.stringContaining('tag v1') }),
    );
    const order = repo.dependencyClosure('fresh', [next.hash]);
    expect(order).toEqual([...repo.log('main').map((entry) => entry.hash)]);
    repo.apply('fresh', order);
    expect(readText(repo, 'fresh', 'f')).toBe(readText(repo, 'main', 'f'));
    expect(repo.state('fresh')).toBe(repo.state('main'));
  });

  it('holds a tag whose changes arrived in another order or among others, and not one missing a change', async () => {
    const repo = await tempRepository();
    const tag = memoryTags(repo);
    const a = recordText(repo, 'main', 'a', 'a\n');
    const b = recordText(repo, 'main', 'b', 'b\n');
    const v1 = tag('v1', 'main');
    repo.createChannel('other');
    const c = recordText(repo, 'other', 'c', 'c\n');
    repo.apply('other', [b, a]);
    expect(repo.holdsTag('other', v1)).toBe(true);
    // Its log does not begin with the tag's set: the changes were checked one by one.
    expect(repo.holdsPrefix('other', repo.state('main'), 2)).toBe(false);
    expect(repo.holdsPrefix('main', repo.state('main'), 2)).toBe(true);
    repo.unrecord('other', [a]);
    expect(repo.holdsTag('other', v1)).toBe(false);
    repo.apply('other', [a]);
    expect(repo.holdsTag('other', v1)).toBe(true);
    repo.unrecord('main', [b]);
    // The log still shows the tag's state, but a change of it is gone.
    expect(repo.holdsTag('main', v1)).toBe(false);
    expect(c).toBeTruthy();
  });

  it('refuses to unrecord a change a tag dependency needs', async () => {
    const repo = await tempRepository();
    const tag = memoryTags(repo);
    const first = recordText(repo, 'main', 'f', 'a\n');
    const v1 = tag('v1', 'main');
    const next = record(repo, 'main', 'f', 'a\nb\n', v1);
    expect(() => repo.unrecord('main', [first])).toThrow(
      expect.objectContaining({
        code: 'CHANGE_HAS_DEPENDENTS',
        details: expect.objectContaining({ dependents: [next.hash] }),
      }),
    );
    repo.unrecord('main', [next.hash, first]);
    expect(repo.log('main')).toEqual([]);
    expect(repo.dependents(v1)).toEqual([next.hash]);
  });

  it('keeps dependencies the tag does not cover, and adds the tag only when it is needed', async () => {
    const repo = await tempRepository();
    const tag = memoryTags(repo);
    recordText(repo, 'main', 'f', 'a\n');
    const v1 = tag('v1', 'main');
    // Touches nothing older: no dependency, unless the tag is asked for.
    const fresh = record(repo, 'main', 'g', 'g\n', v1);
    expect(fresh.change.dependencies).toEqual([]);
    const forced = record(repo, 'main', 'h', 'h\n', v1, true);
    expect(forced.change.dependencies).toEqual([{ type: 'tag', hash: v1, name: 'v1' }]);
    // Edits g (after the tag) and f (covered): the tag and g.
    const both = repo.record('main', {
      message: 'both',
      authors: ['t'],
      consolidation: { tag: v1 },
      edits: [
        { type: 'write', path: 'g', content: new TextEncoder().encode('g\ng2\n') },
        { type: 'write', path: 'f', content: new TextEncoder().encode('a\nf2\n') },
      ],
    });
    expect(both?.change.dependencies).toEqual([
      { type: 'tag', hash: v1 },
      { type: 'change', hash: fresh.hash },
    ]);
    // Edits h only, whose change depends on the tag already: the tag is implied, not repeated.
    const implied = record(repo, 'main', 'h', 'h\nh2\n', v1, true);
    expect(implied.change.dependencies).toEqual([{ type: 'change', hash: forced.hash }]);
  });
});
