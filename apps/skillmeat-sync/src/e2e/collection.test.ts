import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../test/fixture.js';

const sandbox = useSandbox();

describe('help', () => {
  it('gives every command a summary and examples', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'oclif.manifest.json'), 'utf8'));
    const commands = Object.values(manifest.commands) as { id: string; summary?: string; examples?: string[] }[];
    expect(commands.length).toBeGreaterThanOrEqual(19);
    expect(commands.filter((command) => !command.summary || !command.examples?.length).map((c) => c.id)).toEqual([]);
  });
});

describe('the collection commands', () => {
  it('init creates the collection with a private config and a token, and changes nothing the second time', () => {
    const { home, cli } = sandbox();
    const first = cli.ok(['init']);
    expect(first.stdout).toContain(`created the collection at ${home}`);
    expect(first.stdout).toContain('(API token generated)');
    const config = join(home, 'config.toml');
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const before = readFileSync(config, 'utf8');
    expect(before).toMatch(/api_token = "smt_/);
    expect(cli.json(['init'])).toMatchObject({ home, created: false, token_generated: false });
    expect(readFileSync(config, 'utf8')).toBe(before);
    expect(cli.ok(['config', 'get', 'api_token']).stdout.trim()).toBe(/api_token = "(.*)"/.exec(before)?.[1]);
  });

  it('adds artifacts with inferred kinds and pins, lists and shows them', () => {
    const { upstream, cli } = sandbox();
    const added = cli.ok(['add', `${upstream}#skills/review@v1`]);
    expect(added.stdout).toMatch(/^added skill:review h1:\S+ \(2 file\(s\)\)\n {2}from .*#skills\/review@v1 \(tag\)/);
    expect(cli.json(['add', `${upstream}#commands/fix.md`, '--name', 'fixit'])).toMatchObject({
      artifact: { id: 'command:fixit', kind: 'command', upstream: { pin: 'default', ref: null } },
    });
    const list = cli.ok(['list']).stdout.split('\n');
    expect(list[0]).toMatch(/^ARTIFACT\s+VERSION\s+VERSIONS\s+UPSTREAM\s+CONFLICTS$/);
    expect(list.find((line) => line.startsWith('skill:review'))).toMatch(/@v1 \(tag\)/);
    expect(list.find((line) => line.startsWith('command:fixit'))).toMatch(/@main \(tracking default branch\)/);
    const listed = cli.json<{ artifacts: { id: string }[]; trace_id: string }>(['list']);
    expect(listed.artifacts.map((a) => a.id)).toEqual(['command:fixit', 'skill:review']);
    expect(listed.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const shown = cli.ok(['show', 'review']).stdout;
    expect(shown).toMatch(/^skill:review {2}h1:/);
    expect(shown).toContain('deployments\n  (none)');
    expect(shown).toMatch(/files\n {2}SKILL\.md\s+\d+ B/);
  });

  it('says what is wrong, with the exit code of its kind: usage 2, not found 3', () => {
    const { upstream, cli } = sandbox();
    const badSource = cli.run(['add', '#skills/review']);
    expect(badSource.code).toBe(2);
    expect(badSource.stderr).toMatch(/\[INVALID_SOURCE\]\nhint: /);
    const missingPath = cli.run(['add', `${upstream}#skills/nope`]);
    expect(missingPath.code).toBe(3);
    expect(missingPath.stderr).toContain('[UPSTREAM_PATH_NOT_FOUND]');
    const missing = cli.run(['show', 'nothing']);
    expect(missing).toMatchObject({ code: 3, stdout: '' });
    expect(missing.stderr).toContain('[ARTIFACT_NOT_FOUND]');
    expect(JSON.parse(cli.run(['show', 'nothing', '--json']).stdout).error.code).toBe('ARTIFACT_NOT_FOUND');
    expect(cli.run(['add', `${upstream}#skills/review`, '--kind', 'plugin']).code).toBe(2);
    expect(cli.run(['update']).stderr).toContain('[ARTIFACT_OR_ALL]');
    expect(cli.run(['rollback', 'review'])).toMatchObject({
      code: 2,
      stderr:
        'error: missing required flag --to [USAGE]\nhint: run `skillmeat-sync rollback --help` for the expected form\n',
    });
    expect(cli.run(['resolve', 'review', '--file', 'SKILL.md', '--ours', '--theirs']).stderr).toMatch(
      /^error: --(theirs cannot be used with --ours|ours cannot be used with --theirs) \[USAGE\]\n/,
    );
  });

  it('remove asks for confirmation, refuses without a terminal or --yes, and keeps deployed artifacts unless --force', () => {
    const { upstream, cli } = sandbox();
    cli.ok(['add', `${upstream}#skills/review`]);
    const unconfirmed = cli.run(['remove', 'review']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('[ANSWER_REQUIRED]\nhint: pass --yes to confirm without a terminal');
    cli.ok(['deploy', 'review']);
    const deployed = cli.run(['remove', 'review', '--yes']);
    expect(deployed.code).toBe(2);
    expect(deployed.stderr).toContain('[ARTIFACT_DEPLOYED]');
    expect(cli.json(['list'])).toMatchObject({ artifacts: [{ id: 'skill:review' }] });
    expect(cli.ok(['remove', 'review', '--force', '--yes']).stdout).toBe('removed skill:review\n');
    expect(cli.json(['list'])).toMatchObject({ artifacts: [] });
  });

  it('config list shows each setting, its value and source; config set validates and writes; env overrides', () => {
    const { home, cli } = sandbox();
    cli.ok(['init']);
    const listed = cli.ok(['config', 'list'], { MERGE_STRATEGY_DEFAULT: 'auto' }).stdout;
    expect(listed).toMatch(/enable_sync_preview\s+true\s+file/);
    expect(listed).toMatch(/merge_strategy_default\s+auto\s+env \(MERGE_STRATEGY_DEFAULT\)/);
    expect(listed).toMatch(/api_token\s+smt_\S*…\s+file/);
    expect(listed).not.toMatch(/smt_\S{10}/);
    expect(cli.ok(['config', 'set', 'enable_auto_merge', 'false']).stdout).toContain('enable_auto_merge = false');
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toContain('enable_auto_merge = false');
    const bad = cli.run(['config', 'set', 'merge_strategy_default', 'merge']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[INVALID_SETTING]');
    expect(cli.run(['config', 'set', 'colour', 'red']).stderr).toContain('[UNKNOWN_SETTING]');
    expect(cli.json(['config', 'list'], { ENABLE_AUTO_MERGE: 'yes' })).toMatchObject({
      settings: {
        enable_auto_merge: { value: true, source: 'env', env: 'ENABLE_AUTO_MERGE' },
        api_token: { value: '(set)', source: 'file' },
      },
    });
  });
});
