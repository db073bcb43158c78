import { afterEach, describe, expect, it } from 'vitest';
import type { Repository } from './repository.js';
import { closeRepositories, readText, recordText, tempRepository } from './test-helpers.js';

// Ports of the classic scenarios of Pijul's test suite (libpijul/src/tests: conflict.rs,
// unrecord.rs, file_conflicts.rs), written against this package's API.

afterEach(closeRepositories);

/** Applies every change of `from` that `into` lacks, in `from`'s order. */
function pull(repo: Repository, into: string, from: string): void {
  const have = new Set(repo.log(into).map((entry) => entry.hash));
  repo.apply(
    into,
    repo
      .log(from)
      .map((entry) => entry.hash)
      .filter((hash) => !have.has(hash)),
  );
}

/** Orders the expected non-marker lines as they appear in `text` (sides come in hash order). */
const byMarkerOrder = (text: string) => (a: string, b: string) => {
  const at = (line: string) => (line === '' ? Number.POSITIVE_INFINITY : text.split('\n').indexOf(line));
  return at(a) - at(b);
};

/** `base` in file `f` on main, forked to `other`; main records `mine`, other `theirs`; main pulls other. */
async function concurrentEdits(base: string, mine: string, theirs: string) {
  const repo = await tempRepository();
  recordText(repo, 'main', 'f', base);
  repo.forkChannel('main', 'other');
  const mineHash = recordText(repo, 'main', 'f', mine);
  recordText(repo, 'other', 'f', theirs);
  pull(repo, 'main', 'other');
  return { repo, mine: mineHash };
}

const markerLines = (text: string) => text.split('\n').filter((line) => /^(<{7}|={7}|>{7})/.test(line));

