import type { Repository } from '@lineage/patch-graph';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createTag } from './create-tag.js';
import type { TagStore } from './tag-store.js';
import { closeTagRepositories, tempTagRepository, text, write } from './test-helpers.js';

afterEach(closeTagRepositories);

const FILES = ['a', 'b'];

/** One step of a random history. */
type Step =
  | { kind: 'edit'; channel: 'main' | 'side'; file: number; at: number; action: 'insert' | 'delete' | 'replace' }
  | { kind: 'sync' }
  | { kind: 'tag' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      channel: fc.constantFrom('main' as const, 'side' as const),
      file: fc.nat(FILES.length - 1),
      at: fc.nat(20),
      action: fc.constantFrom('insert' as const, 'delete' as const, 'replace' as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'sync' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'tag' as const }) },
);

let serial = 0;

/** The file's lines with one edit applied (what a person would write). */
function edited(current: string, at: number, action: 'insert' | 'delete' | 'replace'): string {
  const lines = current === '' ? [] : current.split('\n').slice(0, -1);
  const i = lines.length === 0 ? 0 : at % lines.length;
  if (action === 'insert' || lines.length === 0) lines.splice(i, 0, `line ${serial++}`);
  else if (action === 'delete') lines.splice(i, 1);
  else lines[i] = `line ${serial++}`;
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

const contentOf = (repo: Repository, channel: string, file: string) =>
  repo.files(channel).some((entry) => entry.path === file) ? text(repo, channel, file) : '';

/**
 * Every file of a channel with its bytes (conflict markers included), and its conflicts, up to
 * what depends on hash order alone (the two recordings compared have different hashes): the
 * recorded change's hash prefix in a marker, the order of conflict sides, which of two files
 * wanting one path keeps it.
 */
const outputOf = (repo: Repository, channel: string, recorded: string) => {
  const named = (value: string) => value.replaceAll(recorded.slice(0, 10), 'NEW');
  // Two files wanting one name: which keeps it goes by hash order too.
  const path = (value: string) => value.replace(/\.conflict-[A-Z2-7]{10}$/, '');
  return {
    files: repo
      .files(channel)
      .map((entry) =>
        [path(entry.path), entry.kind === 'dir' ? '' : sortedSides(named(text(repo, channel, entry.path)))].join('\0'),
      )
      .sort(),
    conflicts: repo
      .conflicts(channel)
      .map((conflict) => `${path(conflict.path)} ${conflict.kind}`)
      .sort(),
  };
};

/**
 * The sides of each order conflict in a canonical order: sides are written in the order of
 * their changes' hashes, and the two recordings compared have different hashes.
 */
function sortedSides(output: string): string {
  const lines = output.split(/(?<=\n)/);
  const result: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('<<<<<<< ') || line.startsWith('<<<<<<< zombie')) {
      result.push(line);
      continue;
    }
    const sides: string[][] = [[line.slice(8)]];
    for (i++; i < lines.length && !(lines[i] as string).startsWith('>>>>>>> end of conflict'); i++) {
      const inner = lines[i] as string;
      if (inner.startsWith('======= ')) sides.push([inner.slice(8)]);
      else (sides[sides.length - 1] as string[]).push(inner);
    }
    sides.sort((a, b) => (a.join('') < b.join('') ? -1 : 1));
    sides.forEach(([label, ...body], n) => {
      result.push(`${n === 0 ? '<<<<<<< ' : '======= '}${label}`, ...body);
    });
    result.push(lines[i] ?? '');
  }
  return result.join('');
}

/**
 * Records, or null when the edit comes to nothing: a line edit of a conflicted file may remove a
 * marker the record does not treat as content (how markers are recorded is the patch graph's).
 */
function attempt(record: () => string): string | null {
  try {
    return record();
  } catch (error) {
    if (/nothing to record/.test((error as Error).message)) return null;
    throw error;
  }
}

function replay(tags: TagStore, steps: Step[]): void {
  const { repo } = tags;
  for (const s of steps) {
    if (s.kind === 'tag') {
      if (repo.log('main').length > 0) createTag(tags, { channel: 'main', consolidate: true, author: 't' });
    } else if (s.kind === 'sync') {
      // Main takes the side's changes: concurrent edits become conflicts (order, zombie).
      const missing = repo.log('side').map((entry) => entry.hash);
      repo.apply('main', repo.dependencyClosure('main', missing));
    } else {
      const file = FILES[s.file] as string;
      const next = edited(contentOf(repo, s.channel, file), s.at, s.action);
      if (next !== contentOf(repo, s.channel, file) || !repo.files(s.channel).some((e) => e.path === file)) {
        attempt(() => write(tags, s.channel, file, next));
      }
    }
  }
}

describe('dependencies through tags', () => {
  it('a change recorded with tag dependencies gives the same output, applied to a fresh channel, as with full dependencies', async () => {
    const runs = Number(process.env.TAG_LAW_RUNS ?? 60);
    let throughTags = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 4, maxLength: 24 }),
        fc.nat(FILES.length - 1),
        fc.nat(20),
        // Deletions most often: whether a deletion knew a line is what conflict detection asks.
        fc.constantFrom('delete' as const, 'delete' as const, 'replace' as const, 'insert' as const),
        async (steps, file, at, action) => {
          const { repo, tags } = await tempTagRepository();
          repo.createChannel('side');
          replay(tags, [{ kind: 'edit', channel: 'main', file: 0, at: 0, action: 'insert' }, ...steps]);
          if (!tags.latestConsolidating('main')) createTag(tags, { channel: 'main', consolidate: true, author: 't' });

          // The same edit, recorded twice from the same state: through the tag, and with the full
          // dependencies the tag stands for (seed 001: "Change 26 → [Tag v1.0] ≡ Change 26 → [Change 1…25]").
          const path = FILES[file] as string;
          const next = edited(contentOf(repo, 'main', path), at, action);
          const tag = tags.latestConsolidating('main');
          repo.forkChannel('main', 'full');
          const viaTag = attempt(() => write(tags, 'main', path, next));
          if (viaTag === null) return;
          const deps = (hash: string) => repo.changes.read(hash).dependencies;
          const usesTag = deps(viaTag).some((dep) => dep.type === 'tag');
          const full = write(tags, 'full', path, next, {
            consolidate: false,
            extraDependencies: tag && usesTag ? tags.changes(tag.hash) : [],
          });
          expect(deps(full).every((dep) => dep.type === 'change')).toBe(true);

          // Applied to fresh channels, with a concurrent change of the side on top (zombies and
          // order conflicts ask what each change knew).
          const side = repo.log('side').map((entry) => entry.hash);
          for (const [channel, hash] of [
            ['fresh-tag', viaTag],
            ['fresh-full', full],
          ] as const) {
            repo.createChannel(channel);
            repo.apply(channel, repo.dependencyClosure(channel, [hash]));
            repo.apply(channel, repo.dependencyClosure(channel, side));
          }
          expect(outputOf(repo, 'fresh-tag', viaTag)).toEqual(outputOf(repo, 'fresh-full', full));
          if (usesTag) throughTags++;
          expect(repo.log('fresh-tag').length).toBe(repo.log('fresh-full').length);
          await closeTagRepositories();
        },
      ),
      { numRuns: runs },
    );
    // Not vacuous: most edits touch lines a tag covers.
    expect(throughTags).toBeGreaterThan(runs / 3);
  }, 240_000);
});
