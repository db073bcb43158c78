import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diverged, fingerprint, read, skill, useSandbox } from '../../test/fixture.js';

const sandbox = useSandbox();

describe('deploy, drift, sync and update', () => {
  it('keeps both sides’ edits: drift shows the divergence, dry runs write nothing, --apply merges', () => {
    const { cli, home, project, deployed } = diverged(sandbox, 0, 5);
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
    // The merge shows both its parents: the project's edit and the collection's version.
    expect(cli.ok(['history', 'review', '--project', '.']).stdout).toMatch(
      /\n\S+ \S+\s+sync\s+h1:\S{10}\s+h1:\S{10} \+ h1:\S{10}\s+sync\s/,
    );
    // The project's own edit is not in the collection yet: the project is ahead, nothing else.
    expect(cli.json(['drift'])).toMatchObject({ entries: [{ status: 'modified', recommendation: 'sync-project' }] });
  });

  it('asks the upstreams only when enable_upstream_check allows it', () => {
    const { cli } = diverged(sandbox, 0, 5);
    const off = cli.run(['drift', '--check-all'], { ENABLE_UPSTREAM_CHECK: 'false' });
    expect(off.code).toBe(0);
    expect(off.stderr).toContain('enable_upstream_check is false: showing the cached upstream checks');
    expect(off.stdout).toMatch(/skill:review\s+\S+\s+modified\s+project\s/);
    expect(off.stdout).toContain('upstreams not asked');
    expect(cli.ok(['drift', '--check-all']).stdout).toMatch(/skill:review\s+\S+\s+diverged\s+project\+upstream\s/);
    // show has the check's time, and the deployment's status as its files are now.
    const shown = cli.ok(['show', 'review']).stdout;
    expect(shown).toMatch(/\nlast check {3}\d{4}-\d\d-\d\dT[\d:.]+Z\n/);
    expect(shown).toMatch(/\ndeployments\n {2}\S+\s+h1:\S+\s+diverged\s+main\n/);
  });

  it('colours diffs on request, and never when output is not a terminal', () => {
    const { cli } = diverged(sandbox, 0, 5);
    expect(cli.ok(['sync', 'review']).stdout).not.toContain('\u001b[');
    const coloured = cli.ok(['sync', 'review', '--color']).stdout;
    expect(coloured).toContain('\u001b[31m-six\u001b[39m');
    expect(coloured).toContain('\u001b[32m+edited upstream\u001b[39m');
  });

  it('follows the settings: no preview writes at once, auto-merge off stops merges, the default strategy applies', () => {
    const { cli, deployed } = diverged(sandbox, 0, 5);
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
    const { cli, upstream, project, commit } = diverged(sandbox, 2, 2);
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
