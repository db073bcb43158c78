import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// Seed 000's production hotfix workflow, end to end from the built bin (issue 11).
const tempDir = useTempDirs('atomic-hotfix-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const noAi = { ATOMIC_AI_ENABLED: '', ATOMIC_AI_PROVIDER: '', ATOMIC_AI_MODEL: '', ATOMIC_AI_CONFIDENCE: '' };
// Dozens of CLI runs each, on a shared two-core machine.
const E2E_TIMEOUT = 240_000;
const json = <T = Record<string, unknown>>(text: string) => JSON.parse(text) as T;

const AUTH_V1 = 'auth v1\ncheck password\nreturn\n\n\nend\n';
const AUTH_V3 = 'auth v1\ncheck password\nreturn\n\n\nlog\nend\n';
const FIXED = (auth: string) => auth.replace('check password', 'check password and token');

/** v1.0 in production, v2.0 and v3.0 later consolidating tags, and development since. */
function releases() {
  const run = binRunner(bin, { ATOMIC_AUTHOR: 'Ada <ada@example.com>', ATOMIC_CONFIG_HOME: tempDir(), ...noAi });
  const dir = tempDir();
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  run.ok(dir, ['init']);
  write('auth.ts', AUTH_V1);
  run.ok(dir, ['add', 'auth.ts']);
  run.ok(dir, ['record', '-m', 'authentication']);
  run.ok(dir, ['tag', 'create', '--consolidate', 'v1.0', '-m', 'Sprint 1']);
  write('billing.ts', 'billing\n');
  run.ok(dir, ['add', 'billing.ts']);
  run.ok(dir, ['record', '-m', 'billing']);
  run.ok(dir, ['tag', 'create', '--consolidate', 'v2.0', '-m', 'Sprint 2']);
  write('auth.ts', AUTH_V3);
  run.ok(dir, ['record', '-m', 'log logins']);
  run.ok(dir, ['tag', 'create', '--consolidate', 'v3.0', '-m', 'Sprint 3']);
  write('README.md', 'in development\n');
  run.ok(dir, ['add', 'README.md']);
  run.ok(dir, ['record', '-m', 'docs']);
  return { run, dir, write };
}

/** The files of a tag's set, read by forking it and switching the working copy there and back. */
function filesAt(run: ReturnType<typeof releases>['run'], dir: string, tag: string) {
  const channel = `check-${tag}`;
  run.ok(dir, ['fork', tag, channel]);
  run.ok(dir, ['channel', 'switch', channel]);
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : null);
  const files = { auth: read('auth.ts'), billing: read('billing.ts'), readme: read('README.md') };
  run.ok(dir, ['channel', 'switch', 'main']);
  run.ok(dir, ['channel', 'delete', channel]);
  return files;
}

