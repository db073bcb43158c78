import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// End to end from the built bin, real processes and SQLite files (issue 4's "Tests").
const tempDir = useTempDirs('atomic-cycle-');
const configHome = useTempDirs('atomic-config-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const atomic = () =>
  binRunner(bin, {
    ATOMIC_AUTHOR: 'Ada',
    ATOMIC_CONFIG_HOME: configHome(),
    ATOMIC_AI_ENABLED: '',
    ATOMIC_AI_PROVIDER: '',
    ATOMIC_AI_MODEL: '',
    ATOMIC_AI_CONFIDENCE: '',
    ATOMIC_AI_SUGGESTION_TYPE: '',
  });
const json = <T = unknown>(text: string) => JSON.parse(text) as T;
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('atomic: the full cycle', () => {
  it('init → add → record → fork → record on both → apply across → conflict → resolve → unrecord → clone → pull → push', () => {
    const { ok, run } = atomic();
    const repo = tempDir();
    expect(ok(repo, ['init']).stdout).toContain('(channel main)');
    writeFileSync(join(repo, 'notes.txt'), 'a\nb\n');
    expect(json(ok(repo, ['add', 'notes.txt', '--json']).stdout)).toEqual({ added: ['notes.txt'] });
    const base = ok(repo, ['record', '-m', 'notes']).stdout.trim();
    expect(base).toMatch(/^[A-Z2-7]{52}$/);
    expect(ok(repo, ['status', '--json']).stdout).toContain('"modified": []');

    ok(repo, ['fork', 'agent']);
    // main: insert x; agent (recorded from the working copy against agent's output): insert y.
    writeFileSync(join(repo, 'notes.txt'), 'a\nx\nb\n');
    const mine = ok(repo, ['record', '-m', 'x']).stdout.trim();
    writeFileSync(join(repo, 'notes.txt'), 'a\ny\nb\n');
    const theirs = json<{ hash: string; attribution: unknown }>(
      ok(repo, [
        'record',
        '--channel',
        'agent',
        '-m',
        'y',
        '--ai-provider',
        'anthropic',
        '--ai-confidence',
        '0.75',
        '--json',
      ]).stdout,
    );
    expect(theirs.attribution).toEqual({
      aiAssisted: true,
      provider: 'anthropic',
      model: null,
      confidence: 0.75,
      suggestionType: null,
    });
    ok(repo, ['reset']);
    expect(read(repo, 'notes.txt')).toBe('a\nx\nb\n');

    // Apply across: a conflict is a state, exit 0, said on stderr, markers in the file.
    const applied = ok(repo, ['apply', theirs.hash.slice(0, 6)]);
    expect(applied.stderr).toContain('conflicts in notes.txt');
    expect(read(repo, 'notes.txt')).toMatch(
      /^a\n<<<<<<< [A-Z2-7]{10}\n(x|y)\n======= [A-Z2-7]{10}\n(x|y)\n>>>>>>> end of conflict\nb\n$/,
    );
    const conflicts = json<Array<{ path: string; kind: string; changes: string[] }>>(
      ok(repo, ['conflicts', '--json']).stdout,
    );
    expect(conflicts).toEqual([
      { path: 'notes.txt', kind: 'order', changes: [mine, theirs.hash].sort(), description: expect.any(String) },
    ]);
    expect(ok(repo, ['status']).stdout).toContain('C notes.txt');
    ok(repo, ['apply', '--channel', 'agent', mine]);
    expect(ok(repo, ['state']).stdout).toBe(ok(repo, ['state', '--channel', 'agent']).stdout);

    // Resolve by editing (keeping both sides, in the order shown) and recording; credit names the AI line.
    const resolved = read(repo, 'notes.txt').replace(/^(<<<<<<<|=======|>>>>>>>).*\n/gm, '');
    expect(resolved).toMatch(/^a\n(x\ny|y\nx)\nb\n$/);
    writeFileSync(join(repo, 'notes.txt'), resolved);
    const resolution = ok(repo, ['record', '-m', 'both']).stdout.trim();
    expect(json(ok(repo, ['conflicts', '--json']).stdout)).toEqual([]);
    const credit = json<Array<{ text: string; change: string; attribution: { provider: string } | null }>>(
      ok(repo, ['credit', 'notes.txt', '--json']).stdout,
    );
    expect(credit.map((line) => line.text)).toEqual(resolved.trimEnd().split('\n'));
    expect(credit.find((line) => line.text === 'y')).toMatchObject({
      change: theirs.hash,
      attribution: { provider: 'anthropic' },
    });
    expect(credit.find((line) => line.text === 'x')).toMatchObject({ change: mine, attribution: null });

    // Unrecord the resolution: the conflict comes back in the file.
    ok(repo, ['unrecord', resolution.slice(0, 8)]);
    expect(read(repo, 'notes.txt')).toContain('<<<<<<<');
    ok(repo, ['apply', resolution]);
    expect(read(repo, 'notes.txt')).toBe(resolved);

    // Clone, pull, push between local paths: exactly the missing changes.
    const copy = join(tempDir(), 'copy');
    expect(json(ok(repo, ['clone', repo, copy, '--json']).stdout)).toMatchObject({ changes: 4 });
    expect(read(copy, 'notes.txt')).toBe(resolved);
    writeFileSync(join(repo, 'notes.txt'), `${resolved}c\n`);
    const upstream = ok(repo, ['record', '-m', 'c']).stdout.trim();
    expect(json<{ changes: string[] }>(ok(copy, ['pull', repo, '--json']).stdout).changes).toEqual([upstream]);
    expect(read(copy, 'notes.txt')).toBe(`${resolved}c\n`);
    expect(json<{ changes: string[] }>(ok(copy, ['pull', repo, '--json']).stdout).changes).toEqual([]);
    writeFileSync(join(copy, 'notes.txt'), `z\n${resolved}c\n`);
    const downstream = ok(copy, ['record', '-m', 'z']).stdout.trim();
    expect(json<{ changes: string[] }>(ok(copy, ['push', repo, '--json']).stdout).changes).toEqual([downstream]);
    // The target's current channel received it: its working copy was rewritten, nothing to record.
    expect(read(repo, 'notes.txt')).toBe(`z\n${resolved}c\n`);
    expect(ok(repo, ['record', '-m', 'nothing']).stderr).toContain('nothing to record');
    expect(ok(repo, ['log', '--hash-only']).stdout.split('\n').filter(Boolean)).toHaveLength(6);
    expect(run(repo, ['state']).stdout).toBe(run(copy, ['state']).stdout);
  });

  it('runs the parallel-agents flow: forks from one state, selective apply of their changes to main', () => {
    const { ok } = atomic();
    const repo = tempDir();
    ok(repo, ['init']);
    for (const file of ['core.ts', 'test.ts', 'docs.md', 'security.ts'])
      writeFileSync(join(repo, file), `// ${file}\n`);
    ok(repo, ['add', '.']);
    ok(repo, ['record', '-m', 'baseline']);
    const baseline = ok(repo, ['state']).stdout.trim();
    const agents = ['ai-agent-refactor', 'ai-agent-testing', 'ai-agent-docs', 'ai-agent-security'];
    const files = ['core.ts', 'test.ts', 'docs.md', 'security.ts'];
    agents.forEach((agent, i) => {
      ok(repo, ['fork', '--state', baseline, agent]);
      const file = files[i] as string;
      for (const step of [1, 2]) {
        writeFileSync(join(repo, file), `// ${file}\n// ${agent} step ${step}\n`);
        ok(repo, ['record', '--channel', agent, '-m', `AI: ${agent} step ${step}`, '--ai-model', 'claude']);
      }
      ok(repo, ['reset', file]);
    });
    // Review one agent's work before applying it.
    const preview = ok(repo, ['diff', '--channel', 'ai-agent-docs']).stdout;
    expect(preview).toContain('+// ai-agent-docs step 2');
    expect(preview).not.toContain('refactor');
    const refactor = ok(repo, ['log', '--channel', 'ai-agent-refactor', '--hash-only', '--limit', '1'])
      .stdout.trim()
      .split('\n');
    const testing = ok(repo, ['log', '--channel', 'ai-agent-testing', '--hash-only']).stdout.trim().split('\n');
    // The newest refactor change depends on the first: apply brings it along.
    const applied = json<{ changes: string[] }>(
      ok(repo, ['apply', '--channel', 'main', ...refactor, ...testing, '--json']).stdout,
    );
    expect(applied.changes).toHaveLength(4);
    expect(read(repo, 'core.ts')).toBe('// core.ts\n// ai-agent-refactor step 2\n');
    expect(read(repo, 'test.ts')).toBe('// test.ts\n// ai-agent-testing step 2\n');
    expect(read(repo, 'security.ts')).toBe('// security.ts\n'); // skipped
    expect(json<unknown[]>(ok(repo, ['log', '--json']).stdout)).toHaveLength(5);
    expect(ok(repo, ['channel']).stdout).toContain('* main');
  });
});
