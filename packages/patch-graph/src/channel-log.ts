import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { Statement } from './rows.js';

/** One application of a change to a channel, as the log keeps it. */
export interface LogEntryRow {
  id: number;
  previous: number | null;
  changeId: number;
  /** Position in the channel's application order (gaps remain where changes were unrecorded). */
  seq: number;
  /** How many entries the log has up to and including this one. */
  count: number;
  /** The state accumulator after this entry (see state-hash.ts), as hex. */
  accumulator: string;
  /** Its state hash. */
  state: string;
}

/**
 * Channel logs as persistent lists, shared between channels: an entry points to the entry
 * before it, and a channel to its newest entry. A fork points to the same newest entry — one
 * row, whatever the history (Pijul shares its channel tables copy-on-write to the same end).
 * Appending adds one entry; unrecording a change copies only the entries after it (their
 * states lose the change); an entry lives while a channel or a later entry refers to it
 * (`refs`), so deleting a channel deletes exactly the entries no other channel shares.
 *
 * Every entry of a channel's list describes a prefix the channel still holds: its state is
 * the state of exactly the changes up to it.
 */
export class ChannelLog {
  private readonly s;

  constructor(db: SqliteDatabase) {
    const p = (text: string): Statement => db.prepare(text) as unknown as Statement;
    this.s = {
      entry: p(
        `SELECT id, previous, change_id AS changeId, seq, count, accumulator, state FROM log_entries WHERE id = ?`,
      ),
      insert: p(
        `INSERT INTO log_entries (previous, change_id, seq, count, accumulator, state, refs)
         VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id`,
      ).pluck(),
      retain: p('UPDATE log_entries SET refs = refs + 1 WHERE id = ?'),
      release: p('UPDATE log_entries SET refs = refs - 1 WHERE id = ? RETURNING refs, previous').raw(),
      remove: p('DELETE FROM log_entries WHERE id = ?'),
      // The list from its newest entry back to its first, in one statement.
      chain: p(
        `WITH RECURSIVE chain(id, previous, change_id, seq, state, count) AS (
           SELECT id, previous, change_id, seq, state, count FROM log_entries WHERE id = ?
           UNION ALL
           SELECT e.id, e.previous, e.change_id, e.seq, e.state, e.count
           FROM log_entries e JOIN chain ON e.id = chain.previous
         )
         SELECT chain.id, chain.change_id, chain.seq, chain.state FROM chain ORDER BY chain.count`,
      ).raw(),
      byState: p('SELECT id FROM log_entries WHERE state = ? ORDER BY id').pluck(),
    };
  }

  entry(id: number): LogEntryRow {
    const row = this.s.entry.get(id) as LogEntryRow | undefined;
    if (!row) throw new Error(`internal: log entry ${id} is missing`);
    return row;
  }

  /** The entries of the list ending at `head`, oldest first: `[id, changeId, seq, state]`. */
  entries(head: number | null): Array<[id: number, changeId: number, seq: number, state: string]> {
    return head === null ? [] : (this.s.chain.all(head) as Array<[number, number, number, string]>);
  }

  /**
   * The entry of the list ending at `head` that has `count` entries up to it (its prefix of that
   * length), walking back from the head: steps are the entries after it.
   */
  entryAt(head: number | null, count: number): number | undefined {
    let at = head;
    while (at !== null) {
      const entry = this.entry(at);
      if (entry.count === count) return entry.id;
      if (entry.count < count) return undefined;
      at = entry.previous;
    }
    return undefined;
  }

  /** Entries (of any list) whose state is `state`, oldest first. */
  withState(state: string): number[] {
    return this.s.byState.all(state) as number[];
  }

  /**
   * A new entry after `previous` (null: the first entry); the caller holds the returned entry
   * (as a channel's head) and so retains it.
   */
  add(previous: number | null, changeId: number, seq: number, accumulator: string, state: string): number {
    const count = previous === null ? 1 : this.entry(previous).count + 1;
    const id = this.s.insert.get(previous, changeId, seq, count, accumulator, state) as number;
    this.retain(previous);
    return id;
  }

  retain(id: number | null): void {
    if (id !== null) this.s.retain.run(id);
  }

  /** Drops one reference; an entry nothing refers to any more is deleted, and so on backwards. */
  release(id: number | null): void {
    let current = id;
    while (current !== null) {
      const [refs, previous] = this.s.release.get(current) as [number, number | null];
      if (refs > 0) return;
      this.s.remove.run(current);
      current = previous;
    }
  }
}
