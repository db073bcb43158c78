import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { type Change, hashChange, Repository } from '@lineage/patch-graph';
import { openStore } from '@lineage/sqlite-store';
import { type BinResult, binRunner, useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// Bad input and faults (issue 4): each a one-line error, a non-zero exit, and repository and
// working copy unchanged.
const tempDir = useTempDirs('atomic-faults-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const env = { ATOMIC_AUTHOR: 'Ada', ATOMIC_CONFIG_HOME: '/nonexistent', ATOMIC_AI_ENABLED: '', ATOMIC_AI_MODEL: '' };
const { ok, run } = binRunner(bin, env);

/** The repository as a user sees it: files of the working copy, tracking, channels and stored changes. */
async function fingerprint(dir: string): Promise<string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => ({ path: join(entry.parentPath, entry.name), link: entry.isSymbolicLink() }))
    .filter(({ path }) => !/pristine\.db|\/lock$/.test(path))
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map(
      ({ path, link }) =>
        `${path.slice(dir.length)}:${link ? readlinkSync(path) : readFileSync(path).toString('base64')}`,
    );
  const stored = await withPristine(dir, (db) =>
    db.prepare('SELECT hash FROM change_data ORDER BY hash').pluck().all(),
  );
  return `${files.join('\n')}\n${run(dir, ['channel', '--json']).stdout}\n${stored.join('\n')}`;
}

/** Works on the repository's pristine directly (SQLite), as a damaged or hostile one would be made. */
async function withPristine<T>(
  dir: string,
  work: (db: import('@lineage/sqlite-store').SqliteDatabase) => T,
): Promise<T> {
  const store = await openStore(join(dir, '.atomic', 'pristine.db'), []);
  try {
    return work(store.raw);
  } finally {
    await store.close();
  }
}

/** Flips a bit of a stored change's contents, keeping it well compressed: damage only the hash can see. */
function corruptStored(dir: string, hash: string): Promise<void> {
  return withPristine(dir, (db) => {
    const packed = db.prepare('SELECT contents FROM change_data WHERE hash = ?').pluck().get(hash) as Uint8Array;
    const contents = brotliDecompressSync(packed);
    contents.writeUInt8((contents.at(-2) as number) ^ 1, contents.length - 2);
    db.prepare('UPDATE change_data SET contents = ? WHERE hash = ?').run(brotliCompressSync(contents), hash);
  });
}

async function withRepository<T>(dir: string, work: (repo: Repository) => T): Promise<T> {
  const repo = await Repository.open(join(dir, '.atomic'));
  try {
    return work(repo);
  } finally {
    await repo.close();
  }
}

