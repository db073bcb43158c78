import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYZER_VERSION, type FileFacts, type Lang } from '../facts.js';

/**
 * Facts on disk, one file per (content hash, language), under a directory per analyzer
 * version. A cache entry is derived data: written without fsync (a torn entry fails to
 * parse and is analysed again), renamed into place so concurrent runs never read half of one.
 */
export class FactsCache {
  private readonly dir: string;

  constructor(root: string) {
    this.dir = join(root, `facts-v${ANALYZER_VERSION}`);
  }

  private pathOf(sha256: string, lang: Lang): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256.slice(2)}.${lang}.json`);
  }

  get(sha256: string, lang: Lang): FileFacts | undefined {
    try {
      const facts = JSON.parse(readFileSync(this.pathOf(sha256, lang), 'utf8')) as FileFacts;
      return facts.analyzer === ANALYZER_VERSION ? facts : undefined;
    } catch {
      return undefined;
    }
  }

  set(sha256: string, lang: Lang, facts: FileFacts): void {
    const path = this.pathOf(sha256, lang);
    const temp = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      writeFileSync(temp, JSON.stringify(facts));
      renameSync(temp, path);
    } catch {
      // A cache that cannot be written only costs time on the next run.
    }
  }
}
