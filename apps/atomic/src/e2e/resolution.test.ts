import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { atomicEnv, bin, conflict, editLines, expectRecordedAsWritten, initRepository, read, tree } from './harness.js';

// Issue 9, cases 1-6: what the user writes is what gets recorded, conflicted files and names
// included — checked from the built bin, after record → reset, and in a fresh clone. Each case
// runs the bin a few dozen times: on a loaded two-core machine that can take a minute.
vi.setConfig({ testTimeout: 180_000 });
const tempDir = useTempDirs('atomic-resolution-');
const atomicCli = () => binRunner(bin, atomicEnv(tempDir()));
const json = <T>(text: string) => JSON.parse(text) as T;
const isMarker = (line: string) => /^(<{7}|={7}|>{7}) /.test(line);
const conflictKinds = (cli: ReturnType<typeof atomicCli>, dir: string) =>
  json<Array<{ kind: string }>>(cli.ok(dir, ['conflicts', '--json']).stdout).map((c) => c.kind);

describe('resolving a conflict by editing the file (issue 9)', () => {
  it('1: lines added next to a marker stay where they were written, and the conflict stays', () => {
    const cli = atomicCli();
    const dir = tempDir();
    conflict(cli, dir);
    editLines(dir, 'f', (lines) => {
      const open = lines.findIndex((line) => line.startsWith('<<<<<<<'));
      return [...lines.slice(0, open), 'pre\n', lines[open] as string, 'post\n', ...lines.slice(open + 1)];
    });
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\nM f\nC f\n');
    expectRecordedAsWritten(cli, dir, tempDir());
    expect(conflictKinds(cli, dir)).toEqual(['order']);
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\nC f\n');
  });

  it('1: either line alone, above or below the opening marker, records as written', () => {
    const cli = atomicCli();
    for (const [added, offset] of [
      ['pre\n', 0],
      ['post\n', 1],
    ] as const) {
      const dir = tempDir();
      conflict(cli, dir);
      editLines(dir, 'f', (lines) => {
        const at = lines.findIndex((line) => line.startsWith('<<<<<<<')) + offset;
        return [...lines.slice(0, at), added, ...lines.slice(at)];
      });
      expectRecordedAsWritten(cli, dir, tempDir());
      expect(conflictKinds(cli, dir)).toEqual(['order']);
    }
  });

  it('1: lines added before and after every marker (Pijul edit_conflict_sides), three sides', () => {
    const cli = atomicCli();
    const dir = tempDir();
    conflict(cli, dir);
    cli.ok(dir, [
      'fork',
      '--state',
      cli
        .ok(dir, ['log', '--states', '--json'])
        .stdout.match(/"state": "(\w+)"/g)
        ?.at(-1)
        ?.slice(10, -1) as string,
      'third',
    ]);
    writeFileSync(join(dir, 'f'), 'a\nz\nb\n');
    cli.ok(dir, ['record', '--channel', 'third', '-m', 'z']);
    cli.ok(dir, ['reset']);
    cli.ok(dir, ['apply', cli.ok(dir, ['log', '--channel', 'third', '--hash-only', '--limit', '1']).stdout.trim()]);
    let n = 0;
    editLines(dir, 'f', (lines) =>
      lines.flatMap((line) => (isMarker(line) ? [`pre${n}\n`, line, `post${n++}\n`] : [line])),
    );
    expect(n).toBe(4);
    expectRecordedAsWritten(cli, dir, tempDir());
    expect(conflictKinds(cli, dir)).toEqual(['order']);
  });

  it('2: conflicting last lines without a final newline, resolved in any of the ways a user would', () => {
    const cli = atomicCli();
    const dir = tempDir();
    conflict(cli, dir, { base: 'a\n', mine: 'a\nx', theirs: 'a\ny' });
    expect(read(dir, 'f')).toMatch(/^a\n<{7} \w+\n[xy]\n={7} \w+\n[xy]\n>{7} end of conflict\n$/);
    for (const written of ['a\nx\ny\n', 'a\nx\n', 'a\nx', 'a\ny\nx', 'a\nx\ny']) {
      writeFileSync(join(dir, 'f'), written, 'latin1');
      const resolution = expectRecordedAsWritten(cli, dir, tempDir()).trim();
      expect(read(dir, 'f'), JSON.stringify(written)).toBe(written);
      expect(conflictKinds(cli, dir)).toEqual([]);
      // Back to the conflict for the next way.
      cli.ok(dir, ['unrecord', resolution]);
      expect(conflictKinds(cli, dir)).toEqual(['order']);
    }
  });

  it('3: an edit inside a conflict leaves the working copy fresh, and no marker becomes content', () => {
    const cli = atomicCli();
    const dir = tempDir();
    conflict(cli, dir);
    editLines(dir, 'f', (lines) => lines.flatMap((line) => (line === 'x\n' ? ['u\n', line] : [line])));
    const written = read(dir, 'f');
    expectRecordedAsWritten(cli, dir, tempDir());
    // Fresh: status shows the conflict only, and nothing is left to record, even after a touch.
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\nC f\n');
    writeFileSync(join(dir, 'f'), written, 'latin1');
    expect(cli.ok(dir, ['status']).stdout).toBe('on channel main\nC f\n');
    expect(cli.ok(dir, ['record', '-m', 'nothing']).stderr).toBe('nothing to record\n');
    // Every line of the file is a line someone wrote, or a marker: no marker was recorded as content.
    const credit = json<Array<{ text: string; change: string | null }>>(cli.ok(dir, ['credit', 'f', '--json']).stdout);
    expect(credit.filter((line) => line.change !== null).map((line) => line.text)).toEqual([
      'a',
      ...['u', 'x', 'y'].sort((p, q) => written.indexOf(`${p}\n`) - written.indexOf(`${q}\n`)),
      'b',
    ]);
    // Apply and pull touching f are not refused: the working copy is the channel's output.
    writeFileSync(join(dir, 'f'), 'a\ny\nb\nc\n');
    const more = cli.ok(dir, ['record', '--channel', 'o', '-m', 'c']).stdout.trim();
    writeFileSync(join(dir, 'f'), written, 'latin1');
    expect(cli.run(dir, ['apply', more]).code).toBe(0);
    expect(read(dir, 'f')).toBe(`${written}c\n`);
  });

  it('4: keeping a zombie brings back only that line, not a line deleted before (Pijul zombie_context_resolution)', () => {
    const cli = atomicCli();
    const dir = tempDir();
    initRepository(cli, dir, { f: 'c\n' });
    cli.ok(dir, ['fork', 'bob']);
    const mainChanges = ['a\nc\n', 'c\n', ''].map((content) => {
      writeFileSync(join(dir, 'f'), content);
      return cli.ok(dir, ['record', '-m', JSON.stringify(content)]).stdout.trim();
    });
    cli.ok(dir, ['channel', 'switch', 'bob']);
    writeFileSync(join(dir, 'f'), 'x\nc\n');
    cli.ok(dir, ['record', '-m', 'x']);
    expect(cli.ok(dir, ['apply', ...mainChanges]).stderr).toContain('conflicts in f');
    expect(read(dir, 'f')).toMatch(/^x\n<{7} zombie \w+\nc\n>{7} end of zombie\n$/);
    writeFileSync(join(dir, 'f'), 'x\nc\n');
    expectRecordedAsWritten(cli, dir, tempDir());
    expect(conflictKinds(cli, dir)).toEqual([]);
  });
});

