import { type AnalysisOptions, FactsProvider } from './analysis/facts-provider.js';
import { GitSource } from './git-source.js';
import { BlobStore, captureSnapshot } from './snapshot/capture.js';
import type { Snapshot } from './snapshot/model.js';

export interface SnapshotOptions extends AnalysisOptions {
  /** A git repository (clone or bare), or a subdirectory of a clone. */
  corePath: string;
  /** A directory inside the repository holding the core, when not the whole of it. */
  subdir?: string;
  ref: string;
  exclude?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

/** The snapshot of one ref: what `generate` captures for each side (format it with formatTree, formatStamps, formatGraph). */
export async function snapshotAt(options: SnapshotOptions): Promise<Snapshot> {
  const provider = new FactsProvider(options);
  return captureSnapshot(new BlobStore(GitSource.open(options.corePath, options.subdir)), options.ref, provider, {
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
