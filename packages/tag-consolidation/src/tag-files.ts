import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { contentId } from '@lineage/content-hash';
import { LineageError } from '@lineage/errors';
import { writeFileAtomic } from '@lineage/safe-fs';

/**
 * Tag files live beside the pristine (`tags/<first two>/<hash>.tag`), deflated, named by the
 * BLAKE3 hash of their bytes: what clone, pull and push transfer.
 */
export class TagFiles {
  constructor(readonly dir: string) {}

  pathOf(hash: string): string {
    return join(this.dir, hash.slice(0, 2), `${hash}.tag`);
  }

  has(hash: string): boolean {
    return existsSync(this.pathOf(hash));
  }

  /** Stores a tag's bytes (written whole: temporary file + rename); storing twice is a no-op. */
  write(hash: string, bytes: Uint8Array): void {
    const path = this.pathOf(hash);
    if (existsSync(path)) return;
    mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true });
    writeFileAtomic(path, deflateSync(bytes));
  }

  /** A tag's bytes, checked against its name. */
  read(hash: string): Uint8Array {
    const path = this.pathOf(hash);
    let bytes: Uint8Array;
    try {
      bytes = inflateSync(readFileSync(path));
    } catch (cause) {
      throw new LineageError('TAG_FILE_CORRUPT', `tag file ${path} cannot be read`, {
        cause,
        hint: 'fetch the tag again from a repository that has it (pull), or recreate it',
        details: { file: path },
      });
    }
    const actual = contentId(bytes);
    if (actual !== hash) {
      throw new LineageError('TAG_FILE_CORRUPT', `tag file ${path} is corrupted: it hashes to ${actual}`, {
        hint: 'fetch the tag again from a repository that has it (pull), or recreate it',
        details: { file: path },
      });
    }
    return bytes;
  }

  remove(hash: string): void {
    rmSync(this.pathOf(hash), { force: true });
  }
}

/**
 * Before the pristine stored changes itself (its schema 4), tag files sat among the change
 * files in `changes/`; the pristine's migration leaves them there, and they move here once.
 */
export function adoptTagFiles(from: string, files: TagFiles): void {
  if (!existsSync(from)) return;
  for (const bucket of readdirSync(from)) {
    if (bucket.length !== 2) continue;
    const path = join(from, bucket);
    for (const file of readdirSync(path)) {
      if (!file.endsWith('.tag')) continue;
      mkdirSync(join(files.dir, bucket), { recursive: true });
      renameSync(join(path, file), join(files.dir, bucket, file));
    }
    if (readdirSync(path).length === 0) rmdirSync(path);
  }
  if (readdirSync(from).length === 0) rmdirSync(from);
}