describe('order conflicts', () => {
  it('three concurrent insertions at one place: one conflict, three sides', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'a\nb\n');
    for (const name of ['u1', 'u2', 'u3']) repo.forkChannel('main', name);
    recordText(repo, 'u1', 'f', 'a\nx\nb\n');
    recordText(repo, 'u2', 'f', 'a\ny\nb\n');
    recordText(repo, 'u3', 'f', 'a\nz\nb\n');
    for (const name of ['u1', 'u2', 'u3']) pull(repo, 'main', name);
    const text = readText(repo, 'main', 'f');
    expect(markerLines(text).map((line) => line.slice(0, 7))).toEqual(['<<<<<<<', '=======', '=======', '>>>>>>>']);
    expect(
      text
        .split('\n')
        .filter((line) => /^[xyz]$/.test(line))
        .sort(),
    ).toEqual(['x', 'y', 'z']);
    expect(repo.conflicts('main')).toHaveLength(1);
    // Each side names the change that wrote it.
    const sides = markerLines(text)
      .slice(0, 3)
      .map((line) => line.split(' ')[1]);
    const hashes = ['u1', 'u2', 'u3'].map((c) => repo.log(c).at(-1)?.hash.slice(0, 10));
    expect(sides.sort()).toEqual(hashes.sort());
  });

  it('solving an order conflict by removing the markers', async () => {
    const { repo } = await concurrentEdits('a\nb\n', 'a\nx\nb\n', 'a\ny\nb\n');
    recordText(repo, 'main', 'f', 'a\ny\nx\nb\n');
    expect(readText(repo, 'main', 'f')).toBe('a\ny\nx\nb\n');
    expect(repo.conflicts('main')).toEqual([]);
    // The resolution travels: the other channel gets the same order once it has everything.
    pull(repo, 'other', 'main');
    expect(readText(repo, 'other', 'f')).toBe('a\ny\nx\nb\n');
  });

  it('editing a conflict side keeps the conflict and changes that side', async () => {
    const { repo } = await concurrentEdits('a\nb\n', 'a\nx\nb\n', 'a\ny\nb\n');
    const text = readText(repo, 'main', 'f');
    recordText(repo, 'main', 'f', text.replace('x\n', 'x2\n'));
    const after = readText(repo, 'main', 'f');
    // Same conflict; every line of the side was rewritten, so it is named after the rewriting change.
    expect(after.split('\n').filter((line) => !/^[<=>]{7}/.test(line))).toEqual(
      ['a', 'x2', 'y', 'b', ''].sort(byMarkerOrder(after)),
    );
    expect(markerLines(after)).toHaveLength(3);
    expect(repo.conflicts('main')).toHaveLength(1);
  });

  it('deleting the line just before a conflict keeps the conflict', async () => {
    const { repo } = await concurrentEdits('a\nb\nc\n', 'a\nb\nx\nc\n', 'a\nb\ny\nc\n');
    const text = readText(repo, 'main', 'f');
    recordText(repo, 'main', 'f', text.replace('b\n', ''));
    expect(readText(repo, 'main', 'f')).toBe(text.replace('b\n', ''));
    expect(repo.conflicts('main')).toHaveLength(1);
  });

  it('a conflict on the last line, resolved', async () => {
    const { repo } = await concurrentEdits('a\n', 'a\nx\n', 'a\ny\n');
    const text = readText(repo, 'main', 'f');
    expect(text.endsWith('>>>>>>> end of conflict\n')).toBe(true);
    recordText(repo, 'main', 'f', 'a\nx\ny\n');
    expect(readText(repo, 'main', 'f')).toBe('a\nx\ny\n');
    expect(repo.conflicts('main')).toEqual([]);
  });

  it('nested conflicts come out nested', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'a\nb\n');
    repo.forkChannel('main', 'left');
    repo.forkChannel('main', 'right');
    recordText(repo, 'left', 'f', 'a\nx\nb\n');
    repo.forkChannel('left', 'left2');
    recordText(repo, 'left', 'f', 'a\nx\np\nb\n');
    recordText(repo, 'left2', 'f', 'a\nx\nq\nb\n');
    recordText(repo, 'right', 'f', 'a\ny\nb\n');
    for (const name of ['left', 'left2', 'right']) pull(repo, 'main', name);
    const text = readText(repo, 'main', 'f');
    const markers = markerLines(text).map((line) => line.slice(0, 7));
    // Outer conflict x|y; inside the x side, the inner conflict p|q (sides in hash order).
    expect([
      ['<<<<<<<', '<<<<<<<', '=======', '>>>>>>>', '=======', '>>>>>>>'],
      ['<<<<<<<', '=======', '<<<<<<<', '=======', '>>>>>>>', '>>>>>>>'],
    ]).toContainEqual(markers);
    expect(text).toMatch(/x\n<{7} \w+\n[pq]\n={7} \w+\n[pq]\n>{7}/);
    expect(repo.conflicts('main').map((c) => c.kind)).toEqual(['order', 'order']);
  });

  it('two opposite resolutions of one conflict merge into a conflict, never an error, and resolve', async () => {
    const { repo } = await concurrentEdits('a\nb\n', 'a\nx\nb\n', 'a\ny\nb\n');
    pull(repo, 'other', 'main');
    recordText(repo, 'main', 'f', 'a\nx\ny\nb\n');
    // A line diff cannot reorder: "y x" keeps one of them and re-inserts the other.
    recordText(repo, 'other', 'f', 'a\ny\nx\nb\n');
    pull(repo, 'main', 'other');
    pull(repo, 'other', 'main');
    expect(readText(repo, 'main', 'f')).toBe(readText(repo, 'other', 'f'));
    expect(repo.conflicts('main')).toHaveLength(1);
    recordText(repo, 'main', 'f', 'a\nx\ny\nb\n');
    expect(readText(repo, 'main', 'f')).toBe('a\nx\ny\nb\n');
    expect(repo.conflicts('main')).toEqual([]);
  });
});

/** Writes `transform(output)` as the file, records it, and checks the output is what was written. */
function recordAsWritten(repo: Repository, channel: string, transform: (text: string) => string): string {
  const written = transform(readText(repo, channel, 'f'));
  recordText(repo, channel, 'f', written);
  expect(readText(repo, channel, 'f')).toBe(written);
  return written;
}

const lines = (text: string) => text.split(/(?<=\n)/);

/** `base` in `f` on main, forked to bob and charlie; each channel then records its content (in the order given). */
async function threeChannels(base: string, contents: Record<'main' | 'bob' | 'charlie', string>) {
  const repo = await tempRepository();
  recordText(repo, 'main', 'f', base);
  for (const name of ['bob', 'charlie']) repo.forkChannel('main', name);
  for (const [channel, content] of Object.entries(contents)) recordText(repo, channel, 'f', content);
  return repo;
}
const isMarker = (line: string) => /^(<{7}|={7}|>{7}) /.test(line);

