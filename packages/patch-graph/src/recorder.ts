import { LineageError, quoteInput, UsageError } from '@lineage/errors';
import type { ChannelRow } from './apply.js';
import type { JsonValue } from './canonical-json.js';
import type { Change, DependencyRef } from './change.js';
import { ChangeBuilder } from './change-builder.js';
import type { DependencyIndex } from './dependency-index.js';
import type { EntryKind, FileTree } from './file-tree.js';
import type { GraphTables } from './graph-tables.js';
import type { GraphViews } from './graph-views.js';
import type { Linearization } from './linearize.js';
import { isBinary, type OutputSplice, recordFileContent, spliceOutput } from './record-file.js';
import { type DraftTree, normalizePath, recordAdd, recordMove, recordRemove, requireEntry } from './record-tree.js';

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
      { inode: entry.inode, kind: entry.kind, executable: entry.executable, links: entry.links },
    ]),
  );
  const written: Array<{ inode: number; old: Required<Linearization>; splices: OutputSplice[]; content: Uint8Array }> =
    [];
  const writtenPaths = new Set<string>();
  const writeContent = (path: string, content: Uint8Array) => {
    const entry = requireEntry(draft, path);
    if (entry.kind === 'dir') throw new UsageError('PATH_IS_DIRECTORY', `${quoteInput(path)} is a directory`);
    if (writtenPaths.has(path))
      throw new UsageError('PATH_WRITTEN_TWICE', `${quoteInput(path)} is written twice in one record`);
    writtenPaths.add(path);
    const old =
      entry.inode > 0
        ? views.fileWithOutput(channel, entry.inode)
        : { items: [], conflicts: [], output: { bytes: new Uint8Array(0), offsets: new Int32Array(1) } };
    const splices = recordFileContent(builder, tables, channel.id, { inode: entry.inode, path, ...old }, content);
    written.push({ inode: entry.inode, old, splices, content });
  };
  for (const edit of input.edits) {
    switch (edit.type) {
      case 'add': {
        const path = normalizePath(edit.path);
        recordAdd(builder, draft, path, edit.kind ?? 'file', edit.executable ?? false);
        if (edit.content && edit.content.length > 0 && edit.kind !== 'dir') writeContent(path, edit.content);
        break;
      }
      case 'remove':
        recordRemove(builder, draft, normalizePath(edit.path));
        break;
      case 'move':
        recordMove(builder, draft, normalizePath(edit.from), normalizePath(edit.to));
        break;
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
  const dependencyIds = [...new Set([...minimal, ...extras])].sort((a, b) => a - b);
  const dependencies: DependencyRef[] = dependencyIds.map((id) => ({ type: 'change', hash: tables.hashOf(id) }));
  const isDependency = new Set(dependencyIds);
  const known = [...builder.referenced]
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
    const vertexOf = (draft: number) => (draft > 0 ? draft : (tables.s.vertexId.get(changeId, -draft - 1) as number));
    for (const { inode, old, splices, content } of written) {
      if (old.conflicts.length > 0) continue;
      views.store(channel.id, vertexOf(inode), {
        conflicts: [],
        ...spliceOutput(old.items, content, splices, vertexOf),
      });
    }
  };
  return { change, afterApply };
}

export { isBinary };
