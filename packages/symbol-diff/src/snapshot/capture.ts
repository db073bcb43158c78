import { posix } from 'node:path';
import type { FactsProvider } from '../analysis/facts-provider.js';
import { sha256Hex } from '../analysis/tokens.js';
import { noSourcesAtRef } from '../errors.js';
import { langOf } from '../facts.js';
import type { GitSource, TreeEntry } from '../git-source.js';
import { matchesGlobs } from './glob.js';
import { type AnalysedFile, linkSnapshot } from './linker.js';
import type { Snapshot } from './model.js';
import { discoverPackages, isLayoutFile } from './packages.js';
import { relativeTo } from './paths.js';

/**
 * What is not the library: tests, fixtures, examples, build output, configuration. Its
 * public API comes from its entry points, which never lead into these.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/node_modules/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/*.stories.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/test/**',
  '**/tests/**',
  '**/test-d/**',
  '**/e2e/**',
  '**/fixtures/**',
  '**/examples/**',
  '**/example/**',
  '**/docs/**',
  '**/benchmarks/**',
  '**/bench/**',
  '**/scripts/**',
  '**/*.config.*',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/*.min.js',
];

export interface CaptureOptions {
  /** Globs (relative to the snapshot root) of files to leave out; default DEFAULT_EXCLUDES. */
  exclude?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

/**
 * Blob contents and hashes shared by the snapshots of one run: the two refs of a diff share
 * most of their files, which are then read and hashed once.
 */
export class BlobStore {
  private readonly texts = new Map<string, string>();
  private readonly hashes = new Map<string, string>();

  constructor(readonly source: GitSource) {}

  load(blobs: readonly string[]): void {
    const missing = blobs.filter((blob) => !this.texts.has(blob));
    for (const [blob, bytes] of this.source.readBlobs(missing)) {
      this.texts.set(blob, bytes.toString('utf8'));
      this.hashes.set(blob, sha256Hex(bytes));
    }
  }

  text(blob: string): string {
    return this.texts.get(blob) ?? '';
  }

  sha256(blob: string): string {
    return this.hashes.get(blob) ?? '';
  }
}

/** The snapshot of a ref: its tree read from git, its sources analysed, linked into symbols. */
export async function captureSnapshot(
  blobs: BlobStore,
  ref: string,
  provider: FactsProvider,
  options: CaptureOptions = {},
): Promise<Snapshot> {
  const source = blobs.source;
  const commit = source.resolveCommit(ref);
  const tree = source.listFiles(commit);
  const layoutEntries = tree.filter((entry) => isLayoutFile(entry.path) && !entry.path.includes('node_modules/'));
  blobs.load(layoutEntries.map((entry) => entry.blob));
  const blobOf = new Map(layoutEntries.map((entry) => [entry.path, entry.blob]));
  const readText = (path: string) => {
    const blob = blobOf.get(path);
    return blob === undefined ? undefined : blobs.text(blob);
  };
  const fallbackName = posix.basename(source.prefix || source.path.replace(/\.git$/, ''));
  const packages = discoverPackages(
    tree.map((entry) => entry.path),
    readText,
    fallbackName,
  );
  const exclude = options.exclude ?? DEFAULT_EXCLUDES;
  const sources = tree.filter(
    (entry) =>
      langOf(entry.path) !== undefined &&
      !matchesGlobs(entry.path, exclude) &&
      packages.some((pkg) => relativeTo(pkg.dir, entry.path) !== undefined),
  );
  if (sources.length === 0) throw noSourcesAtRef(source.path, ref);
  blobs.load(sources.map((entry) => entry.blob));
  const facts = await provider.analyze(
    sources.map((entry: TreeEntry) => ({
      lang: langOf(entry.path) as NonNullable<ReturnType<typeof langOf>>,
      sha256: blobs.sha256(entry.blob),
      text: () => blobs.text(entry.blob),
    })),
    options.onProgress ?? (() => {}),
  );
  const files: AnalysedFile[] = sources.map((entry, i) => ({
    path: entry.path,
    lang: langOf(entry.path) as NonNullable<ReturnType<typeof langOf>>,
    sha256: blobs.sha256(entry.blob),
    facts: facts[i] as AnalysedFile['facts'],
  }));
  return linkSnapshot({ ref, commit, root: source.prefix, packages, files });
}
