import type { AtomicRepository } from './atomic-repository.js';
import { type Attribution, readAttribution } from './attribution.js';
import { type ChangeSummary, describeHunks, summarizeChange } from './change-summary.js';

export interface LogEntry {
  hash: string;
  state: string;
  message: string;
  authors: string[];
  timestamp: string;
  attribution: Attribution | null;
}

/** A channel's changes, newest first (the order they were applied in this channel). */
export function channelLog(repo: AtomicRepository, options: { channel?: string; limit?: number } = {}): LogEntry[] {
  const channel = repo.channel(options.channel);
  const entries = repo.pristine.log(channel).reverse();
  const shown = options.limit === undefined ? entries : entries.slice(0, options.limit);
  return shown.map((entry) => {
    const info = repo.pristine.changeInfo(entry.hash);
    return {
      hash: entry.hash,
      state: entry.state,
      message: info.message,
      authors: info.authors,
      timestamp: info.timestamp,
      attribution: readAttribution(info.metadata),
    };
  });
}

/** A change read from the change store: its summary and, for people, its hunks. */
export function changeDetails(repo: AtomicRepository, hashOrPrefix: string): ChangeSummary & { hunks: string[] } {
  const hash = repo.resolveHash(hashOrPrefix);
  const change = repo.pristine.changes.read(hash);
  return { ...summarizeChange(hash, change), hunks: describeHunks(repo.pristine, change) };
}

export interface CreditEntry {
  line: number;
  text: string;
  /** Null for a conflict marker. */
  change: string | null;
  authors: string[];
  attribution: Attribution | null;
}

/** For each line of a file: the change that wrote it, its authors and its AI attribution. */
export function credit(repo: AtomicRepository, path: string, channel?: string): CreditEntry[] {
  const name = repo.channel(channel);
  const infos = new Map<string, { authors: string[]; attribution: Attribution | null }>();
  return repo.pristine.credit(name, path).map((line) => {
    let info = line.change ? infos.get(line.change) : undefined;
    if (line.change && !info) {
      const change = repo.pristine.changeInfo(line.change);
      info = { authors: change.authors, attribution: readAttribution(change.metadata) };
      infos.set(line.change, info);
    }
    return {
      line: line.line,
      text: line.text.replace(/\r?\n$/, ''),
      change: line.change,
      authors: info?.authors ?? [],
      attribution: info?.attribution ?? null,
    };
  });
}