// Pijul's conflict.rs edits conflicted files every way a person does and checks the output is
// what was written (up to its markers' hash annotations; ours are stable, so byte for byte).
describe('what is written is what is recorded (Pijul conflict.rs)', () => {
  it('edit_conflict_sides: a line before and after every marker, then the other side merges', async () => {
    const { repo } = await concurrentEdits('a\nb\nc\n', 'a\nx\nb\nc\n', 'a\ny\nb\nc\n');
    let n = 0;
    const written = recordAsWritten(repo, 'main', (text) =>
      lines(text)
        .flatMap((line) => (isMarker(line) ? [`pre${n}\n`, line, `post${n++}\n`] : [line]))
        .join(''),
    );
    expect(markerLines(written)).toHaveLength(3);
    pull(repo, 'other', 'main');
    expect(readText(repo, 'other', 'f')).toBe(written);
  });

  it('edit_after_conflict: identical sides, lines around the markers, the side lines deleted', async () => {
    const { repo } = await concurrentEdits('a\nb\nc\n', 'a\nx\ny\nb\nc\n', 'a\nx\ny\nb\nc\n');
    const written = recordAsWritten(repo, 'main', (text) =>
      lines(text)
        .flatMap((line) =>
          isMarker(line) && !line.startsWith('<') ? ['pre\n', line, 'post\n'] : line === 'b\n' ? [] : [line],
        )
        .join(''),
    );
    pull(repo, 'other', 'main');
    expect(readText(repo, 'other', 'f')).toBe(written);
  });

  it('conflict_last_line: sides without a final newline, resolved with one', async () => {
    const { repo } = await concurrentEdits('a\n', 'a\nx', 'a\ny');
    recordAsWritten(repo, 'main', () => 'a\nx\ny\n');
    expect(repo.conflicts('main')).toEqual([]);
    pull(repo, 'other', 'main');
    expect(readText(repo, 'other', 'f')).toBe('a\nx\ny\n');
  });

  it('zombie_last_line: an edit of a last line deleted concurrently, resolved', async () => {
    const { repo } = await concurrentEdits('a\nb', 'a\nx', '');
    expect(repo.conflicts('main').map((c) => c.kind)).toContain('zombie');
    recordAsWritten(repo, 'main', () => 'x');
    pull(repo, 'other', 'main');
    expect(readText(repo, 'other', 'f')).toBe('x');
  });

  it('edit_post_conflict: a line added after the first, the sides resolved minus a line each', async () => {
    const { repo } = await concurrentEdits('a\nb\n', 'a\n0\n1\n2\nb\n', 'a\n3\n4\n5\nb\n');
    recordAsWritten(repo, 'main', (text) =>
      lines(text)
        .flatMap((line) => (line === 'a\n' ? [line, "a'\n"] : isMarker(line) || /^[03]\n$/.test(line) ? [] : [line]))
        .join(''),
    );
    expect(repo.conflicts('main')).toEqual([]);
  });

  it('edit_around_conflict: a line added before, the last line replaced, the conflict kept', async () => {
    const { repo } = await concurrentEdits('a\nb\n', 'a\n0\n1\n2\nb\n', 'a\n3\n4\n5\nb\n');
    recordAsWritten(repo, 'main', (text) => text.replace(/^a\n/, "a\na'\n").replace(/b\n$/, 'c\n'));
    expect(repo.conflicts('main')).toHaveLength(1);
    pull(repo, 'other', 'main');
    expect(readText(repo, 'other', 'f')).toBe(readText(repo, 'main', 'f'));
  });

  it('nested_conflict: both sides resolve the same conflict the same way, then exchange resolutions', async () => {
    const { repo } = await concurrentEdits('a\nb\n', 'a\nx\nb\n', 'a\ny\nb\n');
    pull(repo, 'other', 'main');
    const removeMarkers = (text: string) =>
      lines(text)
        .filter((line) => !isMarker(line))
        .join('');
    const written = recordAsWritten(repo, 'main', removeMarkers);
    expect(recordAsWritten(repo, 'other', removeMarkers)).toBe(written);
    pull(repo, 'main', 'other');
    pull(repo, 'other', 'main');
    expect(readText(repo, 'main', 'f')).toBe(written);
    expect(readText(repo, 'other', 'f')).toBe(written);
    expect(repo.state('main')).toBe(repo.state('other'));
  });

  it('zombie_context_resolution: keeping a zombie brings back only that line', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'c\n');
    repo.forkChannel('main', 'bob');
    for (const content of ['a\nc\n', 'a\nb\nc\n', 'a\n', '']) recordText(repo, 'main', 'f', content);
    recordText(repo, 'bob', 'f', 'x\nc\n');
    pull(repo, 'bob', 'main');
    expect(repo.conflicts('bob').map((c) => c.kind)).toContain('zombie');
    recordAsWritten(repo, 'bob', () => 'x\nc\n');
    expect(repo.conflicts('bob')).toEqual([]);
    pull(repo, 'main', 'bob');
    expect(readText(repo, 'main', 'f')).toBe('x\nc\n');
  });

  it('zombie_half_survivor: lines added in a file deleted concurrently, resolved to a few of them', async () => {
    const { repo } = await concurrentEdits('a\nb\nc\nd\n', '', 'a\nb\nx\ny\nz\nc\nd\n');
    recordAsWritten(repo, 'main', () => 'a\nz\nd\n');
    pull(repo, 'other', 'main');
    expect(readText(repo, 'other', 'f')).toBe('a\nz\nd\n');
  });

  it('three_way_zombie: a line added where two others deleted its context, resolved, then merged by the third', async () => {
    const repo = await threeChannels('u\na\nb\nc\nd\nv\n', {
      main: 'u\na\nb\nx\nc\nd\nv\n',
      bob: 'u\na\nd\nv\n',
      charlie: 'u\nv\n',
    });
    pull(repo, 'main', 'bob');
    recordAsWritten(repo, 'main', () => 'u\na\nx\nd\nv\n');
    pull(repo, 'bob', 'main');
    expect(readText(repo, 'bob', 'f')).toBe('u\na\nx\nd\nv\n');
    pull(repo, 'charlie', 'main');
    pull(repo, 'main', 'charlie');
    expect(repo.state('charlie')).toBe(repo.state('main'));
    expect(readText(repo, 'charlie', 'f')).toBe(readText(repo, 'main', 'f'));
    expect(readText(repo, 'main', 'f')).toContain('x\n');
  });

  it('cyclic_conflict_resolution: a resolution met by a third side conflicts again, resolves, and unrecords', async () => {
    const repo = await threeChannels('a\nb\n', {
      charlie: 'a\nU\nV\nW\nb\n',
      bob: 'a\nu\nv\nw\nb\n',
      main: 'a\nx\ny\nz\nb\n',
    });
    pull(repo, 'main', 'bob');
    const removeMarkers = (text: string) =>
      lines(text)
        .filter((line) => !isMarker(line))
        .join('');
    recordAsWritten(repo, 'main', removeMarkers);
    pull(repo, 'bob', 'main');
    pull(repo, 'bob', 'charlie');
    expect(repo.conflicts('bob')).toHaveLength(1);
    const second = recordText(repo, 'bob', 'f', removeMarkers(readText(repo, 'bob', 'f')));
    expect(repo.conflicts('bob')).toEqual([]);
    repo.unrecord('bob', [second]);
    expect(repo.conflicts('bob')).toHaveLength(1);
  });
});

