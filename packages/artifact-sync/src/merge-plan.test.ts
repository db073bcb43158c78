import { describe, expect, it } from 'vitest';
import { type MergeLabels, planMerge } from './merge-plan.js';
import type { ArtifactTree, FileMode, TreeFile } from './tree.js';

const labels: MergeLabels = { ours: 'project', theirs: 'collection' };
const tree = (files: Record<string, string | [string, FileMode] | Uint8Array>): ArtifactTree =>
  new Map(
    Object.entries(files).map(([path, value]): [string, TreeFile] =>
      value instanceof Uint8Array
        ? [path, { bytes: value, mode: 'file' }]
        : typeof value === 'string'
          ? [path, { bytes: new Uint8Array(Buffer.from(value)), mode: 'file' }]
          : [path, { bytes: new Uint8Array(Buffer.from(value[0])), mode: value[1] }],
    ),
  );
const text = (t: ArtifactTree, path: string) => Buffer.from(t.get(path)?.bytes ?? []).toString('utf8');
const plan = (
  base: ArtifactTree | null,
  ours: ArtifactTree,
  theirs: ArtifactTree,
  strategy: 'auto' | 'prompt' | 'overwrite' = 'prompt',
) => planMerge({ base, ours, theirs, strategy, labels });
const file = (p: ReturnType<typeof plan>, path: string) => p.files.find((f) => f.path === path);

