import { LineageError, quoteInput, UsageError } from '@lineage/errors';
import type { Linearization } from '@lineage/graph-output';
import type { JsonValue } from './canonical-json.js';
import type { Change } from './change.js';
import { ChangeBuilder } from './change-builder.js';
import { consolidateDependencies } from './consolidate-dependencies.js';
import type { DependencyIndex } from './dependency-index.js';
import type { EntryKind, FileTree } from './file-tree.js';
import type { GraphTables } from './graph-tables.js';
import type { GraphViews } from './graph-views.js';
import { isBinary, type OutputSplice, recordFileContent, spliceOutput } from './record-file.js';
import { type DraftTree, normalizePath, recordAdd, recordMove, recordRemove, requireEntry } from './record-tree.js';
import type { ChannelRow } from './rows.js';
import type { Consolidation } from './tag-resolver.js';

/** One edit of a record, applied in order to the channel's tree as the change sees it. */
export type RecordEdit =
  | { type: 'add'; path: string; kind?: EntryKind; executable?: boolean; content?: Uint8Array }
  | { type: 'remove'; path: string }
  | { type: 'move'; from: string; to: string }
  | { type: 'chmod'; path: string; executable: boolean }
  /** New full content of a tracked file (or a symbolic link's target). */
  | { type: 'write'; path: string; content: Uint8Array };

export interface RecordInput {
  message: string;
  authors: string[];
  /** RFC 3339 UTC; now by default. */
  timestamp?: string;
  /** Hashed metadata (AI attribution goes here). */
  metadata?: Record<string, JsonValue>;
  /** Changes (of the channel) to depend on beyond those the edits need. */
  extraDependencies?: string[];
  /** Depend on this tag instead of the changes it covers (the channel must hold the tag). */
  consolidation?: Consolidation;
  edits: RecordEdit[];
}

export interface RecordResult {
  hash: string;
  change: Change;
}

