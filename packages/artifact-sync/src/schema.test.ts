import { join } from 'node:path';
import { openStore } from '@lineage/sqlite-store';
import { useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';
import type { ChangeOrigin } from './lineage.js';
import { ARTIFACT_SYNC_SCHEMA } from './schema.js';
import { CollectionDb } from './store.js';

const tempDir = useTempDirs('schema-');
const firstStep = { name: ARTIFACT_SYNC_SCHEMA.name, migrations: ARTIFACT_SYNC_SCHEMA.migrations.slice(0, 1) };

describe('the collection schema', () => {
  it('migrates a database from before lineage, backfilling every lineage with the current hash as root', async () => {
    const path = join(tempDir(), 'collection.db');
    const legacy = await openStore(path, [firstStep]);
    legacy.raw.exec(`
      INSERT INTO artifacts (id, name, kind, current_hash, created_at, updated_at) VALUES ('skill:review', 'review', 'skill', 'h1:CUR=', '2025-01-01', '2025-01-01');
      INSERT INTO deployments (project, artifact_id, deployed_hash, deployed_at) VALUES ('/p', 'skill:review', 'h1:DEP=', '2025-01-02');
    `);
    await legacy.close();

    const store = await openStore(path, [ARTIFACT_SYNC_SCHEMA]);
    expect(store.versions).toEqual({ 'artifact-sync': 4 });
    expect(store.raw.prepare('SELECT version_lineage, upstream_hash FROM artifacts').get()).toEqual({
      version_lineage: '["h1:CUR="]',
      upstream_hash: null,
    });
    expect(
      store.raw.prepare('SELECT version_lineage, parent_hash, sync_status, pending_conflicts FROM deployments').get(),
    ).toEqual({
      version_lineage: '["h1:DEP="]',
      parent_hash: null,
      sync_status: 'synced',
      pending_conflicts: '[]',
    });
    expect(
      store.raw
        .prepare(
          'SELECT content_hash, parent_hash, change_origin, version_lineage, metadata FROM artifact_versions ORDER BY content_hash',
        )
        .all(),
    ).toEqual([
      {
        content_hash: 'h1:CUR=',
        parent_hash: null,
        change_origin: 'deployment',
        version_lineage: '["h1:CUR="]',
        metadata: '{"backfilled":true}',
      },
      {
        content_hash: 'h1:DEP=',
        parent_hash: null,
        change_origin: 'deployment',
        version_lineage: '["h1:DEP="]',
        metadata: '{"backfilled":true}',
      },
    ]);
    await store.close();
  });

  it('keys versions by (artifact, content): the same bytes in two artifacts, and a revert, never collide', async () => {
    const store = await openStore(join(tempDir(), 'collection.db'), [ARTIFACT_SYNC_SCHEMA]);
    const artifact = store.raw.prepare(
      "INSERT INTO artifacts (id, name, kind, current_hash, created_at, updated_at) VALUES (?, ?, 'skill', 'h1:A=', 'now', 'now')",
    );
    artifact.run('skill:one', 'one');
    artifact.run('skill:two', 'two');
    const db = new CollectionDb(store.raw);
    const version = {
      run: (artifact: string, hash: string, parent: string | null, origin: string) => ({
        changes: db.insertVersion({
          artifact_id: artifact,
          content_hash: hash,
          parent_hash: parent,
          change_origin: origin as ChangeOrigin,
          version_lineage: '[]',
          created_at: 'now',
          metadata: '{}',
        })
          ? 1
          : 0,
      }),
    };
    expect(version.run('skill:one', 'h1:A=', null, 'deployment').changes).toBe(1);
    expect(version.run('skill:two', 'h1:A=', null, 'deployment').changes).toBe(1);
    expect(version.run('skill:one', 'h1:B=', 'h1:A=', 'sync').changes).toBe(1);
    // Reverting one to A reuses its version instead of failing.
    expect(version.run('skill:one', 'h1:A=', 'h1:B=', 'local_modification').changes).toBe(0);
    expect(() => version.run('skill:one', 'h1:C=', null, 'rollback')).toThrow(/CHECK constraint/);
    const indexes = store.raw
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'artifact_versions' AND name LIKE 'idx_%' ORDER BY name",
      )
      .all();
    expect(indexes).toEqual([
      { name: 'idx_artifact_versions_artifact_created' },
      { name: 'idx_artifact_versions_content_hash' },
      { name: 'idx_artifact_versions_parent_hash' },
    ]);
    expect(() => store.raw.prepare("UPDATE deployments SET sync_status = 'stale'").run()).not.toThrow();
    store.raw
      .prepare(
        "INSERT INTO deployments (project, artifact_id, deployed_hash, deployed_at) VALUES ('/p', 'skill:one', 'h1:A=', 'now')",
      )
      .run();
    expect(() => store.raw.prepare("UPDATE deployments SET sync_status = 'stale'").run()).toThrow(/CHECK constraint/);
    await store.close();
  });
});
