import type { Members } from './membership.js';

// The shapes of stored rows, shared by the modules that read and write them (a leaf module:
// the table, graph and log modules import it, and it imports none of them).

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

/** A channel as stored: its state, log position and members. */
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