describe('zombies', () => {
  it('a line deleted on one side while another side adds after it is a zombie, and can be resolved', async () => {
    const { repo } = await concurrentEdits('a\nb\nc\n', 'a\nc\n', 'a\nb\nx\nc\n');
    const text = readText(repo, 'main', 'f');
    expect(text).toMatch(/^a\n<{7} zombie \w+\nb\n>{7} end of zombie\nx\nc\n$/);
    expect(repo.conflicts('main').map((c) => c.kind)).toEqual(['zombie']);
    // Resolve by confirming the deletion.
    recordText(repo, 'main', 'f', 'a\nx\nc\n');
    expect(readText(repo, 'main', 'f')).toBe('a\nx\nc\n');
    expect(repo.conflicts('main')).toEqual([]);
  });

  it('a zombie can also be resolved by keeping the line', async () => {
    const { repo } = await concurrentEdits('a\nb\nc\n', 'a\nc\n', 'a\nb\nx\nc\n');
    recordText(repo, 'main', 'f', 'a\nb\nx\nc\n');
    expect(readText(repo, 'main', 'f')).toBe('a\nb\nx\nc\n');
    expect(repo.conflicts('main')).toEqual([]);
  });
});

describe('unrecord', () => {
  it('restores deleted lines', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'a\nb\nc\nd\n');
    const deletion = recordText(repo, 'main', 'f', 'a\nd\n');
    repo.unrecord('main', [deletion]);
    expect(readText(repo, 'main', 'f')).toBe('a\nb\nc\nd\n');
  });

  it('the same line deleted on two channels, merged, one deletion unrecorded: it stays deleted', async () => {
    const { repo, mine } = await concurrentEdits('a\nb\nc\n', 'a\nc\n', 'a\nc\n');
    expect(readText(repo, 'main', 'f')).toBe('a\nc\n');
    repo.unrecord('main', [mine]);
    expect(readText(repo, 'main', 'f')).toBe('a\nc\n');
  });

  it('refuses while another change depends on it, naming the dependents', async () => {
    const repo = await tempRepository();
    const first = recordText(repo, 'main', 'f', 'a\n');
    const second = recordText(repo, 'main', 'f', 'a\nb\n');
    expect(() => repo.unrecord('main', [first])).toThrow(
      expect.objectContaining({
        code: 'CHANGE_HAS_DEPENDENTS',
        details: expect.objectContaining({ dependents: [second] }),
      }),
    );
    repo.unrecord('main', [first, second]);
    expect(repo.files('main')).toEqual([]);
  });

  it('undoes a file move', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'content\n');
    const move = repo.record('main', { message: 'move', authors: [], edits: [{ type: 'move', from: 'f', to: 'g' }] });
    expect(repo.files('main').map((f) => f.path)).toEqual(['g']);
    repo.unrecord('main', [move?.hash as string]);
    expect(repo.files('main').map((f) => f.path)).toEqual(['f']);
    expect(readText(repo, 'main', 'f')).toBe('content\n');
  });
});

