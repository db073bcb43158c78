import { NotFoundError, quoteInput } from '@lineage/errors';
import type { CollectionPreview, Incoming } from './apply.js';
import type { ServiceContext } from './context.js';
import type { Target } from './heads.js';
import { readProjectArtifact } from './project.js';
import { type ArtifactRow, COLLECTION_TIER, type DeploymentRow } from './store.js';
import { hashTree } from './tree.js';
import { lineageOf } from './views.js';

/**
 * The collection as a target: its content is its current version (it has no working files),
 * or the version `preview` says an earlier planned step would make.
 */
export function collectionTarget(ctx: ServiceContext, artifact: ArtifactRow, preview?: CollectionPreview): Target {
  const { tree, hash, lineage } = preview ?? collectionVersion(ctx, artifact);
  return {
    tier: 'collection',
    project: COLLECTION_TIER,
    artifact,
    head: hash,
    lineage,
    current: tree,
    currentHash: hash,
  };
}

function collectionVersion(ctx: ServiceContext, artifact: ArtifactRow): CollectionPreview {
  return {
    tree: ctx.snapshots.read(artifact.current_hash),
    hash: artifact.current_hash,
    lineage: lineageOf(artifact.version_lineage, artifact.current_hash),
  };
}

export function requireDeployment(ctx: ServiceContext, artifact: ArtifactRow, project: string): DeploymentRow {
  const row = ctx.db.deployment(project, artifact.id);
  if (row) return row;
  throw new NotFoundError('DEPLOYMENT_NOT_FOUND', `${artifact.id} is not deployed in ${project}`, {
    hint: `deploy it first: \`skillmeat-sync deploy ${artifact.id} --project ${quoteInput(project)}\``,
    details: { artifact_id: artifact.id, project },
  });
}

/** A deployment as a target: what the project holds now, against what was last recorded there. */
export function projectTarget(ctx: ServiceContext, artifact: ArtifactRow, deployment: DeploymentRow): Target {
  const { tree } = readProjectArtifact(deployment.project, artifact.kind, artifact.name, ctx.limits);
  return {
    tier: 'project',
    project: deployment.project,
    artifact,
    head: deployment.deployed_hash,
    lineage: lineageOf(deployment.version_lineage, deployment.deployed_hash),
    current: tree,
    currentHash: hashTree(tree),
    deployment,
  };
}

/** The collection's current version (or the one `preview` says a planned step would make), arriving at a project. */
export function collectionIncoming(ctx: ServiceContext, artifact: ArtifactRow, preview?: CollectionPreview): Incoming {
  const { tree, hash, lineage } = preview ?? collectionVersion(ctx, artifact);
  return { tier: 'collection', tree, hash, lineage, versions: [], source: { tier: 'collection', hash } };
}

/**
 * A project's content, arriving at the collection. Edits made since the deployed version
 * become a `local_modification` version whose parent is the deployed one.
 */
export function projectIncoming(target: Target): Incoming {
  const edited = target.currentHash !== target.head;
  return {
    tier: 'project',
    tree: target.current,
    hash: target.currentHash,
    lineage: edited ? [...target.lineage, target.currentHash] : target.lineage,
    versions: edited
      ? [
          {
            hash: target.currentHash,
            tree: target.current,
            parent: target.head,
            origin: 'local_modification',
            lineage: [...target.lineage, target.currentHash],
            metadata: { detected: 'project-to-collection' },
          },
        ]
      : [],
    source: { tier: 'project', hash: target.currentHash },
  };
}

/** The collection's tier (`project` = ''), or a deployment's, as a target. */
export function tierTarget(ctx: ServiceContext, artifact: ArtifactRow, project: string): Target {
  return project === COLLECTION_TIER
    ? collectionTarget(ctx, artifact)
    : projectTarget(ctx, artifact, requireDeployment(ctx, artifact, project));
}
