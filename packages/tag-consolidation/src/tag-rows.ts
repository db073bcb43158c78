import type { SqliteDatabase } from '@lineage/sqlite-store';
import type { AttributionTotals } from './attribution-summary.js';
import type { ChangeFacts } from './change-facts.js';
import type { Tag } from './tag.js';

/**
 * A stored tag: the tag object but for its list of added changes (`TagStore.added`), its hash
 * and row id, and what is derived from it.
 */
export interface TagRecord extends Omit<Tag, 'changes'> {
  hash: string;
  id: number;
  baseId: number | null;
  /** The state as a sum (see patch-graph's `addToStateSum`). */
  stateSum: string;
  /** The changes of the set no other change of it depends on. */
  heads: string[];
}

interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(): Statement;
}

const SELECT = `SELECT t.*, b.hash AS base_hash FROM consolidating_tags t
  LEFT JOIN consolidating_tags b ON b.id = t.base_id`;

const SQL = {
  byHash: `${SELECT} WHERE t.hash = ?`,
  byName: `${SELECT} WHERE t.name = ?`,
  byPrefix: `${SELECT} WHERE t.hash >= ? AND t.hash < ? ORDER BY t.hash LIMIT 10`,
  all: `${SELECT} ORDER BY t.id`,
  consolidatingNewestFirst: 'SELECT hash FROM consolidating_tags WHERE consolidating = 1 ORDER BY id DESC LIMIT ?',
  consolidatingLargestFirst: `SELECT hash FROM consolidating_tags WHERE consolidating = 1 AND consolidated_change_count <= ?
    ORDER BY consolidated_change_count DESC, id DESC`,
  links: 'SELECT id, base_id AS baseId, hash FROM consolidating_tags',
  insert: `INSERT INTO consolidating_tags (hash, name, channel, state, state_sum, consolidating, base_id,
      previous_consolidation, since_tag, hotfix_of, dependency_count_before, dependency_count_after,
      consolidated_change_count, heads, timestamp, message, author)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  remove: 'DELETE FROM consolidating_tags WHERE id = ?',
  added: 'SELECT change_hash FROM tag_changes WHERE tag_id = ? ORDER BY position',
  insertAdded: 'INSERT INTO tag_changes (tag_id, position, change_hash) VALUES (?, ?, ?)',
  addedBy: 'SELECT tag_id FROM tag_changes WHERE change_hash = ?',
  referencing: `SELECT name FROM consolidating_tags WHERE base_id = ? OR previous_consolidation = ? OR since_tag = ?
    OR hotfix_of = ? ORDER BY id`,
  summary: 'SELECT * FROM tag_attribution_summaries WHERE tag_id = ?',
  insertSummary: `INSERT INTO tag_attribution_summaries (tag_id, total_changes, ai_assisted_changes,
      human_authored_changes, ai_providers, confidence_high, confidence_medium, confidence_low, confidence_micros,
      first_change_at, last_change_at, code_changes, test_changes, doc_changes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  facts: 'SELECT facts FROM change_facts WHERE hash = ?',
  insertFacts: 'INSERT OR IGNORE INTO change_facts (hash, facts) VALUES (?, ?)',
} as const;

/** Statements returning one column's values. */
const PLUCKED = new Set<keyof typeof SQL>([
  'consolidatingNewestFirst',
  'consolidatingLargestFirst',
  'added',
  'addedBy',
  'referencing',
  'facts',
]);

/**
 * The statements over the tag tables, each prepared on its first use: a record that looks for
 * the channel's latest consolidating tag needs two of them, not all.
 */
export class TagRows {
  readonly s: Record<keyof typeof SQL, Statement>;

  constructor(db: SqliteDatabase) {
    const prepared = new Map<string, Statement>();
    this.s = {} as Record<keyof typeof SQL, Statement>;
    for (const key of Object.keys(SQL) as Array<keyof typeof SQL>) {
      Object.defineProperty(this.s, key, {
        get: () => {
          let statement = prepared.get(key);
          if (!statement) {
            statement = db.prepare(SQL[key]) as unknown as Statement;
            if (PLUCKED.has(key)) statement = statement.pluck();
            prepared.set(key, statement);
          }
          return statement;
        },
      });
    }
  }

  insertTag(hash: string, tag: Tag, derived: { baseId: number | null; stateSum: string; heads: string[] }): number {
    const result = this.s.insert.run(
      hash,
      tag.name,
      tag.channel,
      tag.state,
      derived.stateSum,
      tag.consolidating ? 1 : 0,
      derived.baseId,
      tag.previousConsolidation,
      tag.since,
      tag.hotfixOf,
      tag.dependencyCountBefore,
      tag.dependencyCountAfter,
      tag.consolidatedChangeCount,
      JSON.stringify(derived.heads),
      tag.timestamp,
      tag.message,
      tag.author,
    );
    const id = Number(result.lastInsertRowid);
    tag.changes.forEach((change, position) => {
      this.s.insertAdded.run(id, position, change);
    });
    return id;
  }

  insertSummary(tagId: number, totals: AttributionTotals): void {
    this.s.insertSummary.run(
      tagId,
      totals.totalChanges,
      totals.aiAssistedChanges,
      totals.totalChanges - totals.aiAssistedChanges,
      JSON.stringify(totals.providers),
      totals.confidenceHigh,
      totals.confidenceMedium,
      totals.confidenceLow,
      totals.confidenceMicros,
      totals.first,
      totals.last,
      totals.codeChanges,
      totals.testChanges,
      totals.docChanges,
    );
  }

  totals(tagId: number): AttributionTotals | undefined {
    const row = this.s.summary.get(tagId) as Record<string, number | string | null> | undefined;
    if (!row) return undefined;
    return {
      totalChanges: row.total_changes as number,
      aiAssistedChanges: row.ai_assisted_changes as number,
      providers: JSON.parse(row.ai_providers as string),
      confidenceHigh: row.confidence_high as number,
      confidenceMedium: row.confidence_medium as number,
      confidenceLow: row.confidence_low as number,
      confidenceMicros: row.confidence_micros as number,
      first: row.first_change_at as string | null,
      last: row.last_change_at as string | null,
      codeChanges: row.code_changes as number,
      testChanges: row.test_changes as number,
      docChanges: row.doc_changes as number,
    };
  }

  facts(hash: string): ChangeFacts | undefined {
    const text = this.s.facts.get(hash) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as ChangeFacts);
  }

  rememberFacts(facts: ChangeFacts): void {
    this.s.insertFacts.run(facts.hash, JSON.stringify(facts));
  }
}

/** A row of `consolidating_tags` as a record. */
export function toRecord(row: Record<string, unknown>): TagRecord {
  return {
    version: 1,
    id: row.id as number,
    hash: row.hash as string,
    name: row.name as string,
    channel: row.channel as string,
    state: row.state as string,
    stateSum: row.state_sum as string,
    consolidating: row.consolidating === 1,
    baseId: row.base_id as number | null,
    base: row.base_hash as string | null,
    previousConsolidation: row.previous_consolidation as string | null,
    since: row.since_tag as string | null,
    hotfixOf: row.hotfix_of as string | null,
    dependencyCountBefore: row.dependency_count_before as number,
    dependencyCountAfter: row.dependency_count_after as number,
    consolidatedChangeCount: row.consolidated_change_count as number,
    heads: JSON.parse(row.heads as string) as string[],
    timestamp: row.timestamp as string,
    message: row.message as string,
    author: row.author as string,
  };
}
