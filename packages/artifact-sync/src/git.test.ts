import { join } from 'node:path';
import { useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import { runGit } from './git.js';
import { SyncService } from './index.js';

const tempDir = useTempDirs('artifact-sync-git-');

describe('a failed git command', () => {
  it('is reported with git’s reason (its first fatal line), not the advice git closes with', async () => {
    const missing = join(tempDir(), 'nothing-here');
    await expect(runGit(['ls-remote', missing])).rejects.toMatchObject({
      code: 'GIT_FAILED',
      failure: 'not-found',
      message: `git ls-remote failed: '${missing}' does not appear to be a git repository`,
    });
  });

  it('reaches the user as the upstream’s error, with that reason', async () => {
    const dir = tempDir();
    const service = await SyncService.open({ home: join(dir, 'home'), retry: { attempts: 1 } });
    try {
      await expect(service.add({ source: `${join(dir, 'nothing-here')}#skills/review` })).rejects.toMatchObject({
        code: 'UPSTREAM_NOT_FOUND',
        message: expect.stringMatching(/does not appear to be a git repository$/),
      });
    } finally {
      await service.close();
    }
  });
});
