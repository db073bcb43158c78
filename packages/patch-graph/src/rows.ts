import type { Members } from './membership.js';

// Shapes shared by the graph's stores: prepared statements, stored edges, channel rows (a module
// of types, so that the stores and what uses them do not import one another).

/** The part of a prepared statement this package uses (kept local so declarations stay self-contained). */
export interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(): Statement;
  raw(): Statement;
}

/** One stored edge: `from → to` with `flag`, introduced by change row `introducedBy`. */
export interface EdgeRow {
  from: number;
  to: number;
  flag: number;
  introducedBy: number;
}

export interface ChannelRow {
  id: number;
  name: string;
  /** The state accumulator, as hex (see state-hash.ts). */
  state: string;
  nextSeq: number;
  /** The newest log entry (null: no change yet). */
  head: number | null;
  members: Members;
}