describe('file-tree conflicts resolve by recording (issue 9)', () => {
  /** `s1` with `file` recorded, and `s2` a clone of it. */
  function twoRepositories(cli: ReturnType<typeof atomicCli>, content = 'content\n') {
    const s1 = tempDir();
    initRepository(cli, s1, { file: content });
    const s2 = join(tempDir(), 's2');
    cli.ok(s1, ['clone', s1, s2]);
    return { s1, s2 };
  }

  /** `file` renamed to `alice` in s1 and to `bob` in s2, then s2 pulls s1: one name is shown. */
  function twoRenames(cli: ReturnType<typeof atomicCli>) {
    const { s1, s2 } = twoRepositories(cli);
    for (const [dir, name] of [
      [s1, 'alice'],
      [s2, 'bob'],
    ] as const) {
      cli.ok(dir, ['mv', 'file', name]);
      cli.ok(dir, ['record', '-m', name]);
    }
    const pulled = cli.ok(s2, ['pull', s1]);
    return { s1, s2, pulled, shown: Object.keys(tree(s2))[0] as string };
  }

  it('5: two renames of one file: recording the working copy as it is keeps the name shown', () => {
    const cli = atomicCli();
    const { s1, s2, pulled, shown } = twoRenames(cli);
    expect(pulled.stderr).toMatch(/^conflicts in (alice|bob) /);
    expect(conflictKinds(cli, s2)).toEqual(['name']);
    expect(cli.ok(s2, ['mv', shown, shown]).stderr).toContain('the next record resolves its name conflict');
    expect(cli.run(s2, ['mv', 'nowhere', 'nowhere']).code).toBe(3);
    expect(cli.run(s1, ['mv', 'alice', 'alice']).code).toBe(2); // no conflict there: nothing to keep
    expectRecordedAsWritten(cli, s2, tempDir());
    expect(tree(s2)).toEqual({ [shown]: 'content\n' });
    expect(conflictKinds(cli, s2)).toEqual([]);
    // The resolution travels: s1 gets the same name once it has everything.
    cli.ok(s1, ['pull', s2]);
    expect(tree(s1)).toEqual({ [shown]: 'content\n' });
    expect(conflictKinds(cli, s1)).toEqual([]);
  });

  it('5: a move against a delete: recording as it is keeps the moved file, lines and all', () => {
    const cli = atomicCli();
    const { s1, s2 } = twoRepositories(cli);
    cli.ok(s1, ['mv', 'file', 'moved']);
    cli.ok(s1, ['record', '-m', 'move']);
    cli.ok(s2, ['rm', 'file']);
    cli.ok(s2, ['record', '-m', 'delete']);
    expect(cli.ok(s2, ['pull', s1]).stderr).toContain('conflicts in moved');
    expect(tree(s2)).toEqual({ file: 'content\n', moved: 'content\n' }); // `rm` left the file on disk, untracked
    rmSync(join(s2, 'file'));
    expect(conflictKinds(cli, s2)).toEqual(['name']);
    expectRecordedAsWritten(cli, s2, tempDir());
    expect(conflictKinds(cli, s2)).toEqual([]);
  });

  it('5: a rename on one side against a move back to the old name on the other: recording as it is resolves', () => {
    const cli = atomicCli();
    const { s1, s2 } = twoRepositories(cli);
    cli.ok(s1, ['mv', 'file', 'alice']);
    cli.ok(s1, ['record', '-m', 'alice']);
    cli.ok(s1, ['mv', 'alice', 'file']);
    cli.ok(s1, ['record', '-m', 'back to file']);
    cli.ok(s2, ['mv', 'file', 'bob']);
    cli.ok(s2, ['record', '-m', 'bob']);
    cli.ok(s2, ['pull', s1]);
    expect(conflictKinds(cli, s2)).toEqual(['name']);
    const [shown] = Object.keys(tree(s2));
    expectRecordedAsWritten(cli, s2, tempDir());
    expect(tree(s2)).toEqual({ [shown as string]: 'content\n' });
    expect(conflictKinds(cli, s2)).toEqual([]);
    // Moving it afterwards (back to its first name, or away from it when `file` is the name
    // shown: which name wins follows the changes' hashes) is a move like any other.
    const next = shown === 'file' ? 'alice' : 'file';
    cli.ok(s2, ['mv', shown as string, next]);
    expectRecordedAsWritten(cli, s2, tempDir());
    expect(tree(s2)).toEqual({ [next]: 'content\n' });
  });

  it('6: an edit to a file the receiver deleted comes back as a zombie, reported; recording keeps it', () => {
    const cli = atomicCli();
    const { s1, s2 } = twoRepositories(cli, 'a\nb\n');
    cli.ok(s1, ['rm', 'file']);
    cli.ok(s1, ['record', '-m', 'delete']);
    writeFileSync(join(s1, 'file'), 'untracked copy\n'); // what `rm` left on disk, edited since: kept
    writeFileSync(join(s2, 'file'), 'a\nb\nc\n');
    cli.ok(s2, ['record', '-m', 'edit']);
    cli.run(s1, ['reset']);
    writeFileSync(join(s1, 'file'), 'a\nb\n');
    const pulled = cli.ok(s1, ['pull', s2, '--force']);
    expect(pulled.stderr).toBe(
      'conflicts in file (channel main); see `atomic conflicts`, edit the files and record to resolve\n',
    );
    expect(read(s1, 'file')).toMatch(/^<{7} zombie \w+\nb\n>{7} end of zombie\nc\n$/);
    expect(cli.ok(s1, ['status']).stdout).toBe('on channel main\nC file\n');
    expect(conflictKinds(cli, s1).sort()).toEqual(['zombie', 'zombie']);
    expectRecordedAsWritten(cli, s1, tempDir());
    // The name is settled; the line conflict stays while its markers do.
    expect(conflictKinds(cli, s1)).toEqual(['zombie']);
    // The edit is not lost on the other side either.
    cli.ok(s2, ['pull', s1]);
    expect(read(s2, 'file')).toBe(read(s1, 'file'));
  });
});
