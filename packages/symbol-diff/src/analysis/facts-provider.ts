import type { FileFacts, Lang } from '../facts.js';
import { analyzeSource } from './analyze-file.js';
import { FactsCache } from './facts-cache.js';
import { loadTypeScript } from './typescript.js';
import { analyzeInWorkers } from './worker-pool.js';

export interface AnalysisOptions {
  /** Worker threads for analysis; 1 analyses in this thread (default 1). */
  parallel?: number;
  /** Directory of the facts cache; none when undefined. */
  cacheDir?: string;
}

/** How the facts of a run were obtained: the proof that the cache spares work. */
export interface AnalysisStats {
  /** Files parsed and analysed in this run. */
  analysed: number;
  /** Files whose facts came from the on-disk cache. */
  cached: number;
  /** Files whose facts this run already had (same content in both snapshots). */
  reused: number;
}

export interface FileToAnalyse {
  lang: Lang;
  sha256: string;
  text: () => string;
}

/**
 * Facts for files by content: from memory (same content seen earlier in this run), from the
 * cache directory, or by analysis — in this thread or on worker threads.
 */
export class FactsProvider {
  private readonly memory = new Map<string, FileFacts>();
  private readonly cache: FactsCache | undefined;
  readonly stats: AnalysisStats = { analysed: 0, cached: 0, reused: 0 };

  constructor(private readonly options: AnalysisOptions = {}) {
    this.cache = options.cacheDir ? new FactsCache(options.cacheDir) : undefined;
  }

  async analyze(
    files: readonly FileToAnalyse[],
    onProgress: (done: number, total: number) => void,
  ): Promise<FileFacts[]> {
    const pending = new Map<string, FileToAnalyse>();
    for (const file of files) {
      const key = `${file.sha256}.${file.lang}`;
      if (this.memory.has(key) || pending.has(key)) {
        this.stats.reused++;
        continue;
      }
      const cached = this.cache?.get(file.sha256, file.lang);
      if (cached) {
        this.memory.set(key, cached);
        this.stats.cached++;
      } else pending.set(key, file);
    }
    const work = [...pending.entries()];
    const total = work.length;
    onProgress(0, total);
    const parallel = this.options.parallel ?? 1;
    let facts: FileFacts[];
    if (total === 0) {
      facts = [];
    } else if (parallel > 1 && total > 64) {
      facts = await analyzeInWorkers(
        work.map(([, file]) => ({ lang: file.lang, text: file.text() })),
        parallel,
        (done) => onProgress(done, total),
      );
    } else {
      const ts = await loadTypeScript();
      facts = work.map(([, file], i) => {
        const result = analyzeSource(ts, file.lang, file.text());
        if (i % 64 === 63) onProgress(i + 1, total);
        return result;
      });
    }
    work.forEach(([key, file], i) => {
      const result = facts[i] as FileFacts;
      this.memory.set(key, result);
      this.cache?.set(file.sha256, file.lang, result);
    });
    this.stats.analysed += total;
    onProgress(total, total);
    return files.map((file) => this.memory.get(`${file.sha256}.${file.lang}`) as FileFacts);
  }
}
