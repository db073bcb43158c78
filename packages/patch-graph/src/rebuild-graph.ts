import { addToGraph, type ChannelRow, type GraphContext } from './apply.js';
import type { Change } from './change.js';
import type { Statement } from './graph-tables.js';
import { memberIds } from './membership.js';

/**
 * The version of the graph's derived data — graph parts, vertex ids, each change's files and
 * references — as this code writes it. A repository whose data is older (or was migrated
 * without it) has its graph rebuilt from its changes when it is opened.
 */
export const GRAPH_FORMAT = 1;

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
           contents = X'', ranges = X''`);
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
