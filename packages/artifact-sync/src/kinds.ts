import { join } from 'node:path';
import { NotFoundError, quoteInput, UsageError } from '@lineage/errors';

/** What a Claude Code extension is; it decides where a project keeps it and whether it is one file. */
export const ARTIFACT_KINDS = ['skill', 'command', 'agent', 'hook', 'mcp'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** Where a project keeps its artifacts, and the record of what was deployed there. */
export const PROJECT_ROOT = '.claude';
export const DEPLOYMENT_RECORD = '.skillmeat-deployed.toml';

const LAYOUT: Record<ArtifactKind, { directory: string; singleFile: boolean }> = {
  skill: { directory: 'skills', singleFile: false },
  command: { directory: 'commands', singleFile: true },
  agent: { directory: 'agents', singleFile: true },
  hook: { directory: 'hooks', singleFile: true },
  mcp: { directory: 'mcp', singleFile: false },
};

/** Commands, agents and hooks are one Markdown file; skills and MCP servers are directories. */
export function isSingleFile(kind: ArtifactKind): boolean {
  return LAYOUT[kind].singleFile;
}

/**
 * The one path inside a single-file artifact's tree: the file as a project holds it. Hashing
 * the file as a one-file tree under this name makes every tier hash it the same way.
 */
export function singleFileName(name: string): string {
  return `${name}.md`;
}

/** The artifact's place in a project: `.claude/skills/<name>` or `.claude/commands/<name>.md`. */
export function projectLocation(project: string, kind: ArtifactKind, name: string): string {
  const { directory, singleFile } = LAYOUT[kind];
  return join(project, PROJECT_ROOT, directory, singleFile ? singleFileName(name) : name);
}

export function deploymentRecordPath(project: string): string {
  return join(project, PROJECT_ROOT, DEPLOYMENT_RECORD);
}

/** The layout directory a kind deploys under (`skills`, `commands`, ...), for relative paths in records. */
export function kindDirectory(kind: ArtifactKind): string {
  return LAYOUT[kind].directory;
}

export function parseKind(text: string): ArtifactKind {
  if ((ARTIFACT_KINDS as readonly string[]).includes(text)) return text as ArtifactKind;
  throw new UsageError('INVALID_ARTIFACT_KIND', `unknown artifact kind ${quoteInput(text)}`, {
    hint: `use one of: ${ARTIFACT_KINDS.join(', ')}`,
  });
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_NAME_LENGTH = 100;

/**
 * An artifact's name becomes a file or directory name in every project, so it is held to a
 * portable subset: no separators, no leading dot, nothing a shell or Windows would misread.
 */
export function validateArtifactName(name: string): string {
  if (!NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH || name.endsWith('.') || name.includes('..')) {
    throw new UsageError('INVALID_ARTIFACT_NAME', `${quoteInput(name)} is not a valid artifact name`, {
      hint: `use letters, digits, '.', '_' and '-' (at most ${MAX_NAME_LENGTH}), starting with a letter or digit and without path separators, e.g. code-review`,
    });
  }
  return name;
}

/** Artifacts are identified as `kind:name`, so a skill and a command may share a name. */
export function artifactId(kind: ArtifactKind, name: string): string {
  return `${kind}:${name}`;
}

export function splitArtifactId(id: string): { kind: ArtifactKind; name: string } {
  const colon = id.indexOf(':');
  return { kind: parseKind(id.slice(0, colon)), name: id.slice(colon + 1) };
}

/**
 * Finds the one artifact a person meant: `kind:name` exactly, or a bare name when only one
 * kind has it. `ids` lists the collection's artifact ids.
 */
export function resolveArtifactRef(ref: string, ids: readonly string[]): string {
  const colon = ref.indexOf(':');
  if (colon !== -1) {
    const id = artifactId(parseKind(ref.slice(0, colon)), validateArtifactName(ref.slice(colon + 1)));
    if (ids.includes(id)) return id;
    throw artifactNotFound(ref);
  }
  validateArtifactName(ref);
  const matches = ids.filter((id) => id.slice(id.indexOf(':') + 1) === ref);
  if (matches.length === 1) return matches[0] as string;
  if (matches.length === 0) throw artifactNotFound(ref);
  throw new UsageError('ARTIFACT_AMBIGUOUS', `${quoteInput(ref)} names several artifacts: ${matches.join(', ')}`, {
    hint: `say which one with kind:name, e.g. ${matches[0]}`,
    details: { candidates: matches },
  });
}

export function artifactNotFound(ref: string): NotFoundError {
  return new NotFoundError('ARTIFACT_NOT_FOUND', `no artifact ${quoteInput(ref)} in the collection`, {
    hint: 'list the collection with `skillmeat-sync list`, or add it with `skillmeat-sync add REPO#PATH`',
  });
}
