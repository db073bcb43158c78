import { LineageError } from '@lineage/errors';
import { addToGraph, type GraphContext } from './apply.js';
import type { Change } from './change.js';
import type { ChangeStore } from './change-store.js';
import type { Channels } from './channels.js';
import { decodeName } from './file-tree.js';

import { hasMember, memberIds, membersOf } from './membership.js';
import type { ChannelRow, Statement } from './rows.js';
import { addChange, EMPTY_STATE, encodeAccumulator, stateHash } from './state-hash.js';

/**
 * The version of the graph's derived data — graph parts, vertex ids, each change's files and
 * references — as this code writes it. A repository whose data is older (or was migrated
 * without it) has its graph rebuilt from its changes when it is opened.
 */
export const GRAPH_FORMAT = 2;

export function graphFormat(context: GraphContext): number {
  const statement = context.tables.db.prepare(
    "SELECT value FROM pristine_meta WHERE key = 'graph_format'",
  ) as unknown as Statement;
  return (statement.pluck().get() as number | undefined) ?? 0;
}

/**
 * Rebuilds the shared graph from the changes the channels hold, oldest first (a change's row
 * id is greater than those of every change it refers to), inside the caller's transaction.
 * Changes no channel holds get no graph: applying one later adds it.
 */
export function rebuildGraph(context: GraphContext, read: (hash: string) => Change): void {
  const { tables, graph } = context;
  const db = tables.db;
  graph.clear();
  db.exec(`UPDATE changes SET vertex_base = 0, vertex_count = 0, vertex_runs = NULL, inodes = NULL, refs = NULL,
           ranges = X'', dependencies = NULL, known = NULL, tags = NULL;
           DELETE FROM names; DELETE FROM dependents; DELETE FROM tag_dependents; DELETE FROM derived_cache;`);
  tables.forgetIds();
  const held = new Set<number>();
  for (const blob of db.prepare('SELECT members FROM channels').pluck().all() as Uint8Array[]) {
    for (const id of memberIds(blob)) held.add(id);
  }
  const ids = [...held].sort((a, b) => a - b);
  // Everything already rebuilt is what a change may refer to: a set grown in place.
  const members = new Uint8Array(((ids.at(-1) ?? 0) >> 3) + 1);
  const everything: ChannelRow = { id: 0, name: '(graph rebuild)', state: '', nextSeq: 0, head: null, members };
  for (const id of ids) {
    const hash = tables.hashOf(id);
    addToGraph(context, everything, hash, read(hash), id);
    members[id >> 3] = (members[id >> 3] as number) | (1 << (id & 7));
  }
  graph.flush();
  db.prepare("INSERT OR REPLACE INTO pristine_meta (key, value) VALUES ('graph_format', ?)").run(GRAPH_FORMAT);
}

/**
 * Checks a graph copied from another repository together with its changes, without deriving it
 * again: every stored change hashes to its name, every change row has its stored change, and
 * every name in the tree is a safe file name and the very bytes its change gives that vertex —
 * so nothing the copy shows comes from outside the checked changes, and no path leaves the
 * working copy. The edges are taken as the source derived them (see Repository.copyOf).
 */
export function verifyCopiedGraph(context: GraphContext, store: ChangeStore): void {
  const { tables } = context;
  for (const hash of store.list()) store.verify(hash);
  const orphan = tables.db
    .prepare('SELECT c.hash FROM changes c WHERE NOT EXISTS (SELECT 1 FROM change_data d WHERE d.hash = c.hash)')
    .pluck()
    .get() as string | undefined;
  if (orphan !== undefined) {
    throw new LineageError('CHANGE_NOT_STORED', `the copied graph refers to change ${orphan}, which was not sent`, {
      hint: 'the source repository is damaged or not trustworthy; nothing was kept',
      details: { change: orphan },
    });
  }
  for (const [vertex, bytes] of tables.db.prepare('SELECT vertex, bytes FROM names').raw().all() as Array<
    [number, Uint8Array]
  >) {
    let given: Uint8Array = new Uint8Array(0);
    tables.lineBytes(vertex, 1, (source, start, end) => {
      given = source.subarray(start, end);
    });
    if (decodeName(bytes) === null || Buffer.compare(given, bytes) !== 0) {
      const { changeId } = tables.vertexOwner(vertex);
      const change = changeId ? tables.hashOf(changeId) : '(none)';
      throw new LineageError('CHANGE_UNSAFE_PATH', `the copied tree names a file its change ${change} does not`, {
        hint: 'a name may not be empty, ".", "..", or contain "/", "\\" or NUL; do not clone from this source',
        details: { change, vertex },
      });
    }
  }
}

/**
 * Checks channels that came from elsewhere against their changes: each log entry's change is in
 * the repository, its dependencies and what it refers to come before it, its state is the state
 * of the entries up to it, and a channel's set and state are those of its log. Log entries
 * nothing refers to are dropped and reference counts recomputed. Throws CHANNEL_CORRUPT.
 */
export function verifyChannels(context: GraphContext, channels: Channels): void {
  const { tables, log } = context;
  const db = tables.db;
  for (const name of channels.names()) {
    const channel = channels.get(name);
    const corrupt = (why: string) =>
      new LineageError('CHANNEL_CORRUPT', `channel ${name} is corrupted: ${why}`, {
        hint: 'the repository it came from is damaged or not trustworthy; nothing was kept',
        details: { channel: name },
      });
    let accumulator = EMPTY_STATE;
    const highest = (db.prepare('SELECT max(id) FROM changes').pluck().get() as number | null) ?? 0;
    const held = new Uint8Array((highest >> 3) + 1);
    for (const [entryId, changeId, , state] of log.entries(channel.head)) {
      const info = tables.graphInfo(changeId);
      if (!info) throw corrupt(`its log names change row ${changeId}, which has no graph`);
      const hash = tables.hashOf(changeId);
      for (const needed of [...tables.links(changeId).dependencies, ...info.refs]) {
        if (!hasMember(held, needed)) throw corrupt(`${hash} comes before a change it depends on`);
      }
      accumulator = addChange(accumulator, hash);
      if (stateHash(accumulator) !== state) throw corrupt(`log entry ${entryId} has a wrong state`);
      if (hasMember(held, changeId)) throw corrupt(`${hash} is in its log twice`);
      held[changeId >> 3] = (held[changeId >> 3] as number) | (1 << (changeId & 7));
    }
    if (encodeAccumulator(accumulator) !== channel.state) throw corrupt('its state is not that of its log');
    if (Buffer.compare(membersOf(memberIds(held)), channel.members) !== 0) {
      throw corrupt('its set of changes is not that of its log');
    }
  }
  // Counted in one pass each (a correlated count per entry would be quadratic: previous has no index).
  db.exec(`
    UPDATE log_entries SET refs = 0;
    UPDATE log_entries SET refs = refs + n.count
      FROM (SELECT previous AS id, count(*) AS count FROM log_entries WHERE previous IS NOT NULL GROUP BY previous) n
      WHERE log_entries.id = n.id;
    UPDATE log_entries SET refs = refs + c.count
      FROM (SELECT head AS id, count(*) AS count FROM channels WHERE head IS NOT NULL GROUP BY head) c
      WHERE log_entries.id = c.id;
  `);
  // An entry nothing refers to goes, and with it the earlier ones only it referred to.
  for (const id of db.prepare('SELECT id FROM log_entries WHERE refs = 0').pluck().all() as number[]) {
    db.prepare('UPDATE log_entries SET refs = 1 WHERE id = ?').run(id);
    log.release(id);
  }
}
