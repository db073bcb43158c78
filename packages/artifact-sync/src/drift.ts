import type { ServiceContext } from './context.js';
import { readDeploymentRecords } from './deployment-record.js';
import type { CollectionDriftDto, DriftEntryDto, DriftFileDto, Recommendation } from './dto.js';
import { artifactId, projectLocation } from './kinds.js';
import { findMergeBase } from './lineage.js';
import { planMerge } from './merge-plan.js';
import { readProjectArtifact } from './project.js';
import { adoptedDeployment } from './records.js';
import {
  type ArtifactRow,
  COLLECTION_TIER,
  type DeploymentRow,
  type SyncStatus,
  type UpstreamCheckRow,
} from './store.js';
import { type ArtifactTree, hashTree, type ManifestEntry, manifestOf } from './tree.js';
import { lineageOf } from './views.js';

/**
 * A deployment's status from three hashes: what the project holds, what the collection holds,
 * and the last version both share (their lineage merge base).
 *
 *   project = base, collection = base   synced
 *   project ≠ base, collection = base   modified   (edited in the project)
 *   project = base, collection ≠ base   outdated   (the collection, or the upstream, is newer)
 *   project ≠ base, collection ≠ base   diverged   (both changed: a merge is needed)
 *   a merge with conflicts pending      conflict
 */
export function deploymentStatus(input: {
  base: string | null;
  projectHash: string;
  collectionHash: string;
  pending: boolean;
  upstreamNewer: boolean;
}): { status: SyncStatus; projectChanged: boolean; collectionChanged: boolean } {
  const same = input.projectHash === input.collectionHash;
  const projectChanged = !same && input.projectHash !== input.base;
  const collectionChanged = !same && input.collectionHash !== input.base;
  const theirs = collectionChanged || input.upstreamNewer;
  const status: SyncStatus = input.pending
    ? 'conflict'
    : projectChanged && theirs
      ? 'diverged'
      : projectChanged
        ? 'modified'
        : theirs
          ? 'outdated'
          : 'synced';
  return { status, projectChanged, collectionChanged };
}

/** The status a deployment has right after a write left the project holding its deployed version. */
export function statusAfterWrite(ctx: ServiceContext, artifact: ArtifactRow, row: DeploymentRow): SyncStatus {
  const collectionLineage = lineageOf(artifact.version_lineage, artifact.current_hash);
  return deploymentStatus({
    base: findMergeBase(lineageOf(row.version_lineage, row.deployed_hash), collectionLineage),
    projectHash: row.deployed_hash,
    collectionHash: artifact.current_hash,
    pending: ctx.db.pendingMerge(artifact.id, row.project) !== undefined,
    upstreamNewer: upstreamNewer(artifact, ctx.db.upstreamCheck(artifact.id)),
  }).status;
}

/**
 * Whether the last check saw new content upstream: the artifact's content at the commit found
 * differs from what the collection took in (a commit pin never moves). When the content at that
 * commit could not be read, a commit past the one taken in counts as newer.
 */
export function upstreamNewer(artifact: ArtifactRow, check: UpstreamCheckRow | undefined): boolean {
  if (!check?.sha || artifact.upstream_pin === 'sha' || artifact.upstream_sha === null) return false;
  if (check.sha === artifact.upstream_sha) return false;
  return check.content_hash === null || check.content_hash !== artifact.upstream_hash;
}

/**
 * Drift of every deployment (of one project, or of every project the collection deploys to).
 * Read-only: it reads projects, records and the database and writes nothing — not a timestamp,
 * not a version; a record the database does not know yet is evaluated in memory.
 */
