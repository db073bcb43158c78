import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { Statement } from './graph-tables.js';

/**
 * Results that are a function of a channel's state alone (keyed by the state's accumulator, as
 * `channels.state` holds it) (its set of changes), kept in the
 * pristine under that state: computed once, shared by every channel in the state (a fork
 * inherits them), and dropped when no channel is in that state any more. Derived data: a
 * missing entry is only a slower answer.
 */
export class StateCache {
  private readonly s;

  constructor(db: SqliteDatabase) {
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      get: p('SELECT data FROM derived_cache WHERE kind = ? AND state = ?').pluck(),
      put: p('INSERT OR REPLACE INTO derived_cache (kind, state, data) VALUES (?, ?, ?)'),
      // States are channels' accumulators (channels.state): what no channel is in goes, in SQL.
      prune: p('DELETE FROM derived_cache WHERE kind = ? AND state NOT IN (SELECT state FROM channels)'),
    };
  }

  get<T>(kind: string, state: string): T | undefined {
    const data = this.s.get.get(kind, state) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }

  /** Stores a result, and drops those of states no channel is in. */
  put(kind: string, state: string, value: unknown): void {
    this.s.put.run(kind, state, JSON.stringify(value));
    this.s.prune.run(kind);
  }
}
