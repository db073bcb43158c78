import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { Statement } from './graph-tables.js';
import { decodeAccumulator, stateHash } from './state-hash.js';

/**
 * Results that are a function of a channel's state alone (its set of changes), kept in the
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
      all: p('SELECT state FROM derived_cache WHERE kind = ?').pluck(),
      drop: p('DELETE FROM derived_cache WHERE kind = ? AND state = ?'),
      accumulators: p('SELECT state FROM channels').pluck(),
    };
  }

  get<T>(kind: string, state: string): T | undefined {
    const data = this.s.get.get(kind, state) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }

  /** Stores a result, and drops those of states no channel is in. */
  put(kind: string, state: string, value: unknown): void {
    this.s.put.run(kind, state, JSON.stringify(value));
    const live = new Set((this.s.accumulators.all() as string[]).map((hex) => stateHash(decodeAccumulator(hex))));
    for (const stored of this.s.all.all(kind) as string[]) if (!live.has(stored)) this.s.drop.run(kind, stored);
  }
}
