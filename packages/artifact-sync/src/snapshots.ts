import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '@lineage/content-hash';
import { LineageError, NotFoundError } from '@lineage/errors';
import { writeFilesAtomic } from '@lineage/safe-fs';
import type { CollectionDb } from './store.js';
import { type ArtifactTree, hashManifest, type ManifestEntry, manifestOf } from './tree.js';

/**
 * Every version's files, so any version can be restored. File bytes live once each under
 * `objects/<2 hex>/<62 hex>` (their SHA-256, the digest the `h1:` hash is built from); a
 * version is a manifest row in the database (path, digest, size, mode) keyed by its content
 * hash. Blobs are written — fsynced, renamed into place — before the row that refers to
 * them is committed, so a committed version never points at a missing file.
 */
export class SnapshotStore {
  constructor(
    private readonly objectsDir: string,
    private readonly db: CollectionDb,
    private readonly now: () => string,
  ) {}

  has(hash: string): boolean {
    return this.db.hasSnapshot(hash);
  }

  manifest(hash: string): ManifestEntry[] | undefined {
    const files = this.db.snapshotFiles(hash);
    return files === undefined ? undefined : (JSON.parse(files) as ManifestEntry[]);
  }

  /** Stores a tree's new blobs; returns its hash and the manifest to record with {@link record}. */
  async putBlobs(tree: ArtifactTree): Promise<{ hash: string; manifest: ManifestEntry[] }> {
    const manifest = manifestOf(tree);
    const hash = hashManifest(manifest);
    const pending = new Map<string, Uint8Array>();
    for (const entry of manifest) {
      if (pending.has(entry.sha256) || existsSync(this.blobPath(entry.sha256))) continue;
      pending.set(entry.sha256, (tree.get(entry.path) as { bytes: Uint8Array }).bytes);
    }
    for (const sha256 of pending.keys()) mkdirSync(join(this.objectsDir, sha256.slice(0, 2)), { recursive: true });
    await writeFilesAtomic([...pending].map(([sha256, data]) => ({ path: this.blobPath(sha256), data, mode: 0o444 })));
    return { hash, manifest };
  }

  /** Records a stored tree's manifest; call inside the operation's transaction, after {@link putBlobs}. */
  record(hash: string, manifest: readonly ManifestEntry[]): void {
    const size = manifest.reduce((sum, entry) => sum + entry.size, 0);
    this.db.insertSnapshot(hash, JSON.stringify(manifest), size, this.now());
  }

  /** Stores a tree outright (blobs, then the manifest in its own small transaction). */
  async put(tree: ArtifactTree): Promise<string> {
    const { hash, manifest } = await this.putBlobs(tree);
    this.record(hash, manifest);
    return hash;
  }

  /** A stored version's files, each checked against its digest: a damaged object is reported, never used. */
  read(hash: string): ArtifactTree {
    const manifest = this.manifest(hash);
    if (manifest === undefined) {
      throw new NotFoundError('SNAPSHOT_NOT_FOUND', `no stored files for version ${hash}`, {
        hint: 'this version was recorded without its files (an adopted legacy record); pick another version',
        details: { hash },
      });
    }
    const tree: ArtifactTree = new Map();
    for (const entry of manifest) tree.set(entry.path, { bytes: this.readBlob(entry.sha256), mode: entry.mode });
    return tree;
  }

  readBlob(sha256: string): Uint8Array {
    const path = this.blobPath(sha256);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (cause) {
      throw corrupt(sha256, path, cause);
    }
    if (sha256Hex(bytes) !== sha256) throw corrupt(sha256, path);
    return bytes;
  }

  private blobPath(sha256: string): string {
    return join(this.objectsDir, sha256.slice(0, 2), sha256.slice(2));
  }
}

function corrupt(sha256: string, path: string, cause?: unknown): LineageError {
  return new LineageError('SNAPSHOT_CORRUPT', `stored file ${sha256} is missing or damaged (${path})`, {
    cause,
    hint: 'restore the collection directory from a backup; the database still names every version',
    details: { sha256, path },
  });
}
