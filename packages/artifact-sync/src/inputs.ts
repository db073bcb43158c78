import type { ProgressEvent, Resolution, Strategy } from './dto.js';
import type { ArtifactKind } from './kinds.js';
import type { UpstreamSource } from './source.js';

/** The inputs of SyncService's methods: plain objects, so an HTTP body or CLI flags map onto them directly. */

/** What every operation accepts besides its own inputs. */
export interface OperationInput {
  /** A W3C `traceparent` to continue the caller's trace (an HTTP request's header). */
  traceparent?: string;
  /** Progress of long work, for a spinner or bar. */
  onProgress?: (event: ProgressEvent) => void;
  /** Stops long work: network commands are killed, bulk runs start no new item. */
  signal?: AbortSignal;
}

export interface ArtifactInput extends OperationInput {
  /** `kind:name`, or a name only one kind has. */
  artifact: string;
}

export interface MergeInput extends ArtifactInput {
  /** `auto`: merge, stop on conflict; `overwrite`: take incoming (the replaced version kept first); `prompt` (default): leave conflicts to resolve. */
  strategy?: Strategy;
  /** Write the result; default false: a dry run that returns the plan and writes nothing. */
  apply?: boolean;
  /** Default true; false: a merge of changes made on both sides stops before writing (`AUTO_MERGE_DISABLED`, exit 4). */
  auto_merge?: boolean;
}

export interface AddInput extends OperationInput {
  /** `REPO#PATH[@REF]`, or its parts. */
  source: string | UpstreamSource;
  name?: string;
  kind?: ArtifactKind | string;
}

export interface DeployInput extends ArtifactInput {
  project: string;
  /** `overwrite` replaces different content already at the artifact's place (kept as a version first). */
  strategy?: Strategy;
  /** Default true. */
  apply?: boolean;
}

export interface UpdateInput extends MergeInput {
  project: string;
}

export interface SyncInput extends MergeInput {
  /** `upstream`: upstream → collection; `project`: project → collection; `both`: upstream → collection, then project and collection merged so both end the same. */
  direction: 'upstream' | 'project' | 'both';
  project?: string;
  /** For `upstream`: move the artifact's pin to this tag, commit or branch. */
  ref?: string;
}

export interface UpdateAllInput extends OperationInput {
  project: string;
  strategy?: Strategy;
  apply?: boolean;
  auto_merge?: boolean;
  concurrency?: number;
}

export interface SyncAllInput extends OperationInput {
  /** Default: every artifact with an upstream. */
  artifacts?: string[];
  strategy?: Strategy;
  apply?: boolean;
  auto_merge?: boolean;
  concurrency?: number;
}

export interface DriftInput extends OperationInput {
  /** One project; default every project the collection deploys to. */
  project?: string;
  /** Ask the upstreams first (`git ls-remote`); the only write is the upstream-check cache. */
  check_upstream?: boolean;
}

export interface TierInput extends ArtifactInput {
  /** A deployment's project; absent: the collection's own version. */
  project?: string;
}

export interface ResolveInput extends TierInput {
  file: string;
  resolution: Resolution;
  /** The resolved content, for `custom`. */
  content?: string | Uint8Array;
}

export interface RollbackInput extends TierInput {
  /** A hash of the tier's lineage, or a unique prefix of one. */
  to: string;
  /** Default true; false returns the plan (what would change) and writes nothing. */
  apply?: boolean;
}
