import { readFileSync } from 'node:fs';
import { LineageError, quoteInput } from '@lineage/errors';
import { writeFileAtomic } from '@lineage/safe-fs';
import { parse, stringify } from 'smol-toml';
import { ARTIFACT_KINDS, type ArtifactKind, deploymentRecordPath } from './kinds.js';
import type { SyncStatus } from './store.js';

/**
 * One `[[deployed]]` entry of `.claude/.skillmeat-deployed.toml`, the project's human-readable
 * record of what was deployed there. Field names are SkillMeat's, so its files load here and
 * ours stay readable by it; keys this tool does not know are kept in `extra` and written back.
 */
export interface DeploymentRecord {
  artifact_name: string;
  artifact_type: ArtifactKind;
  from_collection: string;
  deployed_at: string;
  /** Relative to `.claude/`: `skills/<name>` or `commands/<name>.md`. */
  artifact_path: string;
  /** The deployed content's hash. A legacy record may hold another tool's hash here (not `h1:`). */
  content_hash: string;
  parent_hash: string | null;
  /** Oldest first. */
  version_lineage: string[];
  sync_status: SyncStatus;
  upstream_ref: string | null;
  upstream_version: string | null;
  upstream_sha: string | null;
  last_upstream_check: string | null;
  pending_conflicts: string[];
  extra: Record<string, unknown>;
  /** Loaded without lineage fields: its defaults were filled in, and the next write stores them. */
  legacy: boolean;
}

export interface DeploymentRecordFile {
  records: DeploymentRecord[];
  /** Top-level keys other than `deployed`, kept as they were. */
  extra: Record<string, unknown>;
}

const STATUSES: readonly SyncStatus[] = ['synced', 'modified', 'outdated', 'conflict', 'diverged'];
const KNOWN = new Set([
  'artifact_name',
  'artifact_type',
  'from_collection',
  'deployed_at',
  'artifact_path',
  'content_hash',
  'collection_sha',
  'parent_hash',
  'version_lineage',
  'sync_status',
  'upstream_ref',
  'upstream_version',
  'upstream_sha',
  'last_upstream_check',
  'pending_conflicts',
]);

export function emptyRecordFile(): DeploymentRecordFile {
  return { records: [], extra: {} };
}

/** Reads a project's record; a missing file is an empty record, a damaged one a clear error. */
export function readDeploymentRecords(project: string): DeploymentRecordFile {
  const path = deploymentRecordPath(project);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyRecordFile();
    throw error;
  }
  return parseDeploymentRecords(text, path);
}

export function writeDeploymentRecords(project: string, file: DeploymentRecordFile): void {
  writeFileAtomic(deploymentRecordPath(project), serializeDeploymentRecords(file));
}

export function parseDeploymentRecords(text: string, path: string): DeploymentRecordFile {
  let document: Record<string, unknown>;
  try {
    document = parse(text) as Record<string, unknown>;
  } catch (cause) {
    const where = cause as { line?: number; column?: number };
    throw invalid(
      path,
      `is not valid TOML${where.line ? ` (line ${where.line}, column ${where.column})` : ''}: ${firstLine((cause as Error).message)}`,
      cause,
    );
  }
  const { deployed = [], ...extra } = document;
  if (!Array.isArray(deployed)) throw invalid(path, '`deployed` must be an array of tables ([[deployed]])');
  return { records: deployed.map((entry, index) => readRecord(entry, index, path)), extra };
}

function readRecord(entry: unknown, index: number, path: string): DeploymentRecord {
  const where = `[[deployed]] entry ${index + 1}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw invalid(path, `${where} is not a table`);
  const fields = Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, normalizeValue(value)]));
  const text = (key: string, required = false): string | null => {
    const value = fields[key];
    if (value === undefined || value === null) {
      if (required) throw invalid(path, `${where} has no \`${key}\``);
      return null;
    }
    if (typeof value !== 'string') throw invalid(path, `${where}: \`${key}\` must be a string`);
    return value;
  };
  const texts = (key: string): string[] | null => {
    const value = fields[key];
    if (value === undefined) return null;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw invalid(path, `${where}: \`${key}\` must be an array of strings`);
    }
    return value as string[];
  };
  const type = text('artifact_type', true) as string;
  if (!(ARTIFACT_KINDS as readonly string[]).includes(type)) {
    throw invalid(path, `${where}: unknown artifact_type ${quoteInput(type)} (expected ${ARTIFACT_KINDS.join(', ')})`);
  }
  // SkillMeat's oldest records carry the hash as collection_sha.
  const contentHash = text('content_hash') ?? text('collection_sha');
  if (contentHash === null) throw invalid(path, `${where} has no \`content_hash\``);
  const status = text('sync_status') ?? 'synced';
  if (!(STATUSES as readonly string[]).includes(status))
    throw invalid(path, `${where}: unknown sync_status ${quoteInput(status)}`);
  const lineage = texts('version_lineage');
  return {
    artifact_name: text('artifact_name', true) as string,
    artifact_type: type as ArtifactKind,
    from_collection: text('from_collection') ?? 'default',
    deployed_at: text('deployed_at') ?? '',
    artifact_path: text('artifact_path') ?? '',
    content_hash: contentHash,
    parent_hash: text('parent_hash'),
    version_lineage: lineage === null || lineage.length === 0 ? [contentHash] : oldestFirst(lineage, contentHash),
    sync_status: status as SyncStatus,
    upstream_ref: text('upstream_ref'),
    upstream_version: text('upstream_version'),
    upstream_sha: text('upstream_sha'),
    last_upstream_check: text('last_upstream_check'),
    pending_conflicts: texts('pending_conflicts') ?? [],
    extra: Object.fromEntries(
      Object.entries(entry).filter(
        ([key]) => !KNOWN.has(key) || (key === 'collection_sha' && 'content_hash' in fields),
      ),
    ),
    legacy: lineage === null,
  };
}

/** SkillMeat's records documented their lineage newest first; ours are oldest first, ending at the current hash. */
function oldestFirst(lineage: string[], current: string): string[] {
  return lineage[0] === current && lineage[lineage.length - 1] !== current ? [...lineage].reverse() : lineage;
}

export function serializeDeploymentRecords(file: DeploymentRecordFile): string {
  const optional = (key: string, value: string | null) => (value === null ? {} : { [key]: value });
  const deployed = file.records.map((record) => ({
    artifact_name: record.artifact_name,
    artifact_type: record.artifact_type,
    from_collection: record.from_collection,
    deployed_at: record.deployed_at,
    artifact_path: record.artifact_path,
    content_hash: record.content_hash,
    ...optional('parent_hash', record.parent_hash),
    version_lineage: record.version_lineage,
    sync_status: record.sync_status,
    ...optional('upstream_ref', record.upstream_ref),
    ...optional('upstream_version', record.upstream_version),
    ...optional('upstream_sha', record.upstream_sha),
    ...optional('last_upstream_check', record.last_upstream_check),
    pending_conflicts: record.pending_conflicts,
    ...record.extra,
  }));
  const header =
    '# Artifacts deployed into this project by skillmeat-sync: what was deployed, from where, and its lineage.\n';
  return `${header}${stringify({ ...file.extra, deployed }).trimEnd()}\n`;
}

// TOML dates (a SkillMeat record may use them) are kept as the ISO text this tool writes.
function normalizeValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function invalid(path: string, problem: string, cause?: unknown): LineageError {
  return new LineageError('DEPLOYMENT_RECORD_INVALID', `${path} ${problem}`, {
    cause,
    hint: 'fix the file by hand (or move it aside to start a new record); it was left exactly as it is',
    details: { path },
  });
}