export function computeDrift(
  ctx: ServiceContext,
  project: string | null,
): { entries: DriftEntryDto[]; artifacts: CollectionDriftDto[]; warnings: string[]; projects: string[] } {
  const warnings: string[] = [];
  const artifacts = new Map(ctx.db.artifacts().map((row) => [row.id, row]));
  const checks = new Map(ctx.db.upstreamChecks().map((row) => [row.artifact_id, row]));
  const rows = ctx.db.deployments(project ?? undefined);
  const projects = [...new Set([...(project === null ? [] : [project]), ...rows.map((row) => row.project)])].sort();
  for (const dir of projects) rows.push(...unadoptedRecords(ctx, dir, rows, artifacts, warnings));

  const entries = rows.map((row) =>
    driftEntry(ctx, row, artifacts.get(row.artifact_id) as ArtifactRow, checks.get(row.artifact_id)),
  );
  const collection: CollectionDriftDto[] = [...artifacts.values()]
    .filter((artifact) => project === null || rows.some((row) => row.artifact_id === artifact.id))
    .map((artifact) => {
      const check = checks.get(artifact.id);
      return {
        artifact_id: artifact.id,
        upstream_newer: check?.sha ? upstreamNewer(artifact, check) : null,
        checked_at: check?.checked_at ?? null,
        pending_conflicts: ctx.db.conflicts(artifact.id, COLLECTION_TIER).map((conflict) => conflict.path),
      };
    });
  return { entries, artifacts: collection, warnings, projects };
}

function unadoptedRecords(
  ctx: ServiceContext,
  project: string,
  known: readonly DeploymentRow[],
  artifacts: Map<string, ArtifactRow>,
  warnings: string[],
): DeploymentRow[] {
  let records: ReturnType<typeof readDeploymentRecords>['records'];
  try {
    records = readDeploymentRecords(project).records;
  } catch (error) {
    warnings.push(`${(error as Error).message}; drift used the collection's records of this project`);
    return [];
  }
  const adopted: DeploymentRow[] = [];
  for (const record of records) {
    const id = artifactId(record.artifact_type, record.artifact_name);
    if (known.some((row) => row.project === project && row.artifact_id === id)) continue;
    const artifact = artifacts.get(id);
    if (!artifact) {
      warnings.push(
        `${project}: the record of ${id} names an artifact this collection does not have; it is left as it is`,
      );
      continue;
    }
    warnings.push(
      `${project}: ${id} has a ${record.legacy ? 'legacy ' : ''}record the collection does not know; evaluated with ${record.legacy ? 'its hash as the root of its lineage' : 'its recorded lineage'} (stored on the next write to this project)`,
    );
    adopted.push(adoptedDeployment(ctx, project, record, artifact).row);
  }
  return adopted;
}

