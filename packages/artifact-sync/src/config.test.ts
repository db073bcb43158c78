import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { read, skill, skillPath, useSyncFixture, write } from '../test/sync-fixture.js';
import { configPath, initSettings, readSettings, writeSetting } from './index.js';

const fx = useSyncFixture();

describe('collection settings', () => {
  it('are the seed’s defaults without a file, and init writes them with a private token', () => {
    const home = fx.tempDir();
    expect(readSettings(home, {})).toMatchObject({
      values: {
        enable_sync_preview: true,
        enable_auto_merge: true,
        enable_upstream_check: true,
        merge_strategy_default: 'prompt',
        api_token: null,
      },
      sources: { enable_auto_merge: 'default', api_token: 'default' },
    });
    expect(initSettings(home)).toMatchObject({ created: true, token_generated: true });
    const token = readSettings(home, {}).values.api_token;
    expect(token).toMatch(/^smt_[A-Za-z0-9_-]{32}$/);
    expect(statSync(configPath(home)).mode & 0o777).toBe(0o600);
    // A second init keeps the token and everything else.
    writeSetting(home, 'merge_strategy_default', 'auto');
    expect(initSettings(home)).toMatchObject({ created: false, token_generated: false });
    expect(readSettings(home, {}).values).toMatchObject({ api_token: token, merge_strategy_default: 'auto' });
  });

  it('are overridden by the environment, and say where each value came from', () => {
    const home = fx.tempDir();
    writeSetting(home, 'ENABLE_AUTO_MERGE', 'false');
    const env = { ENABLE_SYNC_PREVIEW: 'no', MERGE_STRATEGY_DEFAULT: 'overwrite', SKILLMEAT_TOKEN: 'x'.repeat(20) };
    expect(readSettings(home, env)).toMatchObject({
      values: {
        enable_sync_preview: false,
        enable_auto_merge: false,
        merge_strategy_default: 'overwrite',
        api_token: 'x'.repeat(20),
      },
      sources: { enable_sync_preview: 'env', enable_auto_merge: 'file', enable_upstream_check: 'default' },
    });
  });

  it('refuse unknown keys, bad values and a damaged file with a clear error, changing nothing', () => {
    const home = fx.tempDir();
    initSettings(home);
    const before = readFileSync(configPath(home), 'utf8');
    expect(() => writeSetting(home, 'colour', 'red')).toThrow(expect.objectContaining({ code: 'UNKNOWN_SETTING' }));
    expect(() => writeSetting(home, 'enable_auto_merge', 'perhaps')).toThrow(
      expect.objectContaining({ code: 'INVALID_SETTING', exitCode: 2 }),
    );
    expect(() => readSettings(home, { MERGE_STRATEGY_DEFAULT: 'merge' })).toThrow(/MERGE_STRATEGY_DEFAULT/);
    expect(readFileSync(configPath(home), 'utf8')).toBe(before);
    writeFileSync(configPath(home), 'enable_auto_merge = [');
    expect(() => readSettings(home, {})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('auto_merge: false', () => {
  it('stops a merge of edits made on both sides before writing, and lets fast-forwards through', async () => {
    const { upstream, service, project } = await fx.deployed();
    write(skillPath(project), skill({ 0: 'ONE (project)' }));
    await service.sync({ artifact: 'review', direction: 'project', project, apply: true });
    upstream.write({ 'skills/review/SKILL.md': skill({ 5: 'SIX (upstream)' }) }).commit('v2');
    const before = await service.history({ artifact: 'review' });
    await expect(
      service.sync({ artifact: 'review', direction: 'upstream', apply: true, strategy: 'auto', auto_merge: false }),
    ).rejects.toMatchObject({ code: 'AUTO_MERGE_DISABLED', exitCode: 4 });
    expect((await service.history({ artifact: 'review' })).entries).toEqual(before.entries);
    const merged = await service.sync({ artifact: 'review', direction: 'upstream', apply: true, strategy: 'auto' });
    expect(merged.status).toBe('merged');
    const update = await service.update({ artifact: 'review', project, apply: true, auto_merge: false });
    expect(update.status).toBe('fast-forwarded');
    expect(read(skillPath(project))).toBe(skill({ 0: 'ONE (project)', 5: 'SIX (upstream)' }));
  });
});