describe('file conflicts', () => {
  it('the same name added twice: both kept, the second under a documented conflict name', async () => {
    const repo = await tempRepository();
    repo.forkChannel('main', 'other');
    recordText(repo, 'main', 'same.txt', 'mine\n');
    recordText(repo, 'other', 'same.txt', 'theirs\n');
    pull(repo, 'main', 'other');
    const paths = repo.files('main').map((f) => f.path);
    expect(paths).toHaveLength(2);
    expect(paths[0]).toBe('same.txt');
    expect(paths[1]).toMatch(/^same\.txt\.conflict-\w{10}$/);
    expect(repo.conflicts('main')).toMatchObject([{ kind: 'name', path: paths[1] }]);
    // Resolved by moving one away.
    repo.record('main', {
      message: 'rename',
      authors: [],
      edits: [{ type: 'move', from: paths[1] as string, to: 'other.txt' }],
    });
    expect(repo.files('main').map((f) => f.path)).toEqual(['other.txt', 'same.txt']);
    expect(repo.conflicts('main')).toEqual([]);
  });

  it('move against delete: the file stays at its new name, as it was, until a record keeps or removes it', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'content\n');
    repo.forkChannel('main', 'other');
    repo.record('main', { message: 'move', authors: [], edits: [{ type: 'move', from: 'f', to: 'g' }] });
    repo.record('other', { message: 'delete', authors: [], edits: [{ type: 'remove', path: 'f' }] });
    pull(repo, 'main', 'other');
    pull(repo, 'other', 'main');
    for (const channel of ['main', 'other']) {
      expect(repo.files(channel).map((f) => f.path)).toEqual(['g']);
      expect(readText(repo, channel, 'g')).toBe('content\n');
      expect(repo.conflicts(channel).map((c) => c.kind)).toEqual(['name']);
    }
    // Keeping the file as it is: record its name where it is shown (Pijul's move_vs_delete_test).
    repo.record('main', { message: 'keep', authors: [], edits: [{ type: 'move', from: 'g', to: 'g' }] });
    expect(readText(repo, 'main', 'g')).toBe('content\n');
    expect(repo.conflicts('main')).toEqual([]);
    // Confirming the deletion instead.
    repo.record('other', { message: 'confirm', authors: [], edits: [{ type: 'remove', path: 'g' }] });
    expect(repo.files('other')).toEqual([]);
    expect(repo.conflicts('other')).toEqual([]);
  });

  it('an edit concurrent with the deletion of its file brings the file back as a zombie', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'a\nb\n');
    repo.forkChannel('main', 'other');
    repo.record('main', { message: 'delete', authors: [], edits: [{ type: 'remove', path: 'f' }] });
    recordText(repo, 'other', 'f', 'a\nb\nc\n');
    pull(repo, 'main', 'other');
    expect(repo.files('main').map((f) => f.path)).toEqual(['f']);
    expect(readText(repo, 'main', 'f')).toContain('c\n');
    expect(repo.conflicts('main').map((c) => c.kind)).toContain('zombie');
    // Confirming the deletion resolves it.
    repo.record('main', { message: 'delete again', authors: [], edits: [{ type: 'remove', path: 'f' }] });
    expect(repo.files('main')).toEqual([]);
    expect(repo.conflicts('main')).toEqual([]);
  });

  it('concurrent moves of one file: written at one name, reported as a name conflict', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'content\n');
    repo.forkChannel('main', 'other');
    repo.record('main', { message: 'move', authors: [], edits: [{ type: 'move', from: 'f', to: 'g' }] });
    repo.record('other', { message: 'move', authors: [], edits: [{ type: 'move', from: 'f', to: 'h' }] });
    pull(repo, 'main', 'other');
    expect(repo.files('main')).toHaveLength(1);
    expect(repo.conflicts('main').map((c) => c.kind)).toEqual(['name']);
    const [entry] = repo.files('main');
    repo.record('main', {
      message: 'pick',
      authors: [],
      edits: [{ type: 'move', from: entry?.path as string, to: 'k' }],
    });
    expect(repo.files('main').map((f) => f.path)).toEqual(['k']);
    expect(repo.conflicts('main')).toEqual([]);
  });

  it('same_file: two renames of one file, recorded as shown, resolve on both sides (Pijul file_conflicts.rs)', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'content\n');
    repo.forkChannel('main', 'other');
    repo.record('main', { message: 'alice', authors: [], edits: [{ type: 'move', from: 'f', to: 'alice' }] });
    repo.record('other', { message: 'bob', authors: [], edits: [{ type: 'move', from: 'f', to: 'bob' }] });
    pull(repo, 'main', 'other');
    const [shown] = repo.files('main');
    const path = shown?.path as string;
    repo.record('main', { message: 'keep', authors: [], edits: [{ type: 'move', from: path, to: path }] });
    expect(repo.files('main').map((f) => f.path)).toEqual([path]);
    expect(repo.conflicts('main')).toEqual([]);
    pull(repo, 'other', 'main');
    expect(repo.files('other').map((f) => f.path)).toEqual([path]);
    expect(repo.conflicts('other')).toEqual([]);
  });

  it('zombie_file: a file deleted on one side and edited on the other, kept by recording its name', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'f', 'a\nb\n');
    repo.forkChannel('main', 'other');
    repo.record('main', { message: 'delete', authors: [], edits: [{ type: 'remove', path: 'f' }] });
    recordText(repo, 'other', 'f', 'a\nb\nc\n');
    pull(repo, 'main', 'other');
    const before = readText(repo, 'main', 'f');
    repo.record('main', { message: 'keep', authors: [], edits: [{ type: 'move', from: 'f', to: 'f' }] });
    // The name is kept; the lines keep their zombie markers until they are edited.
    expect(readText(repo, 'main', 'f')).toBe(before);
    expect(repo.conflicts('main').map((c) => c.kind)).toEqual(['zombie']);
  });

  it('move_back_noundel: moving a file back to its old name is a move', async () => {
    const repo = await tempRepository();
    recordText(repo, 'main', 'a', 'a\n');
    repo.record('main', { message: 'mv', authors: [], edits: [{ type: 'move', from: 'a', to: 'b' }] });
    const back = repo.record('main', { message: 'back', authors: [], edits: [{ type: 'move', from: 'b', to: 'a' }] });
    expect(back?.change.operations.map((op) => op.kind)).toEqual(['move', 'move']);
    expect(readText(repo, 'main', 'a')).toBe('a\n');
  });

  it('a file moved into a directory deleted concurrently brings the directory back as a zombie', async () => {
    const repo = await tempRepository();
    repo.record('main', {
      message: 'setup',
      authors: [],
      edits: [
        { type: 'add', path: 'd', kind: 'dir' },
        { type: 'add', path: 'd/inside', content: new TextEncoder().encode('1\n') },
        { type: 'add', path: 'g', content: new TextEncoder().encode('2\n') },
      ],
    });
    repo.forkChannel('main', 'other');
    repo.record('main', { message: 'rm d', authors: [], edits: [{ type: 'remove', path: 'd' }] });
    repo.record('other', { message: 'mv', authors: [], edits: [{ type: 'move', from: 'g', to: 'd/g' }] });
    pull(repo, 'main', 'other');
    expect(repo.files('main').map((f) => f.path)).toEqual(['d', 'd/g']);
    expect(readText(repo, 'main', 'd/g')).toBe('2\n');
    expect(repo.conflicts('main').map((c) => c.kind)).toEqual(['zombie']);
  });
});