function expectRefused(result: BinResult, code: string, exit: number): void {
  expect(result.code, result.stderr).toBe(exit);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^error: .+ \\[${code}\\]$`));
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(result.stdout).toBe('');
}

/** A repository with notes.txt recorded on main and a change recorded on channel `agent`. */
function repository(): { dir: string; base: string; agent: string } {
  const dir = tempDir();
  ok(dir, ['init']);
  writeFileSync(join(dir, 'notes.txt'), 'a\nb\n');
  ok(dir, ['add', 'notes.txt']);
  const base = ok(dir, ['record', '-m', 'notes']).stdout.trim();
  ok(dir, ['fork', 'agent']);
  writeFileSync(join(dir, 'notes.txt'), 'a\nagent\nb\n');
  const agent = ok(dir, ['record', '--channel', 'agent', '-m', 'agent line']).stdout.trim();
  ok(dir, ['reset']);
  return { dir, base, agent };
}

describe('atomic: bad input', () => {
  it('refuses unknown and ambiguous hashes, unknown channels, tags and bad confidence, changing nothing', async () => {
    const { dir, agent } = repository();
    const before = await fingerprint(dir);
    expectRefused(run(dir, ['change', 'ZZZZZZ']), 'CHANGE_NOT_FOUND', 3);
    expectRefused(run(dir, ['apply', 'ab']), 'HASH_PREFIX_INVALID', 2);
    // Two stored names sharing a prefix (placed by hand: real collisions need ~10^3 changes).
    const twins = [`${agent.slice(0, 6)}${'A'.repeat(46)}`, `${agent.slice(0, 6)}${'B'.repeat(46)}`];
    const store = (sql: string) =>
      withPristine(dir, (db) => {
        for (const hash of twins) db.prepare(sql).run(hash);
      });
    await store("INSERT INTO change_data (hash, body, contents) VALUES (?, X'', X'')");
    const ambiguous = run(dir, ['apply', agent.slice(0, 6)]);
    expectRefused(ambiguous, 'HASH_PREFIX_AMBIGUOUS', 2);
    expect(ambiguous.stderr).toContain(twins[0]);
    await store('DELETE FROM change_data WHERE hash = ?');
    expectRefused(run(dir, ['log', '--channel', 'nope']), 'CHANNEL_NOT_FOUND', 3);
    expectRefused(run(dir, ['apply', '--channel', 'nope', agent]), 'CHANNEL_NOT_FOUND', 3);
    expectRefused(run(dir, ['fork', 'v1.0', 'hotfix']), 'TAG_NOT_FOUND', 3);
    expectRefused(run(dir, ['fork', '--state', 'AAAAAAAA', 'x']), 'STATE_NOT_FOUND', 3);
    expectRefused(run(dir, ['init']), 'REPOSITORY_EXISTS', 1);
    expectRefused(run(dir, ['clone', dir, dir]), 'CLONE_TARGET_NOT_EMPTY', 2);
    writeFileSync(join(dir, 'notes.txt'), 'edited\n');
    expectRefused(run(dir, ['record', '-m', 'x', '--ai-confidence', '1.5']), 'AI_CONFIDENCE_INVALID', 2);
    expectRefused(run(dir, ['record', '-m', 'x'], { ATOMIC_AI_CONFIDENCE: 'high' }), 'AI_CONFIDENCE_INVALID', 2);
    // The working-copy rule: apply refuses to overwrite the unrecorded edit.
    const refused = run(dir, ['apply', agent]);
    expectRefused(refused, 'UNRECORDED_CHANGES', 1);
    expect(refused.stderr).toContain('notes.txt');
    writeFileSync(join(dir, 'notes.txt'), 'a\nb\n');
    expect(await fingerprint(dir)).toBe(before);
    expectRefused(run(tempDir(), ['status']), 'NOT_IN_REPOSITORY', 3);
  });

  it('refuses to unrecord a change others depend on, listing them', async () => {
    const { dir, base, agent } = repository();
    ok(dir, ['apply', agent]);
    const before = await fingerprint(dir);
    const refused = run(dir, ['unrecord', base]);
    expectRefused(refused, 'CHANGE_HAS_DEPENDENTS', 1);
    expect(refused.stderr).not.toContain('preview');
    expect(refused.stderr).toContain(agent.slice(0, 10));
    expect(await fingerprint(dir)).toBe(before);
    // Dependents first, several at once: accepted.
    ok(dir, ['unrecord', base, agent]);
    expect(readdirSync(dir).filter((name) => name !== '.atomic')).toEqual([]);
  });

  it('records a file that is not UTF-8 as binary and gives it back byte for byte', () => {
    const dir = tempDir();
    ok(dir, ['init']);
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0a, 0xc3, 0x28]);
    writeFileSync(join(dir, 'blob.bin'), bytes);
    ok(dir, ['add', 'blob.bin']);
    expect(ok(dir, ['diff']).stdout).toContain('Binary files /dev/null and b/blob.bin differ');
    const hash = ok(dir, ['record', '-m', 'blob']).stdout.trim();
    expect(ok(dir, ['change', hash]).stdout).toContain('(binary, 7 bytes)');
    const copy = join(tempDir(), 'copy');
    ok(dir, ['clone', dir, copy]);
    expect(readFileSync(join(copy, 'blob.bin'))).toEqual(bytes);
  });
});

describe('atomic: faults', () => {
  it('refuses a corrupted stored change, naming it, and applies nothing', async () => {
    const { dir, agent } = repository();
    await corruptStored(dir, agent);
    const before = await fingerprint(dir);
    const refused = run(dir, ['apply', agent]);
    expectRefused(refused, 'CHANGE_CORRUPT', 1);
    expect(refused.stderr).toContain(agent);
    expect(await fingerprint(dir)).toBe(before);
  });

  it('refuses received changes whose hash does not match, before anything is applied', async () => {
    const source = repository();
    const target = join(tempDir(), 'target');
    ok(source.dir, ['clone', source.dir, target]);
    await corruptStored(source.dir, source.agent);
    // A clone checks every change it copies: nothing is left behind.
    const copy = join(tempDir(), 'copy');
    expectRefused(run(source.dir, ['clone', source.dir, copy]), 'CHANGE_CORRUPT', 1);
    expect(readdirSync(copy)).toEqual([]);
    const before = await fingerprint(target);
    expectRefused(run(target, ['pull', source.dir, '--from-channel', 'agent']), 'CHANGE_CORRUPT', 1);
    expect(await fingerprint(target)).toBe(before);
  });

  it('refuses a received change whose file name escapes the repository, before anything is applied', async () => {
    const source = repository();
    const target = join(tempDir(), 'target');
    ok(source.dir, ['clone', source.dir, target]);
    // A well-formed change (valid hash) adding a file named "..": crafted from a real one.
    writeFileSync(join(source.dir, 'ab'), 'x\n');
    ok(source.dir, ['add', 'ab']);
    const honest = ok(source.dir, ['record', '--channel', 'agent', '-m', 'ab']).stdout.trim();
    const change: Change = await withRepository(source.dir, (repo) => repo.changes.read(honest));
    const at = Buffer.from(change.contents).indexOf('ab');
    change.contents.set(Buffer.from('..'), at);
    const evil = hashChange(change);
    await withRepository(source.dir, (repo) => repo.changes.write(change));
    const before = await fingerprint(target);
    const refused = run(target, ['pull', source.dir, '--from-channel', 'agent', evil]);
    expectRefused(refused, 'CHANGE_UNSAFE_PATH', 1);
    expect(await fingerprint(target)).toBe(before);
  });

  it('refuses to write through a symbolic link placed in the working copy', async () => {
    const dir = tempDir();
    ok(dir, ['init']);
    writeFileSync(join(dir, 'placeholder'), '');
    ok(dir, ['add', 'placeholder']);
    ok(dir, ['record', '-m', 'start']);
    ok(dir, ['fork', 'other']);
    ok(dir, ['channel', 'switch', 'other']);
    rmSync(join(dir, 'placeholder'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'file'), 'inside\n');
    ok(dir, ['add', 'sub']);
    ok(dir, ['record', '-m', 'sub/file']);
    ok(dir, ['channel', 'switch', 'main']);
    const outside = tempDir();
    symlinkSync(outside, join(dir, 'sub'));
    const before = await fingerprint(dir);
    expectRefused(run(dir, ['channel', 'switch', 'other']), 'PATH_THROUGH_SYMLINK', 1);
    expect(readdirSync(outside)).toEqual([]);
    expect(await fingerprint(dir)).toBe(before);
  });

  it('serializes concurrent writers with the lock and times out on a held lock', async () => {
    const { dir } = repository();
    writeFileSync(join(dir, 'one.txt'), '1\n');
    writeFileSync(join(dir, 'two.txt'), '2\n');
    ok(dir, ['add', 'one.txt', 'two.txt']);
    const spawnRecord = (path: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [bin, 'record', '-m', path, path], {
          cwd: dir,
          env: { ...process.env, ...env },
        });
        child.on('close', resolve);
      });
    expect(await Promise.all([spawnRecord('one.txt'), spawnRecord('two.txt')])).toEqual([0, 0]);
    expect(ok(dir, ['log', '--hash-only']).stdout.trim().split('\n')).toHaveLength(3);
    expect(ok(dir, ['status', '--json']).stdout).toContain('"added": []');

    // A live process holding the lock: the writer waits, then gives up with one line.
    writeFileSync(
      join(dir, '.atomic', 'lock'),
      JSON.stringify({
        host: hostname(),
        pid: process.pid,
        startTime: null,
        token: 't',
        acquiredAt: new Date().toISOString(),
        purpose: 'test',
      }),
    );
    writeFileSync(join(dir, 'one.txt'), '1 edited\n');
    const before = await fingerprint(dir);
    expectRefused(run(dir, ['record', '-m', 'blocked'], { ATOMIC_LOCK_TIMEOUT_MS: '300' }), 'LOCK_TIMEOUT', 1);
    expect(await fingerprint(dir)).toBe(before);
  });

  it('keeps the pristine consistent when killed mid-record, and reset repairs a working copy killed mid-apply', () => {
    const { dir, agent } = repository();
    writeFileSync(join(dir, 'notes.txt'), 'a\nb\nc\n');
    const killed = run(dir, ['record', '-m', 'c'], { ATOMIC_FAULT: 'record-change-stored' });
    expect(killed.code).not.toBe(0);
    // The change file was written, never referenced: the log is unchanged, the edit still unrecorded.
    expect(ok(dir, ['log', '--hash-only']).stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(ok(dir, ['status', '--json']).stdout).modified).toEqual(['notes.txt']);
    ok(dir, ['record', '-m', 'c']);

    writeFileSync(join(dir, 'second.txt'), 'second\n');
    ok(dir, ['add', 'second.txt']);
    ok(dir, ['record', '--channel', 'agent', '-m', 'second file', 'second.txt']);
    rmSync(join(dir, 'second.txt'));
    ok(dir, ['reset']);
    const halfway = run(
      dir,
      ['apply', ...ok(dir, ['log', '--channel', 'agent', '--hash-only']).stdout.trim().split('\n')],
      {
        ATOMIC_FAULT: 'output-file-written',
      },
    );
    expect(halfway.code).not.toBe(0);
    expectRefused(run(dir, ['status']), 'WORKING_COPY_INCOMPLETE', 1);
    expectRefused(run(dir, ['record', '-m', 'would revert']), 'WORKING_COPY_INCOMPLETE', 1);
    expect(ok(dir, ['reset']).stderr).toContain('finished rewriting');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('a\nagent\nb\nc\n');
    expect(readFileSync(join(dir, 'second.txt'), 'utf8')).toBe('second\n');
    expect(JSON.parse(ok(dir, ['status', '--json']).stdout)).toMatchObject({ modified: [], added: [], removed: [] });
    expect(ok(dir, ['log', '--hash-only']).stdout).toContain(agent);
  });
});