/** One deployment's live drift: its project's files hashed now against the collection and the last upstream check. */
export function driftEntry(
  ctx: ServiceContext,
  row: DeploymentRow,
  artifact: ArtifactRow,
  check: UpstreamCheckRow | undefined,
): DriftEntryDto {
  const warnings: string[] = [];
  let tree: ArtifactTree | null = null;
  let missing = false;
  try {
    const content = readProjectArtifact(row.project, artifact.kind, artifact.name, ctx.limits);
    tree = content.tree;
    missing = content.missing;
    if (content.recoveredFrom)
      warnings.push(
        `an apply was interrupted; the intact previous version is at ${content.recoveredFrom} and is put back by the next write`,
      );
  } catch (error) {
    warnings.push(`cannot read the project's copy: ${(error as Error).message}`);
  }
  if (missing) warnings.push('deleted from the project');
  const projectHash = tree === null ? null : hashTree(tree);
  const deploymentLineage = lineageOf(row.version_lineage, row.deployed_hash);
  const ours =
    projectHash !== null && projectHash !== row.deployed_hash ? [...deploymentLineage, projectHash] : deploymentLineage;
  const collectionLineage = lineageOf(artifact.version_lineage, artifact.current_hash);
  const base = findMergeBase(ours, collectionLineage, (hash) => hash === projectHash || ctx.snapshots.has(hash));
  const pendingPaths = JSON.parse(row.pending_conflicts) as string[];
  const pending = ctx.db.pendingMerge(artifact.id, row.project) !== undefined;
  const newer = upstreamNewer(artifact, check);
  const { status, projectChanged, collectionChanged } = deploymentStatus({
    base,
    projectHash: projectHash ?? '',
    collectionHash: artifact.current_hash,
    pending,
    upstreamNewer: newer,
  });
  const deployedManifest = ctx.snapshots.manifest(row.deployed_hash);
  if (deployedManifest === undefined && tree !== null)
    warnings.push(
      'the deployed version has no stored files (an adopted record): per-file detail compares with the collection',
    );
  const baseManifest =
    base === null ? undefined : base === projectHash && tree ? manifestOf(tree) : ctx.snapshots.manifest(base);
  const collectionManifest = ctx.snapshots.manifest(artifact.current_hash) ?? [];
  const files = fileDetail(
    tree === null ? [] : manifestOf(tree),
    deployedManifest ?? baseManifest ?? collectionManifest,
    collectionManifest,
    baseManifest ?? collectionManifest,
  );
  let wouldConflict: boolean | null = null;
  if (status === 'diverged' && collectionChanged && base !== null && tree !== null) {
    wouldConflict =
      planMerge({
        base: base === projectHash ? tree : ctx.snapshots.read(base),
        ours: tree,
        theirs: ctx.snapshots.read(artifact.current_hash),
        strategy: 'prompt',
        labels: { ours: 'project', theirs: 'collection' },
      }).conflicts.length > 0;
  }
  return {
    artifact_id: artifact.id,
    name: artifact.name,
    kind: artifact.kind,
    project: row.project,
    location: projectLocation(row.project, artifact.kind, artifact.name),
    status,
    hashes: { project: projectHash, deployed: row.deployed_hash, collection: artifact.current_hash, base },
    changed: { project: projectChanged, collection: collectionChanged, upstream: check?.sha ? newer : null },
    upstream:
      artifact.upstream_url === null
        ? null
        : {
            pin: artifact.upstream_pin,
            ref: artifact.upstream_ref,
            version: artifact.upstream_version,
            sha: artifact.upstream_sha,
            latest_sha: check?.sha ?? null,
            checked_at: check?.checked_at ?? null,
          },
    would_conflict: wouldConflict,
    files,
    pending_conflicts: pending ? pendingPaths : [],
    recommendation: recommend(status, missing, collectionChanged),
    warnings,
  };
}

function recommend(status: SyncStatus, missing: boolean, collectionChanged: boolean): Recommendation {
  if (missing && status !== 'conflict') return 'redeploy';
  switch (status) {
    case 'conflict':
      return 'resolve';
    case 'diverged':
      return 'merge';
    case 'modified':
      return 'sync-project';
    case 'outdated':
      return collectionChanged ? 'update' : 'sync-upstream';
    default:
      return 'none';
  }
}

/** Per file: how the project differs from its deployed version, and the collection from the shared base. */
function fileDetail(
  project: readonly ManifestEntry[],
  deployed: readonly ManifestEntry[],
  collection: readonly ManifestEntry[],
  base: readonly ManifestEntry[],
): DriftFileDto[] {
  const index = (manifest: readonly ManifestEntry[]) => new Map(manifest.map((entry) => [entry.path, entry]));
  const [p, d, c, b] = [index(project), index(deployed), index(collection), index(base)];
  const change = (
    now: Map<string, ManifestEntry>,
    before: Map<string, ManifestEntry>,
    path: string,
  ): DriftFileDto['project'] => {
    const [x, y] = [now.get(path), before.get(path)];
    if (x === undefined) return y === undefined ? 'unchanged' : 'deleted';
    if (y === undefined) return 'added';
    return x.sha256 === y.sha256 && x.mode === y.mode ? 'unchanged' : 'modified';
  };
  const paths = [...new Set([...p.keys(), ...d.keys(), ...c.keys(), ...b.keys()])].sort();
  return paths.map((path) => ({ path, project: change(p, d, path), collection: change(c, b, path) }));
}
