import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { Statement } from './rows.js';

/**
 * The states whose results are kept: every channel's, and the one before its newest change (what
 * an unrecord of that change, the commonest undo, goes back to). Channels' accumulators, in SQL.
 */
const KEPT_STATES = `(SELECT state FROM channels
  UNION ALL SELECT e.accumulator FROM channels c
    JOIN log_entries h ON h.id = c.head JOIN log_entries e ON e.id = h.previous)`;

/**
 * Results that are a function of a channel's state alone (its set of changes), kept in the
 * pristine under that state (the accumulator, as `channels.state` holds it): computed once,
 * shared by every channel in the state (a fork inherits them), and dropped once no channel is in
 * that state or just past it (KEPT_STATES). Derived data: a missing entry is only a slower answer.
 */
export class StateCache {
  private readonly s;

  constructor(db: SqliteDatabase) {
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      get: p('SELECT data FROM derived_cache WHERE kind = ? AND state = ?').pluck(),
      put: p('INSERT OR REPLACE INTO derived_cache (kind, state, data) VALUES (?, ?, ?)'),
      prune: p(`DELETE FROM derived_cache WHERE kind = ? AND state NOT IN ${KEPT_STATES}`),
      prunePrefix: p(`DELETE FROM derived_cache WHERE kind >= ? AND kind < ? AND state NOT IN ${KEPT_STATES}`),
      keptStates: p(`SELECT state FROM ${KEPT_STATES}`).pluck(),
    };
  }

  /** The states whose results are kept now (see KEPT_STATES). */
  keptStates(): Set<string> {
    return new Set(this.s.keptStates.all() as string[]);
  }

  /** Raw bytes kept under `kind` (a family of kinds sharing the prefix before its first ":"). */
  getBytes(kind: string, state: string): Uint8Array | undefined {
    return this.s.get.get(kind, state) as Uint8Array | undefined;
  }

  /** Stores raw bytes, and drops those of the same family kept for states no longer kept. */
  putBytes(kind: string, state: string, data: Uint8Array): void {
    this.s.put.run(kind, state, data);
    const family = kind.slice(0, kind.indexOf(':') + 1);
    this.s.prunePrefix.run(family, `${family}\u{10ffff}`);
  }

  get<T>(kind: string, state: string): T | undefined {
    const data = this.s.get.get(kind, state) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }

  /** Stores a result, and drops those of states no longer kept. */
  put(kind: string, state: string, value: unknown): void {
    this.s.put.run(kind, state, JSON.stringify(value));
    this.s.prune.run(kind);
  }
}