describe('hotfixes across tags', () => {
  it(
    'fixes v1.0 on a fork, makes v1.0.1, and propagates it to v2.0.1, v3.0.1 and current development',
    () => {
      const { run, dir, write } = releases();
      // The fix is made in the working copy (on main) and recorded as a hotfix of v1.0.
      write('auth.ts', FIXED(AUTH_V3));
      const fix = run
        .ok(dir, ['hotfix', '--from-tag', 'v1.0', '--to-channel', 'security-hotfix', '-m', 'SECURITY: check the token'])
        .stdout.trim();
      expect(run.ok(dir, ['log', '--channel', 'security-hotfix', '--hash-only', '--limit', '1']).stdout.trim()).toBe(
        fix,
      );
      const deps = json<{ dependencies: Array<{ type: string; name?: string }> }>(
        run.ok(dir, ['change', fix, '--json']).stdout,
      ).dependencies;
      expect(deps).toMatchObject([{ type: 'tag', name: 'v1.0' }]);

      const made = json<{ name: string; changes: string[] }>(
        run.ok(dir, ['apply', '--to-tag', 'v1.0', '--create-tag', 'v1.0.1', '--verify-compatibility', fix, '--json'])
          .stdout,
      );
      expect(made).toMatchObject({ name: 'v1.0.1', changes: [fix] });
      // No channel was touched.
      expect(run.ok(dir, ['log', '--hash-only']).stdout).not.toContain(fix);

      const plan = run.ok(dir, ['propagate-hotfix', 'v1.0.1', '--to-descendants', '--dry-run']).stdout;
      expect(plan).toContain('would create v2.0.1 from v2.0');
      expect(plan).toContain('would create v3.0.1 from v3.0');
      expect(plan).toContain('would apply to channel main');
      const propagated = json<{
        targets: Array<{ patched: string }>;
        channels: Array<{ channel: string }>;
        applied: boolean;
      }>(run.ok(dir, ['propagate-hotfix', 'v1.0.1', '--to-descendants', '--verify-compatibility', '--json']).stdout);
      expect(propagated.targets.map((target) => target.patched)).toEqual(['v2.0.1', 'v3.0.1']);
      expect(propagated.channels.map((channel) => channel.channel)).toEqual(['main']);
      // The working copy held the fix already: it is now recorded on main, nothing unrecorded left.
      expect(run.ok(dir, ['status']).stdout).toBe('on channel main\n');
      expect(readFileSync(join(dir, 'auth.ts'), 'utf8')).toBe(FIXED(AUTH_V3));

      expect(filesAt(run, dir, 'v1.0.1')).toEqual({ auth: FIXED(AUTH_V1), billing: null, readme: null });
      expect(filesAt(run, dir, 'v2.0.1')).toEqual({ auth: FIXED(AUTH_V1), billing: 'billing\n', readme: null });
      expect(filesAt(run, dir, 'v3.0.1')).toEqual({ auth: FIXED(AUTH_V3), billing: 'billing\n', readme: null });
      expect(filesAt(run, dir, 'v3.0')).toEqual({ auth: AUTH_V3, billing: 'billing\n', readme: null });
      // Propagating again has nothing left to do.
      expect(run.ok(dir, ['propagate-hotfix', 'v1.0.1', '--to-descendants']).stdout).toContain('nothing to do');
    },
    E2E_TIMEOUT,
  );

  it(
    'creates and applies nothing when the hotfix would conflict with one descendant, and says where (exit 4)',
    () => {
      const { run, dir, write } = releases();
      run.ok(dir, ['fork', 'v1.0', 'hotfix']);
      run.ok(dir, ['channel', 'switch', 'hotfix']);
      // Rewrites the line v3.0 added "log" just before: compatible with v2.0, not with v3.0.
      write('auth.ts', AUTH_V1.replace('end', 'end of auth'));
      const fix = run.ok(dir, ['record', '-m', 'fix the end']).stdout.trim();
      run.ok(dir, ['channel', 'switch', 'main']);
      // Applied straight to v3.0 with the check, it is refused the same way: exit 4, no tag.
      const direct = run.run(dir, [
        'apply',
        '--to-tag',
        'v3.0',
        '--create-tag',
        'v3.0.9',
        '--verify-compatibility',
        fix,
      ]);
      expect(direct.code).toBe(4);
      expect(direct.stderr).toMatch(
        /tag v3\.0\.9 \(v3\.0 \+ hotfix\): [^\n]*conflict in auth\.ts[^\n]*\[HOTFIX_CONFLICTS\]/,
      );
      run.ok(dir, ['apply', '--to-tag', 'v1.0', '--create-tag', 'v1.0.1', '--verify-compatibility', fix]);
      const before = { tags: run.ok(dir, ['tag', 'list']).stdout, log: run.ok(dir, ['log', '--hash-only']).stdout };

      const refused = run.run(dir, ['propagate-hotfix', 'v1.0.1', '--to-descendants', '--verify-compatibility']);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toContain('[HOTFIX_CONFLICTS]');
      expect(refused.stderr).toMatch(/tag v3\.0\.1 \(from v3\.0\): [^\n]*zombie conflict in auth\.ts/);
      expect(refused.stderr).toMatch(/channel main: [^\n]*zombie conflict in auth\.ts/);
      expect(refused.stderr).not.toContain('v2.0.1');
      expect({ tags: run.ok(dir, ['tag', 'list']).stdout, log: run.ok(dir, ['log', '--hash-only']).stdout }).toEqual(
        before,
      );
      expect(before.tags).not.toContain('v3.0.9');
      expect(readFileSync(join(dir, 'auth.ts'), 'utf8')).toBe(AUTH_V3);

      // Without the check, conflicts are states: the tags are made, main gets the hotfix, exit 0.
      const kept = run.ok(dir, ['propagate-hotfix', 'v1.0.1', '--to-descendants']);
      expect(kept.stderr).toContain('conflicts in auth.ts (channel main)');
      expect(run.ok(dir, ['tag', 'list']).stdout).toContain('v3.0.1');
    },
    E2E_TIMEOUT,
  );
});
