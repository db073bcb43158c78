import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, read, runInTerminal, skill, useSandbox, write } from '../../test/fixture.js';

const sandbox = useSandbox();

/** Deployed, then edited in the project (line `projectLine`) and upstream (line `upstreamLine`). */
function diverged(projectLine: number, upstreamLine: number) {
  const box = sandbox();
  box.cli.ok(['add', `${box.upstream}#skills/review`]);
  box.cli.ok(['deploy', 'review']);
  write(box.deployed, skill({ [projectLine]: 'edited in the project' }));
  box.commit('v2', { 'skills/review/SKILL.md': skill({ [upstreamLine]: 'edited upstream' }) });
  return box;
}

describe('deploy, drift, sync and update', () => {
  it('keeps both sides’ edits: drift shows the divergence, dry runs write nothing, --apply merges', () => {
    const { cli, home, project, deployed } = diverged(0, 5);
    const drift = cli.ok(['drift', '--check-all']).stdout;
    expect(drift).toMatch(
      /skill:review\s+\S+\s+diverged\s+project\+upstream\s+SKILL\.md\s+main \(default\)\s+skillmeat-sync sync/,
    );
    expect(cli.json(['drift'])).toMatchObject({
      entries: [{ artifact_id: 'skill:review', status: 'diverged', upstream: { pin: 'default' } }],
      summary: { diverged: 1 },
    });

    const before = { home: fingerprint(home), project: fingerprint(project) };
    const plan = cli.ok(['sync', 'review']);
    expect(plan.stdout).toContain('skill:review  upstream → collection @main  planned');
    expect(plan.stdout).toContain('-six\n+edited upstream');
    expect(plan.stdout).toContain('dry run: nothing was written; run again with --apply to write it');
    expect(plan.stderr).toBe('');
    expect(fingerprint(project)).toEqual(before.project);
    expect(Object.keys(fingerprint(home)).filter((path) => !path.includes('/upstreams/'))).toEqual(
      Object.keys(before.home).filter((path) => !path.includes('/upstreams/')),
    );

    expect(cli.ok(['sync', 'review', '--apply']).stdout).toContain('fast-forwarded');
    const update = cli.json<{ status: string; plan: { outcome: string; files: { diff: string }[] } }>([
      'update',
      'review',
    ]);
    expect(update).toMatchObject({ status: 'planned', plan: { outcome: 'merge' } });
    expect(read(deployed)).toBe(skill({ 0: 'edited in the project' }));
    expect(cli.ok(['update', 'review', '--apply']).stdout).toMatch(/collection → project .* merged/);
    expect(read(deployed)).toBe(skill({ 0: 'edited in the project', 5: 'edited upstream' }));
    // The project's own edit is not in the collection yet: the project is ahead, nothing else.
    expect(cli.json(['drift'])).toMatchObject({ entries: [{ status: 'modified', recommendation: 'sync-project' }] });
  });

  it('colours diffs on request, and never when output is not a terminal', () => {
    const { cli } = diverged(0, 5);
    expect(cli.ok(['sync', 'review']).stdout).not.toContain('\u001b[');
    const coloured = cli.ok(['sync', 'review', '--color']).stdout;
    expect(coloured).toContain('\u001b[31m-six\u001b[39m');
    expect(coloured).toContain('\u001b[32m+edited upstream\u001b[39m');
  });

  it('a conflicting edit exits 4 with markers and the commands to run; resolve records the merge; history shows it', () => {
    const { cli, root, project, deployed } = diverged(2, 2);
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
  });

  it('abort restores the pre-merge version; rollback asks, and records itself in the lineage', () => {
    const { cli, deployed } = diverged(2, 2);
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

  it('follows the settings: no preview writes at once, auto-merge off stops merges, the default strategy applies', () => {
    const { cli, deployed } = diverged(0, 5);
    expect(cli.ok(['sync', 'review'], { ENABLE_SYNC_PREVIEW: 'false' }).stdout).toContain('fast-forwarded');
    expect(cli.ok(['update', 'review', '--dry-run'], { ENABLE_SYNC_PREVIEW: 'false' }).stdout).toContain('planned');
    const off = cli.run(['update', 'review', '--apply'], { ENABLE_AUTO_MERGE: 'false' });
    expect(off.code).toBe(4);
    expect(off.stderr).toContain('[AUTO_MERGE_DISABLED]');
    expect(read(deployed)).toBe(skill({ 0: 'edited in the project' }));
    cli.ok(['config', 'set', 'merge_strategy_default', 'overwrite']);
    expect(cli.json(['update', 'review', '--apply'])).toMatchObject({ status: 'overwritten' });
    expect(read(deployed)).toBe(skill({ 5: 'edited upstream' }));
  });

  it('update --all ends with a summary table; a conflict among them exits 4', () => {
    const { cli, upstream, project, commit } = diverged(2, 2);
    cli.ok(['add', `${upstream}#commands/fix.md`]);
    cli.ok(['deploy', 'fix']);
    commit('v3', { 'commands/fix.md': 'Fix the bug, then add a test.\n' });
    cli.ok(['sync', 'review', '--apply']);
    cli.ok(['sync', 'fix', '--apply']);
    const all = cli.run(['update', '--all', '--apply', '--strategy', 'auto']);
    expect(all.code).toBe(4);
    expect(all.stdout).toMatch(/command:fix\s+fast-forwarded/);
    expect(all.stdout).toMatch(/skill:review\s+conflicts-stopped\s+SKILL\.md/);
    expect(all.stdout).toMatch(
      /auto-merged\s+fast-forwarded\s+conflicts\s+errors\s+unchanged\s+overwritten\s+planned\n0\s+1\s+1\s+0\s+0\s+0\s+0\n$/,
    );
    expect(read(join(project, '.claude', 'commands', 'fix.md'))).toBe('Fix the bug, then add a test.\n');
  });
});

describe('on a terminal', () => {
  it('resolve asks ours / theirs / $EDITOR / skip, and the edit path records the file as edited', () => {
    const { cli, root, home, project, deployed } = diverged(2, 2);
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
    const { cli, home, project } = diverged(2, 2);
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
