import { existsSync } from 'node:fs';
import { isAbsolute, posix, resolve } from 'node:path';
import { quoteInput, UsageError } from '@lineage/errors';
import type { ArtifactKind } from './kinds.js';

/** Where an artifact comes from: a repository `git` can clone, a path inside it, and a ref. */
export interface UpstreamSource {
  /** A git URL, or an absolute local path. */
  url: string;
  /** POSIX path of the artifact inside the repository; `''` is the repository itself. */
  path: string;
  /** A tag, commit or branch; `null` tracks the remote's default branch. */
  ref: string | null;
}

const SOURCE_FORM = 'REPO#PATH[@REF], e.g. https://github.com/acme/skills.git#skills/code-review@v1.2.0';

/**
 * Parses `REPO#PATH[@REF]`. The repository part may itself hold `@` (`git@host:repo`), so the
 * path starts after the last `#` and the ref after the last `@` of the path. A repository
 * that is a local directory is made absolute, since git later runs from elsewhere.
 */
export function parseSource(text: string, cwd = process.cwd()): UpstreamSource {
  const hash = text.lastIndexOf('#');
  const repo = (hash === -1 ? text : text.slice(0, hash)).trim();
  let rest = hash === -1 ? '' : text.slice(hash + 1);
  let ref: string | null = null;
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    ref = rest.slice(at + 1);
    rest = rest.slice(0, at);
    validateRef(ref, text);
  }
  if (repo === '') {
    throw new UsageError('INVALID_SOURCE', `${quoteInput(text)} names no repository`, { hint: `write ${SOURCE_FORM}` });
  }
  const local = !/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) && !/^[^/]+@[^/]+:/.test(repo);
  const url = local && (isAbsolute(repo) || existsSync(resolve(cwd, repo))) ? resolve(cwd, repo) : repo;
  return { url, path: normalizeSourcePath(rest, text), ref };
}

/** The artifact's path inside its repository: relative, no `..`, no empty segments. */
export function normalizeSourcePath(path: string, whole = path): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  const segments = trimmed.split('/');
  if (
    trimmed.startsWith('/') ||
    segments.some((s) => s === '..' || s === '' || s === '.') ||
    /[\0\n\r\\]/.test(trimmed)
  ) {
    throw new UsageError('INVALID_SOURCE_PATH', `the path in ${quoteInput(whole)} must stay inside the repository`, {
      hint: `write a relative path without '..', e.g. ${SOURCE_FORM}`,
    });
  }
  return trimmed;
}

// The rules of git check-ref-format that matter for a name typed on a command line.
function validateRef(ref: string, whole: string): void {
  if (
    ref === '' ||
    ref.startsWith('-') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.lock') ||
    ref.includes('..') ||
    ref.includes('@{') ||
    /[\0-\x20\x7f~^:?*[\\]/.test(ref)
  ) {
    throw new UsageError('INVALID_SOURCE_REF', `${quoteInput(ref)} in ${quoteInput(whole)} is not a valid ref`, {
      hint: 'give a tag (v1.2.0), a commit (a1b2c3d) or a branch (main) after the last @',
    });
  }
}

/** The whole source as a person would type it again. */
export function formatSource(source: UpstreamSource): string {
  return `${source.url}${source.path === '' ? '' : `#${source.path}`}${source.ref === null ? '' : `@${source.ref}`}`;
}

/** What the upstream layout says the artifact is, when the caller did not say. */
export function inferKind(source: UpstreamSource, shape: { directory: boolean; hasSkillFile: boolean }): ArtifactKind {
  if (shape.directory) {
    if (shape.hasSkillFile) return 'skill';
    if (/(^|\/)(mcp|mcp-servers|mcps)(\/|$)/i.test(source.path)) return 'mcp';
  } else if (source.path.endsWith('.md')) {
    const parent = posix.basename(posix.dirname(source.path));
    const byParent: Record<string, ArtifactKind> = { commands: 'command', agents: 'agent', hooks: 'hook' };
    const kind = byParent[parent];
    if (kind) return kind;
  }
  throw new UsageError(
    'ARTIFACT_KIND_UNKNOWN',
    `cannot tell what kind of artifact ${quoteInput(formatSource(source))} is`,
    {
      hint: 'say it with --kind skill|command|agent|hook|mcp (a skill is a directory with SKILL.md; commands, agents and hooks are .md files)',
    },
  );
}

/** The name an artifact gets when none is given: its file or directory name, without `.md`. */
export function defaultName(source: UpstreamSource): string {
  const base =
    source.path === ''
      ? posix.basename(source.url.replace(/\/+$/, '').replace(/\.git$/, ''))
      : posix.basename(source.path);
  return base.replace(/\.md$/, '');
}
