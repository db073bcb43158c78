import { LineageError, UsageError } from '@lineage/errors';
import type { ServiceContext } from './context.js';
import { driftEntry } from './drift.js';
import type { ArtifactDetailDto, ArtifactDto, VersionDto } from './dto.js';
import { insertVersion, recordEvent, versionOf } from './heads.js';
import { type ArtifactKind, artifactId, isSingleFile, singleFileName, validateArtifactName } from './kinds.js';
import { readProjectArtifact } from './project.js';
import type { ProjectRecords } from './records.js';
import { adoptedDeployment } from './records.js';
import { defaultName, formatSource, inferKind, type UpstreamSource } from './source.js';
import { type ArtifactRow, COLLECTION_TIER } from './store.js';
import type { Operation } from './telemetry.js';
import type { ArtifactTree } from './tree.js';
import { artifactDto, deploymentDto, versionDto } from './views.js';

export interface AddedArtifact {
  artifact: ArtifactDto;
  version: VersionDto;
  files: { path: string; size: number; mode: string }[];
}

/**
 * Adds an artifact from its upstream: the ref is resolved, the commit fetched, the path
 * checked (kind inferred from its layout when not given) and its first version recorded —
 * the root of its lineage, origin `deployment`.
 */
export async function addArtifact(
  ctx: ServiceContext,
  op: Operation,
  source: UpstreamSource,
  options: {
    name?: string;
    kind?: ArtifactKind;
    signal?: AbortSignal;
    onPhase?: (phase: 'resolve' | 'fetch', message: string) => void;
  },
): Promise<AddedArtifact> {
  if (options.name !== undefined) validateArtifactName(options.name);
  options.onPhase?.('resolve', `resolving ${source.ref ?? 'the default branch'} of ${source.url}`);
  const call = { ...(options.signal ? { signal: options.signal } : {}), onRetry: op.retried };
  const { resolved, inspected } = await op.span('fetch', { 'artifact_sync.url': source.url }, async () => {
    const resolved = (await ctx.upstream.resolve(source.url, [source.ref], call)).get(source.ref);
    if (!resolved) throw new LineageError('UPSTREAM_FAILED', `could not resolve ${formatSource(source)}`);
    options.onPhase?.('fetch', `reading ${formatSource(source)} at ${resolved.sha.slice(0, 12)}`);
    return {
      resolved,
      inspected: await ctx.upstream.read(source.url, resolved, source.path, 'inspect', call),
    };
  });
  const kind =
    options.kind ?? inferKind(source, { directory: inspected.directory, hasSkillFile: inspected.tree.has('SKILL.md') });
  const name = validateArtifactName(options.name ?? defaultName(source));
  const tree = artifactTree(kind, name, inspected, source);
  const id = artifactId(kind, name);
  return ctx.locks.artifact(id, `add ${id}`, async () => {
    if (ctx.db.artifact(id)) {
      throw new UsageError('ARTIFACT_EXISTS', `the collection already has ${id}`, {
        hint: 'pick another --name, or update it with `skillmeat-sync sync ARTIFACT --direction upstream`',
      });
    }
    const { hash, manifest } = await ctx.snapshots.putBlobs(tree);
    const now = ctx.now();
    const row: ArtifactRow = {
      id,
      name,
      kind,
      upstream_url: source.url,
      upstream_path: source.path,
      upstream_ref: source.ref,
      upstream_pin: resolved.pin,
      upstream_sha: resolved.sha,
      upstream_version: resolved.version,
      upstream_hash: hash,
      current_hash: hash,
      version_lineage: JSON.stringify([hash]),
      created_at: now,
      updated_at: now,
    };
    ctx.db.transaction(() => {
      ctx.snapshots.record(hash, manifest);
      ctx.db.insertArtifact(row);
      insertVersion(
        ctx,
        id,
        {
          hash,
          tree,
          parent: null,
          origin: 'deployment',
          lineage: [hash],
          metadata: { source: formatSource(source), upstream_sha: resolved.sha },
        },
        now,
      );
      recordEvent(
        ctx,
        op,
        {
          artifact: id,
          project: COLLECTION_TIER,
          action: 'add',
          hash: hash,
          parent: null,
          origin: 'deployment',
          upstream: { ref: source.ref, sha: resolved.sha, version: resolved.version },
        },
        now,
      );
    });
    return {
      artifact: artifactDto(ctx, row),
      version: versionOf(ctx, id, hash) as VersionDto,
      files: manifest.map(({ path, size, mode }) => ({ path, size, mode })),
    };
  });
}

