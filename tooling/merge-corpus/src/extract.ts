import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitLines, readBlobs } from './git.js';

export interface ExtractOptions {
  /** Where scenarios are written: `<outDir>/<name>/<merge>-<n>/{base,ours,theirs,resolved,meta.json}`. */
  outDir: string;
  /** A short name for the repository (default: the directory's name). */
  name: string;
  /** Merge commits to examine, newest first (default 2000). */
  maxMerges?: number;
  /** Newest merge commits to pass over first (to extend a corpus further back in history). */
  skipMerges?: number;
  /** Stop after this many scenarios (default unlimited). */
  maxScenarios?: number;
  /** Files larger than this are skipped (default 1 MB). */
  maxBytes?: number;
  /** Called after each merge commit, for progress. */
  onProgress?: (examined: number, scenarios: number) => void;
}

export interface ScenarioMeta {
  repository: string;
  merge: string;
  base: string;
  ours: string;
  theirs: string;
  path: string;
}

export interface ExtractSummary {
  mergesExamined: number;
  skippedOctopus: number;
  skippedCrissCross: number;
  skippedNoBase: number;
  scenarios: number;
  skippedBinary: number;
  skippedLarge: number;
}

const EMPTY_BLOB = /^0+$/;
const REGULAR_FILE = /^100(644|755)$/;

// `git diff --raw --no-renames base side`: path → blob id after the change, for regular
// files modified (not added or deleted) on that side.
function modifiedFiles(repo: string, from: string, to: string): Map<string, { before: string; after: string }> {
  const files = new Map<string, { before: string; after: string }>();
  const raw = git(repo, ['diff', '--raw', '--no-renames', '--no-abbrev', '-z', from, to]).toString('utf8');
  const fields = raw.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [srcMode, dstMode, before, after, status] = (fields[i] as string).slice(1).split(' ');
    const path = fields[i + 1] as string;
    if (status !== 'M' || !REGULAR_FILE.test(srcMode ?? '') || !REGULAR_FILE.test(dstMode ?? '')) continue;
    if (!before || !after || EMPTY_BLOB.test(before) || EMPTY_BLOB.test(after)) continue;
    files.set(path, { before, after });
  }
  return files;
}

const isBinary = (bytes: Buffer) => bytes.subarray(0, 8000).includes(0);

/**
 * Walks a repository's two-parent merge commits with a single merge base (octopus and
 * criss-cross merges are skipped, as their base is not one commit) and writes, for every
 * regular file modified on both sides, the base, our side (first parent), their side
 * (second parent) and the resolution that was committed. Binary files and files over
 * `maxBytes` are skipped.
 */
export function extractScenarios(repo: string, options: ExtractOptions): ExtractSummary {
  const maxBytes = options.maxBytes ?? 1 << 20;
  const summary: ExtractSummary = {
    mergesExamined: 0,
    skippedOctopus: 0,
    skippedCrissCross: 0,
    skippedNoBase: 0,
    scenarios: 0,
    skippedBinary: 0,
    skippedLarge: 0,
  };
  const merges = gitLines(repo, [
    'rev-list',
    '--merges',
    '--parents',
    `--max-count=${options.maxMerges ?? 2000}`,
    'HEAD',
  ]);
  for (const line of merges) {
    if (options.maxScenarios !== undefined && summary.scenarios >= options.maxScenarios) break;
    summary.mergesExamined++;
    const [merge, ours, theirs, ...more] = line.split(' ') as [string, string, string, ...string[]];
    if (more.length > 0) {
      summary.skippedOctopus++;
      continue;
    }
    // Exit 1 with no output: unrelated histories, no base at all.
    const bases = gitLines(repo, ['merge-base', '--all', ours, theirs], [0, 1]);
    if (bases.length === 0) {
      summary.skippedNoBase++;
      continue;
    }
    if (bases.length > 1) {
      summary.skippedCrissCross++;
      continue;
    }
    const base = bases[0] as string;
    const oursFiles = modifiedFiles(repo, base, ours);
    const theirsFiles = modifiedFiles(repo, base, theirs);
    const both = [...oursFiles.keys()].filter((path) => theirsFiles.has(path));
    if (both.length === 0) continue;
    const resolvedIds = both.map((path) => `${merge}:${path}`);
    const ids = both.flatMap((path) => [
      (oursFiles.get(path) as { before: string }).before,
      (oursFiles.get(path) as { after: string }).after,
      (theirsFiles.get(path) as { after: string }).after,
    ]);
    const blobs = readBlobs(repo, [...ids, ...resolvedIds]);
    both.forEach((path, index) => {
      const texts = [ids[index * 3], ids[index * 3 + 1], ids[index * 3 + 2], resolvedIds[index]].map((id) =>
        blobs.get(id as string),
      );
      if (texts.some((t) => !t)) return;
      const [b, o, t, r] = texts as [Buffer, Buffer, Buffer, Buffer];
      if ([b, o, t, r].some((x) => x.length > maxBytes)) {
        summary.skippedLarge++;
        return;
      }
      if ([b, o, t, r].some(isBinary)) {
        summary.skippedBinary++;
        return;
      }
      const dir = join(options.outDir, options.name, `${merge.slice(0, 12)}-${index}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'base'), b);
      writeFileSync(join(dir, 'ours'), o);
      writeFileSync(join(dir, 'theirs'), t);
      writeFileSync(join(dir, 'resolved'), r);
      const meta: ScenarioMeta = { repository: options.name, merge, base, ours, theirs, path };
      writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
      summary.scenarios++;
    });
    options.onProgress?.(summary.mergesExamined, summary.scenarios);
  }
  return summary;
}