const base = tree({ 'a.md': 'a1\na2\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'c\n' });

describe('the per-file decision matrix', () => {
  it('only ours changed: ours is kept, nothing to do', () => {
    const ours = tree({ 'a.md': 'A1\na2\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const p = plan(base, ours, base);
    expect(p.outcome).toBe('unchanged');
    expect(p.result_hash).toBe(plan(null, ours, ours).result_hash);
    expect(p.files.every((f) => f.action === 'unchanged')).toBe(true);
  });

  it('only theirs changed: a fast-forward to theirs', () => {
    const theirs = tree({ 'a.md': 'a1\na2\na3\na4\na5\nA6\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const p = plan(base, base, theirs);
    expect(p.outcome).toBe('fast-forward');
    expect(file(p, 'a.md')).toMatchObject({ action: 'modify', outcome: 'taken-theirs' });
    expect(file(p, 'a.md')?.diff).toContain('-a6\n+A6\n');
  });

  it('both the same: taken once', () => {
    const same = tree({ 'a.md': 'a1\nX\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    expect(plan(base, same, same).outcome).toBe('unchanged');
    const ours = tree({ 'a.md': 'a1\nX\na3\na4\na5\na6\n', 'b.md': 'B\n', 'c.md': 'c\n' });
    const theirs = tree({ 'a.md': 'a1\nX\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'C\n' });
    const p = plan(base, ours, theirs);
    expect(p.outcome).toBe('merge');
    expect(file(p, 'a.md')).toMatchObject({ action: 'unchanged', outcome: 'same-change' });
  });

  it('both different in different places of a file: merged line by line, not whole-file', () => {
    const ours = tree({ 'a.md': 'OURS\na2\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const theirs = tree({ 'a.md': 'a1\na2\na3\na4\na5\nTHEIRS\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const p = plan(base, ours, theirs);
    expect(p.outcome).toBe('merge');
    expect(text(p.result, 'a.md')).toBe('OURS\na2\na3\na4\na5\nTHEIRS\n');
    expect(file(p, 'a.md')).toMatchObject({ action: 'modify', outcome: 'merged' });
  });

  it('both different on the same lines: a conflict with git markers and ConflictInfo', () => {
    const ours = tree({ 'a.md': 'a1\nOURS\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const theirs = tree({ 'a.md': 'a1\nTHEIRS\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const p = plan(base, ours, theirs);
    expect(p.outcome).toBe('conflict');
    expect(text(p.result, 'a.md')).toBe(
      'a1\n<<<<<<< project\nOURS\n=======\nTHEIRS\n>>>>>>> collection\na3\na4\na5\na6\n',
    );
    expect(p.conflicts).toEqual([
      expect.objectContaining({
        path: 'a.md',
        kind: 'content',
        regions: [expect.objectContaining({ base: { start: 1, count: 1 }, output: { start: 1, count: 5 } })],
      }),
    ]);
  });

  it('deleted on one side, modified on the other: a conflict that keeps the modified file', () => {
    const deleted = tree({ 'a.md': base.get('a.md') ? text(base, 'a.md') : '', 'c.md': 'c\n' });
    const modified = tree({ 'a.md': text(base, 'a.md'), 'b.md': 'B!\n', 'c.md': 'c\n' });
    for (const [ours, theirs] of [
      [deleted, modified],
      [modified, deleted],
    ] as const) {
      const p = plan(base, ours, theirs);
      expect(p.conflicts).toEqual([expect.objectContaining({ path: 'b.md', kind: 'modify-delete' })]);
      expect(text(p.result, 'b.md')).toBe('B!\n');
    }
  });

  it('deleted on one side, unchanged on the other: the deletion is taken (both ways)', () => {
    const deleted = tree({ 'a.md': text(base, 'a.md'), 'c.md': 'c\n' });
    expect(file(plan(base, base, deleted), 'b.md')).toMatchObject({ action: 'delete', outcome: 'deleted' });
    const p = plan(base, deleted, tree({ 'a.md': text(base, 'a.md'), 'b.md': 'b\n', 'c.md': 'C\n' }));
    expect(p.result.has('b.md')).toBe(false);
    expect(p.outcome).toBe('merge');
  });

  it('added on both sides: the same is taken once, different content conflicts', () => {
    const add = (content: string) =>
      tree({
        ...Object.fromEntries([...base].map(([k, v]) => [k, Buffer.from(v.bytes).toString()])),
        'new.md': content,
      });
    expect(plan(base, add('same\n'), add('same\n')).outcome).toBe('unchanged');
    const p = plan(base, add('mine\n'), add('yours\n'));
    expect(p.conflicts).toEqual([expect.objectContaining({ path: 'new.md', kind: 'add-add' })]);
    expect(text(p.result, 'new.md')).toBe('<<<<<<< project\nmine\n=======\nyours\n>>>>>>> collection\n');
  });

  it('added on one side: taken, shown as an addition', () => {
    const theirs = tree({
      ...Object.fromEntries([...base].map(([k, v]) => [k, Buffer.from(v.bytes).toString()])),
      'extra/new.md': 'n\n',
    });
    const ours = tree({ 'a.md': 'A\na2\na3\na4\na5\na6\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const p = plan(base, ours, theirs);
    expect(file(p, 'extra/new.md')).toMatchObject({ action: 'add', outcome: 'taken-theirs' });
    expect(file(p, 'extra/new.md')?.diff).toContain('new file mode 100644');
  });

  it('renamed on one side and edited on the other: the edit follows the rename', () => {
    const ours = tree({ 'a.md': 'a1\na2\na3\na4\na5\nEDIT\n', 'b.md': 'b\n', 'c.md': 'c\n' });
    const theirs = tree({ 'moved/a.md': text(base, 'a.md'), 'b.md': 'b\n', 'c.md': 'c\n' });
    const p = plan(base, ours, theirs);
    expect(p.outcome).toBe('merge');
    expect(text(p.result, 'moved/a.md')).toBe('a1\na2\na3\na4\na5\nEDIT\n');
    expect(p.result.has('a.md')).toBe(false);
    expect(file(p, 'moved/a.md')).toMatchObject({ action: 'add', renamed_from: 'a.md' });
    expect(file(p, 'a.md')).toMatchObject({ action: 'delete' });
  });

  it('binary files: one-sided changes are taken, two-sided changes conflict keeping ours', () => {
    const bin = (n: number) => new Uint8Array([0, 1, 2, n]);
    const b = tree({ 'img.png': bin(1) });
    expect(plan(b, b, tree({ 'img.png': bin(2) })).outcome).toBe('fast-forward');
    const p = plan(b, tree({ 'img.png': bin(3) }), tree({ 'img.png': bin(4) }));
    expect(p.conflicts).toEqual([expect.objectContaining({ path: 'img.png', kind: 'binary' })]);
    expect(p.result.get('img.png')?.bytes).toEqual(bin(3));
    expect(file(p, 'img.png')).toMatchObject({ binary: true, diff: '' });
    const q = plan(b, b, tree({ 'img.png': bin(9), 'x.md': 'x\n' }));
    expect(file(q, 'img.png')?.diff).toBe('Binary files a/img.png and b/img.png differ\n');
  });

  it('symbolic links never merge as text, and executable bits follow the side that changed them', () => {
    const b = tree({ link: ['a.md', 'symlink'], 'run.sh': ['echo\n', 'file'], 'a.md': 'a\n' });
    const ours = tree({ link: ['b.md', 'symlink'], 'run.sh': ['echo\n', 'executable'], 'a.md': 'a\n' });
    const theirs = tree({ link: ['c.md', 'symlink'], 'run.sh': ['echo hi\n', 'file'], 'a.md': 'a\n' });
    const p = plan(b, ours, theirs);
    expect(p.conflicts.map((c) => [c.path, c.kind])).toEqual([['link', 'binary']]);
    expect(p.result.get('link')).toEqual({ bytes: new Uint8Array(Buffer.from('b.md')), mode: 'symlink' });
    expect(p.result.get('run.sh')).toEqual({ bytes: new Uint8Array(Buffer.from('echo hi\n')), mode: 'executable' });
  });

  it('with no common ancestor, every file that differs is an add/add conflict', () => {
    const p = plan(null, tree({ 'a.md': 'x\n', 'same.md': 's\n' }), tree({ 'a.md': 'y\n', 'same.md': 's\n' }));
    expect(p.conflicts.map((c) => [c.path, c.kind])).toEqual([['a.md', 'add-add']]);
  });

  it('overwrite takes incoming whole, whatever ours holds', () => {
    const ours = tree({ 'a.md': 'mine\n', 'only-mine.md': 'm\n' });
    const p = plan(base, ours, base, 'overwrite');
    expect(p.outcome).toBe('overwrite');
    expect(p.result_hash).toBe(plan(null, base, base).result_hash);
    expect(file(p, 'only-mine.md')).toMatchObject({ action: 'delete' });
  });
});