export interface RecordContext {
  tables: GraphTables;
  index: DependencyIndex;
  views: GraphViews;
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Turns edits into a change against the channel's current graph. Dependencies are exactly the
 * changes whose vertices and edges the operations reference (plus the context of deletions),
 * minimized; the rest of them is kept as `known`.
 */
export function recordChange(
  context: RecordContext,
  channel: ChannelRow,
  tree: FileTree,
  input: RecordInput,
): { change: Change; afterApply: (hash: string) => void } | null {
  const { tables, index, views } = context;
  const timestamp = input.timestamp ?? new Date().toISOString();
  if (!RFC3339_UTC.test(timestamp)) {
    throw new UsageError('TIMESTAMP_INVALID', `${quoteInput(timestamp)} is not an RFC 3339 UTC timestamp`, {
      hint: 'use the form 2026-11-22T02:19:27Z',
    });
  }
  const builder = new ChangeBuilder(tables);
  const draft: DraftTree = new Map(
    [...tree.entries].map(([path, entry]) => [
      path,
      {
        inode: entry.inode,
        kind: entry.kind,
        executable: entry.executable,
        links: entry.links,
        contestedBy: entry.contestedBy,
      },
    ]),
  );
  const written: Array<{ inode: number; old: Required<Linearization>; splices: OutputSplice[]; content: Uint8Array }> =
    [];
  const writtenPaths = new Set<string>();
  /** Files whose contested deletion this record settles by keeping them: their lines come back. */
  const kept = new Set<string>();
  const writeContent = (path: string, content: Uint8Array) => {
    const entry = requireEntry(draft, path);
    if (entry.kind === 'dir') throw new UsageError('PATH_IS_DIRECTORY', `${quoteInput(path)} is a directory`);
    if (writtenPaths.has(path))
      throw new UsageError('PATH_WRITTEN_TWICE', `${quoteInput(path)} is written twice in one record`);
    writtenPaths.add(path);
    // Editing a file whose deletion is contested (moved on one side, deleted on the other)
    // keeps it: its name is re-recorded knowing the deletion, which settles the conflict.
    const revive = entry.contestedBy.length > 0 || kept.has(path);
    if (entry.contestedBy.length > 0) recordMove(builder, draft, path, path);
    const old =
      entry.inode > 0
        ? views.fileWithOutput(channel, entry.inode)
        : { items: [], conflicts: [], output: { bytes: new Uint8Array(0), offsets: new Int32Array(1) } };
    const file = { inode: entry.inode, path, shown: old };
    const splices = recordFileContent(builder, tables, channel.id, file, content, { revive });
    // The output after a revival or of a conflicted file is linearized anew, not spliced.
    if (!revive && old.conflicts.length === 0) written.push({ inode: entry.inode, old, splices, content });
  };
  for (const edit of withoutUndoneEdits(input.edits)) {
    switch (edit.type) {
      case 'add': {
        const path = normalizePath(edit.path);
        recordAdd(builder, draft, path, edit.kind ?? 'file', edit.executable ?? false);
        if (edit.content && edit.content.length > 0 && edit.kind !== 'dir') writeContent(path, edit.content);
        break;
      }
      case 'remove': {
        const path = normalizePath(edit.path);
        requireEntry(draft, path);
        // As Pijul does, a removed file's lines are deleted too: an edit made concurrently then
        // shows up as a zombie file instead of vanishing with the file.
        for (const [p, entry] of draft) {
          if ((p === path || p.startsWith(`${path}/`)) && entry.kind !== 'dir' && entry.inode > 0) {
            const old = views.fileWithOutput(channel, entry.inode);
            recordFileContent(
              builder,
              tables,
              channel.id,
              { inode: entry.inode, path: p, shown: old },
              new Uint8Array(0),
            );
          }
        }
        recordRemove(builder, draft, path);
        break;
      }
      case 'move': {
        const to = normalizePath(edit.to);
        const contested = requireEntry(draft, normalizePath(edit.from)).contestedBy.length > 0;
        recordMove(builder, draft, normalizePath(edit.from), to);
        // Moving (or re-recording the name of) a file whose deletion is contested keeps it, lines and all.
        if (contested) kept.add(to);
        break;
      }
      case 'chmod': {
        const path = normalizePath(edit.path);
        if (requireEntry(draft, path).executable !== edit.executable)
          recordMove(builder, draft, path, path, edit.executable);
        break;
      }
      case 'write':
        writeContent(normalizePath(edit.path), edit.content);
        break;
    }
  }
  for (const path of kept) {
    const entry = draft.get(path);
    if (!writtenPaths.has(path) && entry && entry.inode > 0) {
      writeContent(path, views.fileWithOutput(channel, entry.inode).output.bytes);
    }
  }
  if (builder.isEmpty) return null;
  const extras = (input.extraDependencies ?? []).map((hash) => {
    const id = tables.idOf(hash);
    if (id === undefined || !tables.isApplied(channel.id, id)) {
      throw new LineageError(
        'DEPENDENCY_NOT_IN_CHANNEL',
        `extra dependency ${hash} is not in channel ${channel.name}`,
        {
          kind: 'usage',
          hint: 'apply it to the channel first, or leave it out',
        },
      );
    }
    return id;
  });
  const minimal = index.minimize(builder.referenced);
  const { dependencies, replaced } = consolidateDependencies(
    [...new Set([...minimal, ...extras])].sort((a, b) => a - b),
    input.consolidation,
    tables,
    index,
  );
  const isDependency = new Set(
    dependencies.flatMap((dep) => (dep.type === 'change' ? [tables.idOf(dep.hash) as number] : [])),
  );
  const known = [...new Set([...builder.referenced, ...replaced])]
    .filter((id) => id !== 0 && !isDependency.has(id))
    .map((id) => tables.hashOf(id))
    .sort();
  const change = builder.build(
    { message: input.message, authors: input.authors, timestamp },
    dependencies,
    known,
    input.metadata ?? {},
  );
  const afterApply = (hash: string) => {
    // A conflict-free file's new output is exactly what was recorded: cache it, no linearizing.
    const changeId = tables.idOf(hash) as number;
    const vertexOf = (draft: number) => (draft > 0 ? draft : (tables.vertexId(changeId, -draft - 1) as number));
    for (const { inode, old, splices, content } of written) {
      if (old.conflicts.length > 0) continue;
      views.store(channel, vertexOf(inode), spliceOutput(old, content, splices, vertexOf));
    }
  };
  return { change, afterApply };
}

/**
 * Drops edits a later `remove` undoes: writes and mode changes of the removed paths, and the
 * addition of the removed path itself (then the removal too) — a change cannot delete the
 * lines or names it creates, so "add then remove" in one record must come to nothing.
 */
function withoutUndoneEdits(edits: RecordEdit[]): RecordEdit[] {
  const dropped = new Set<number>();
  edits.forEach((edit, i) => {
    if (edit.type !== 'remove') return;
    const removed = normalizePath(edit.path);
    const under = (path: string) => {
      const p = normalizePath(path);
      return p === removed || p.startsWith(`${removed}/`);
    };
    for (let j = i - 1; j >= 0; j--) {
      const earlier = edits[j] as RecordEdit;
      // A move changes what the paths name: stop looking further back.
      if (earlier.type === 'move' && (under(earlier.from) || under(earlier.to))) break;
      if ((earlier.type === 'write' || earlier.type === 'chmod' || earlier.type === 'add') && under(earlier.path)) {
        dropped.add(j);
        if (earlier.type === 'add' && normalizePath(earlier.path) === removed) {
          dropped.add(i);
          break;
        }
      }
    }
  });
  return edits.filter((_, i) => !dropped.has(i));
}

export { isBinary };
