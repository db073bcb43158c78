import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { applyChanges } from './apply.js';
import { AtomicRepository } from './atomic-repository.js';
import { forkChannel } from './channel-ops.js';
import { recordWorkingCopy } from './record.js';
import { status } from './status.js';
import { addPaths } from './tracking-ops.js';
import { pull } from './transfer.js';

const tempDir = useTempDirs('working-copy-');

async function repository(files: Record<string, string>) {
  const dir = tempDir();
  const repo = await AtomicRepository.init(dir);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  addPaths(repo, Object.keys(files));
  recordWorkingCopy(repo, { message: 'start', author: 'test' });
  return { dir, repo };
}

describe('the repository on disk', () => {
  it('sees a same-size edit of a file whose stat fingerprint is cached', async () => {
    const { dir, repo } = await repository({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'a.txt'), past, past);
    expect(status(repo).modified).toEqual([]); // caches a.txt
    expect(status(repo).modified).toEqual([]); // uses the cache
    writeFileSync(join(dir, 'a.txt'), 'ONE\n');
    expect(status(repo).modified).toEqual(['a.txt']);
    await repo.close();
  });

  it('keeps what tags need of each change it records, so the first tag reads no change file', async () => {
    const { dir, repo } = await repository({ 'notes.txt': 'a\n' });
    writeFileSync(join(dir, 'notes.txt'), 'a\nb\n');
    const change = recordWorkingCopy(repo, { message: 'second', author: 'test' });
    const kept = repo.pristine.database.prepare('SELECT hash FROM change_facts').pluck().all();
    expect(kept.sort()).toEqual(
      repo.pristine
        .log('main')
        .map((entry) => entry.hash)
        .sort(),
    );
    expect(kept).toContain(change?.hash);
    // A pull keeps them too, for the changes it receives.
    const other = await AtomicRepository.init(tempDir());
    await pull(other, dir);
    expect(other.pristine.database.prepare('SELECT count(*) FROM change_facts').pluck().get()).toBe(2);
    await other.close();
    await repo.close();
  });

  it('records into another channel the difference with that channel, leaving the current one alone', async () => {
    const { dir, repo } = await repository({ 'notes.txt': 'a\nb\n' });
    forkChannel(repo, 'agent');
    writeFileSync(join(dir, 'notes.txt'), 'a\nagent\nb\n');
    const change = recordWorkingCopy(repo, { message: 'agent', author: 'bot', channel: 'agent' });
    expect(change?.files).toEqual([{ path: 'notes.txt', added: 1, removed: 0 }]);
    expect(repo.pristine.log('main')).toHaveLength(1);
    expect(status(repo).modified).toEqual(['notes.txt']);
    // The one working-copy rule, checked on a preview before the channel changes: an edit that
    // is neither the old output nor the new one would be lost.
    writeFileSync(join(dir, 'notes.txt'), 'a\nagent\nb\nmine\n');
    expect(() => applyChanges(repo, [change?.hash as string])).toThrow(
      expect.objectContaining({ code: 'UNRECORDED_CHANGES' }),
    );
    expect(repo.pristine.log('main')).toHaveLength(1);
    expect(repo.channels()).toEqual(['agent', 'main']);
    // A file that holds the new output already loses nothing.
    writeFileSync(join(dir, 'notes.txt'), 'a\nagent\nb\n');
    expect(applyChanges(repo, [change?.hash.slice(0, 6) as string]).rewritten).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('a\nagent\nb\n');
    expect(status(repo).modified).toEqual([]);
    await repo.close();
  });

  it('records part of a directory added as a whole when given a path inside it', async () => {
    const { dir, repo } = await repository({ 'top.txt': 'top\n' });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'a.ts'), 'a\n');
    writeFileSync(join(dir, 'src', 'b.ts'), 'b\n');
    addPaths(repo, ['src']);
    const change = recordWorkingCopy(repo, { message: 'a only', author: 'test', paths: ['src/a.ts'] });
    expect(change?.files.map((file) => file.path)).toEqual(['src', 'src/a.ts']);
    expect(status(repo).added).toEqual(['src/b.ts']);
    await repo.close();
  });
});
