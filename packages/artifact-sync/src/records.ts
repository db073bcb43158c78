import type { ServiceContext } from './context.js';
import {
  type DeploymentRecord,
  type DeploymentRecordFile,
  readDeploymentRecords,
  writeDeploymentRecords,
} from './deployment-record.js';
import { artifactId, isSingleFile, kindDirectory, singleFileName } from './kinds.js';
import { readProjectArtifact } from './project.js';
import type { ArtifactRow, DeploymentRow } from './store.js';
import { hashTree } from './tree.js';
import { deploymentState } from './views.js';

/**
 * The project's deployment record (`.claude/.skillmeat-deployed.toml`) and the database
 * agree: the database is written first, in the operation's transaction, and the record is
 * then regenerated from it — the project's records for artifacts this collection deploys
 * there, every other record kept as it was, in the order it was. A damaged record stops
 * any write to the project before anything is changed.
 */
export class ProjectRecords {
  private readonly queued = new Map<string, Promise<void>>();

  constructor(private readonly ctx: ServiceContext) {}

  /** Reads and validates the record; throws `DEPLOYMENT_RECORD_INVALID` and changes nothing when it is damaged. */
  read(project: string): DeploymentRecordFile {
    return readDeploymentRecords(project);
  }

  /**
   * Rewrites the record from the database. Requests that arrive while a rewrite is queued
   * join it: a rewrite reads the database when it starts, so it covers every commit made
   * before — a bulk update of many artifacts rewrites the file a few times, not once each.
   */
  write(project: string): Promise<void> {
    const queued = this.queued.get(project);
    if (queued) return queued;
    const write = this.ctx.locks.project(project, async () => {
      this.queued.delete(project);
      const file = readDeploymentRecords(project);
      writeDeploymentRecords(project, this.merge(project, file));
    });
    this.queued.set(project, write);
    return write;
  }

  private merge(project: string, file: DeploymentRecordFile): DeploymentRecordFile {
    const rows = new Map(this.ctx.db.deployments(project).map((row) => [row.artifact_id, row]));
    const records: DeploymentRecord[] = [];
    const written = new Set<string>();
    for (const record of file.records) {
      const id = artifactId(record.artifact_type, record.artifact_name);
      const row = rows.get(id);
      if (row === undefined) records.push(record);
      else if (!written.has(id)) {
        records.push(this.recordOf(row, record));
        written.add(id);
      }
    }
    for (const [id, row] of rows) if (!written.has(id)) records.push(this.recordOf(row, undefined));
    return { records, extra: file.extra };
  }

  private recordOf(row: DeploymentRow, previous: DeploymentRecord | undefined): DeploymentRecord {
    const artifact = this.ctx.db.artifact(row.artifact_id) as ArtifactRow;
    return {
      artifact_name: artifact.name,
      artifact_type: artifact.kind,
      from_collection: previous?.from_collection ?? 'default',
      deployed_at: row.deployed_at,
      artifact_path: relativeLocation(artifact),
      content_hash: row.deployed_hash,
      ...deploymentState(row),
      extra: JSON.parse(row.record_extra) as Record<string, unknown>,
      legacy: false,
    };
  }
}

export function relativeLocation(artifact: Pick<ArtifactRow, 'kind' | 'name'>): string {
  return `${kindDirectory(artifact.kind)}/${isSingleFile(artifact.kind) ? singleFileName(artifact.name) : artifact.name}`;
}

/**
 * A record the database does not know yet (written by SkillMeat, by an older version, or by a
 * teammate's collection) as the deployment row it stands for. A hash that is not this tool's
 * `h1:` cannot be compared, so the project's current content becomes the root of the lineage
 * (seed: "backfill version_lineage with current hash as root"); a record without lineage
 * fields gets its hash as the whole lineage.
 */
export function adoptedDeployment(
  ctx: ServiceContext,
  project: string,
  record: DeploymentRecord,
  artifact: ArtifactRow,
): { row: DeploymentRow; currentHash: string | null; foreignHash: boolean } {
  const foreignHash = !record.content_hash.startsWith('h1:');
  let deployed = record.content_hash;
  const content = readProjectArtifact(project, artifact.kind, artifact.name, ctx.limits);
  const currentHash = content.missing ? null : hashTree(content.tree);
  if (foreignHash) deployed = currentHash ?? artifact.current_hash;
  const lineage = foreignHash ? [deployed] : record.version_lineage;
  return {
    row: {
      project,
      artifact_id: artifact.id,
      deployed_hash: deployed,
      deployed_at: record.deployed_at || ctx.now(),
      parent_hash: foreignHash ? null : record.parent_hash,
      version_lineage: JSON.stringify(lineage),
      sync_status: record.sync_status,
      upstream_ref: record.upstream_ref,
      upstream_version: record.upstream_version,
      upstream_sha: record.upstream_sha,
      last_upstream_check: record.last_upstream_check,
      pending_conflicts: '[]',
      record_extra: JSON.stringify(record.extra),
    },
    currentHash,
    foreignHash,
  };
}