/** A file artifact is stored as a one-file tree under `<name>.md`, whatever its upstream file is called. */
function artifactTree(
  kind: ArtifactKind,
  name: string,
  inspected: { tree: ArtifactTree; directory: boolean },
  source: UpstreamSource,
): ArtifactTree {
  const origin = formatSource(source);
  if (isSingleFile(kind) === inspected.directory) {
    throw new UsageError(
      'ARTIFACT_SHAPE_MISMATCH',
      `${origin} is a ${inspected.directory ? 'directory' : 'file'}, but a ${kind} is ${inspected.directory ? 'one .md file' : 'a directory'}`,
      {
        hint: 'check the path and --kind: skills and MCP servers are directories; commands, agents and hooks are .md files',
      },
    );
  }
  if (!isSingleFile(kind)) return inspected.tree;
  const [file] = [...inspected.tree.values()];
  if (!file || file.mode === 'symlink' || !source.path.endsWith('.md')) {
    throw new UsageError('ARTIFACT_NOT_MARKDOWN', `${origin} is not a Markdown file; a ${kind} is one .md file`, {
      hint: 'point at the .md file of the command, agent or hook',
    });
  }
  return new Map([[singleFileName(name), file]]);
}

export function showArtifact(ctx: ServiceContext, op: Operation, artifact: ArtifactRow): ArtifactDetailDto {
  return {
    artifact: artifactDto(ctx, artifact),
    versions: ctx.db.versions(artifact.id).map(versionDto),
    // The status as the project's files are now (a person may have edited them since the last write).
    deployments: ctx.db.deploymentsOf(artifact.id).map((row) => ({
      ...deploymentDto(row, artifact),
      sync_status: driftEntry(ctx, row, artifact, ctx.db.upstreamCheck(artifact.id)).status,
    })),
    files: ctx.snapshots.manifest(artifact.current_hash) ?? [],
    trace_id: op.traceId,
    timing: op.timing(),
    warnings: [],
  };
}

/**
 * Removes an artifact from the collection (its versions and history go with it; stored file
 * contents stay, other versions may share them). Deployments are never orphaned silently:
 * they must be listed and confirmed with `force`, and their files stay in the projects.
 */
export function removeArtifact(
  ctx: ServiceContext,
  artifact: ArtifactRow,
  force: boolean,
): { removed: string; deployments: string[] } {
  const deployments = ctx.db.deploymentsOf(artifact.id).map((row) => row.project);
  if (deployments.length > 0 && !force) {
    throw new UsageError(
      'ARTIFACT_DEPLOYED',
      `${artifact.id} is deployed in ${deployments.length} project(s): ${deployments.join(', ')}`,
      {
        hint: 'remove it anyway with force (the projects keep their files and records)',
        details: { deployments },
      },
    );
  }
  ctx.db.transaction(() => ctx.db.deleteArtifact(artifact.id));
  return { removed: artifact.id, deployments };
}

/**
 * Stores the project's records the database does not know yet (SkillMeat's, an older
 * version's, a teammate's), with their legacy defaults, and rewrites the record with its
 * lineage fields. The project's content is snapshotted when it is the recorded version.
 */
export async function adoptRecords(
  ctx: ServiceContext,
  op: Operation,
  records: ProjectRecords,
  project: string,
): Promise<{ adopted: string[]; skipped: string[] }> {
  const file = records.read(project);
  const adopted: string[] = [];
  const skipped: string[] = [];
  for (const record of file.records) {
    const id = artifactId(record.artifact_type, record.artifact_name);
    const artifact = ctx.db.artifact(id);
    if (!artifact) {
      skipped.push(id);
      continue;
    }
    if (ctx.db.deployment(project, id)) continue;
    await ctx.locks.artifact(id, `adopt ${id}`, async () => {
      const { row, currentHash } = adoptedDeployment(ctx, project, record, artifact);
      const stored =
        currentHash === row.deployed_hash
          ? await ctx.snapshots.putBlobs(readProjectArtifact(project, artifact.kind, artifact.name, ctx.limits).tree)
          : null;
      const now = ctx.now();
      ctx.db.transaction(() => {
        if (stored) ctx.snapshots.record(row.deployed_hash, stored.manifest);
        ctx.db.upsertDeployment(row);
        insertVersion(
          ctx,
          id,
          {
            hash: row.deployed_hash,
            tree: new Map(),
            parent: row.parent_hash,
            origin: 'deployment',
            lineage: JSON.parse(row.version_lineage as string),
            metadata: { adopted: true, legacy: record.legacy },
          },
          now,
        );
        recordEvent(
          ctx,
          op,
          {
            artifact: id,
            project: project,
            action: 'adopt',
            hash: row.deployed_hash,
            parent: row.parent_hash,
            origin: 'deployment',
            upstream: { ref: row.upstream_ref, sha: row.upstream_sha, version: row.upstream_version },
            metadata: { legacy: record.legacy, recorded_hash: record.content_hash },
          },
          now,
        );
      });
      adopted.push(id);
    });
  }
  if (adopted.length > 0) await records.write(project);
  return { adopted, skipped };
}
