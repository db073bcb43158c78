import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diverged, read, runInTerminal, skill, useSandbox, write } from '../../test/fixture.js';

const sandbox = useSandbox();

describe('conflicts, resolve, abort and rollback', () => {
  it('a conflicting edit exits 4 with markers and the commands to run; resolve records the merge; history shows it', () => {
    const { cli, root, project, deployed } = diverged(sandbox, 2, 2);
    cli.ok(['sync', 'review', '--apply']);
    const stopped = cli.run(['update', 'review', '--apply', '--strategy', 'auto']);
    expect(stopped.code).toBe(4);
    expect(stopped.stdout).toContain('1 file(s) would conflict: SKILL.md');
    expect(read(deployed)).toBe(skill({ 2: 'edited in the project' }));

    const pending = cli.run(['update', 'review', '--apply']);
    expect(pending.code).toBe(4);
    expect(pending.stdout).toContain('conflicts to resolve in 1 file(s):');
    expect(pending.stdout).toContain(`hint: skillmeat-sync resolve skill:review --file PATH --project ${project}`);
    expect(read(deployed)).toContain(
      '<<<<<<< project\nedited in the project\n=======\nedited upstream\n>>>>>>> collection\n',
    );
    expect(cli.json(['drift'])).toMatchObject({ entries: [{ status: 'conflict', recommendation: 'resolve' }] });
    expect(cli.run(['sync', 'review', '--direction', 'project', '--apply']).code).toBe(2);

    const leftover = join(root, 'leftover.md');
    write(leftover, read(deployed));
    const refused = cli.run(['resolve', 'review', '--file', 'SKILL.md', '--project', '.', '--custom', leftover]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('[CONFLICT_MARKERS_REMAIN]');
    const custom = join(root, 'resolved.md');
    write(custom, skill({ 2: 'both, reconciled' }));
    const resolved = cli.ok(['resolve', 'review', '--file', 'SKILL.md', '--project', '.', '--custom', custom]);
    expect(resolved.stdout).toMatch(/^resolved SKILL\.md \(custom\)\nmerge recorded: skill:review is now h1:/);
    expect(read(deployed)).toBe(skill({ 2: 'both, reconciled' }));

    const history = cli.ok(['history', 'review', '--project', '.']).stdout.split('\n');
    expect(history[1]).toMatch(/^DATE\s+ACTION\s+HASH\s+PARENT\s+ORIGIN\s+UPSTREAM$/);
    expect(history.slice(2, -1).map((line) => line.split(/\s{2,}/)[1])).toEqual(['deploy', 'local-edit', 'resolve']);
    // The resolution is a merge of the project's edit and the collection's version, which carried upstream's main.
    expect(history[4]).toMatch(/resolve\s+h1:\S+\s+h1:\S{10} \+ h1:\S{10}\s+sync\s+main [0-9a-f]{10}$/);
  });

  it('a merge waiting in the collection heads drift, with the command that settles it', () => {
    const { cli, project } = diverged(sandbox, 2, 2);
    cli.ok(['sync', 'review', '--direction', 'project', '--apply']);
    const pending = cli.run(['sync', 'review', '--apply']);
    expect(pending.code).toBe(4);
    expect(pending.stdout).toContain('conflicts to resolve in 1 file(s):');
    const drift = cli.ok(['drift']).stdout;
    expect(drift).toMatch(
      new RegExp(`skill:review\\s+${project}\\s+.*skillmeat-sync resolve skill:review --file SKILL\\.md\\n`),
    );
    expect(drift).toContain(
      'skill:review: a merge in the collection waits for you (SKILL.md): skillmeat-sync resolve skill:review --file SKILL.md',
    );
    cli.ok(['resolve', 'review', '--file', 'SKILL.md', '--theirs']);
    expect(cli.ok(['drift']).stdout).not.toContain('waits for you');
    const history = cli.json<{ entries: { action: string; upstream: { version: string } | null }[] }>([
      'history',
      'review',
    ]);
    expect(history.entries.at(-1)).toMatchObject({ action: 'resolve', upstream: { version: 'main' } });
  });

  it('abort restores the pre-merge version; rollback asks, and records itself in the lineage', () => {
    const { cli, deployed } = diverged(sandbox, 2, 2);
    const first = cli.json<{ version_lineage: string[] }>(['history', 'review']).version_lineage[0] as string;
    cli.ok(['sync', 'review', '--apply']);
    expect(cli.run(['update', 'review', '--apply']).code).toBe(4);
    const aborted = cli.ok(['abort', 'review', '--project', '.']);
    expect(aborted.stdout).toMatch(/^aborted the merge of skill:review: back to h1:/);
    expect(read(deployed)).toBe(skill({ 2: 'edited in the project' }));
    expect(cli.run(['abort', 'review', '--project', '.']).code).toBe(3);

    expect(cli.run(['rollback', 'review', '--to', first]).code).toBe(2);
    const rolled = cli.ok(['rollback', 'review', '--to', first.slice(3, 12), '--yes']);
    expect(rolled.stdout).toContain('rolled-back');
    const lineage = cli.json<{ version_lineage: string[]; entries: { action: string }[] }>(['history', 'review']);
    expect(lineage.version_lineage.at(-1)).toBe(first);
    expect(lineage.entries.map((e) => e.action)).toEqual(['add', 'sync', 'rollback']);
  });
});

describe('on a terminal', () => {
  it('resolve asks ours / theirs / $EDITOR / skip, and the edit path records the file as edited', () => {
    const { cli, root, home, project, deployed } = diverged(sandbox, 2, 2);
    cli.ok(['sync', 'review', '--apply']);
    cli.run(['update', 'review', '--apply']);
    const skipped = runInTerminal(project, ['resolve', 'review', '--file', 'SKILL.md', '-p', '.'], 'maybe\ns\n', {
      SKILLMEAT_HOME: home,
    });
    expect(skipped.code).toBe(4);
    expect(skipped.stdout).toContain('[o] keep project, [t] take collection, [e] open in $EDITOR, [s] skip');
    expect(skipped.stdout).toContain('please answer one of: o, t, e, s');
    const editor = join(root, 'editor.sh');
    write(editor, `#!/bin/sh\nprintf '%s' '${skill({ 2: 'merged by hand' })}' > "$1"\n`);
    const edited = runInTerminal(project, ['resolve', 'review', '--file', 'SKILL.md', '-p', '.'], 'e\n', {
      SKILLMEAT_HOME: home,
      EDITOR: `sh ${editor}`,
    });
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('resolved SKILL.md (current)');
    expect(read(deployed)).toBe(skill({ 2: 'merged by hand' }));
    expect(existsSync(deployed)).toBe(true);
  });

  it('rollback waits for a yes; anything else cancels and changes nothing', () => {
    const { cli, home, project } = diverged(sandbox, 2, 2);
    const first = cli.json<{ version_lineage: string[] }>(['history', 'review']).version_lineage[0] as string;
    cli.ok(['sync', 'review', '--apply']);
    const head = cli.json<{ head: string }>(['history', 'review']).head;
    const refused = runInTerminal(project, ['rollback', 'review', '--to', first], 'n\n', { SKILLMEAT_HOME: home });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('[CANCELLED]');
    expect(cli.json<{ head: string }>(['history', 'review']).head).toBe(head);
    const accepted = runInTerminal(project, ['rollback', 'review', '--to', first], 'y\n', { SKILLMEAT_HOME: home });
    expect(accepted.code).toBe(0);
    expect(cli.json<{ head: string }>(['history', 'review']).head).toBe(first);
  });
});
