import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { manifestNotFound, manifestUnreadable } from '../errors.js';
import { yaml } from '../lazy-modules.js';
import type { ChangeManifest } from './manifest.js';
import { OPERATION_KINDS, type Operation } from './operations.js';

export const MANIFEST_FILE = 'change_manifest.yaml';
export const REPORT_FILE = 'manifest_report.json';

/** Reads a manifest from its file or the directory holding it; validates it before anything uses it. */
export function readManifest(path: string): ChangeManifest {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, MANIFEST_FILE) : path;
  if (!existsSync(file)) throw manifestNotFound(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw manifestUnreadable(file, (cause as Error).message, cause);
  }
  return parseManifest(text, file);
}

type Json = Record<string, unknown>;

export function parseManifest(text: string, source = 'the manifest'): ChangeManifest {
  let data: unknown;
  try {
    data = yaml().parse(text);
  } catch (cause) {
    throw manifestUnreadable(source, `not YAML (${(cause as Error).message.split('\n')[0]})`, cause);
  }
  const fail = (problem: string): never => {
    throw manifestUnreadable(source, problem);
  };
  if (!data || typeof data !== 'object') fail('expected a mapping with manifest_version, from, to and operations');
  const manifest = data as Json;
  if (manifest.manifest_version !== 1)
    fail(`manifest_version is ${JSON.stringify(manifest.manifest_version)}, expected 1`);
  if (typeof manifest.from !== 'string' || typeof manifest.to !== 'string') fail('from and to must be refs (strings)');
  const core = manifest.core as Json | undefined;
  if (!core || !Array.isArray(core.packages)) fail('core.packages is missing');
  for (const pkg of (core?.packages ?? []) as Json[]) {
    if (!pkg || typeof pkg.name !== 'string') fail('every core package needs a name');
  }
  if (!Array.isArray(manifest.operations)) fail('operations must be a list');
  const ids = new Set<string>();
  (manifest.operations as Json[]).forEach((op, i) => {
    const where = `operation ${i + 1}`;
    if (!op || typeof op !== 'object') fail(`${where} is not a mapping`);
    if (typeof op.id !== 'string' || ids.has(op.id)) fail(`${where} needs a unique id`);
    ids.add(op.id as string);
    if (!OPERATION_KINDS.includes(op.kind as Operation['kind']))
      fail(`${where} has unknown kind ${JSON.stringify(op.kind)}`);
    if (typeof op.package !== 'string') fail(`${where} needs a package`);
    if (!op.match || typeof op.match !== 'object') fail(`${where} needs a match`);
    if (typeof op.confidence !== 'number' || op.confidence < 0 || op.confidence > 1)
      fail(`${where} needs a confidence in [0, 1]`);
  });
  return manifest as unknown as ChangeManifest;
}
