import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replaceDirectory } from '@lineage/safe-fs';
import { sha256Hex } from './analysis/tokens.js';
import { badOption, registryEntryNotFound, registryUriInvalid } from './errors.js';
import { semver } from './lazy-modules.js';
import { type ChangeManifest, manifestUri, registryKey } from './manifest/manifest.js';
import { MANIFEST_FILE, readManifest } from './manifest/read-manifest.js';

/**
 * The file-system registry of the seed: `<registry>/core_migrations/{from}_{to}/` holds a
 * generated manifest directory, addressed as `registry://core_migrations/{from}_{to}`.
 */
export const REGISTRY_AREA = 'core_migrations';
const URI = /^registry:\/\/core_migrations\/([^/]+)\/?$/;

export function isRegistryUri(reference: string): boolean {
  return reference.startsWith('registry://');
}

/** The directory a `registry://` URI names inside a registry. */
export function registryPath(uri: string, registry: string): string {
  const match = URI.exec(uri);
  if (!match) throw registryUriInvalid(uri);
  const dir = join(resolve(registry), REGISTRY_AREA, match[1] as string);
  if (!existsSync(join(dir, MANIFEST_FILE))) throw registryEntryNotFound(uri, registry);
  return dir;
}

/** A manifest by path (file or directory) or by registry URI. */
export function loadManifest(reference: string, registry?: string): ChangeManifest {
  if (!isRegistryUri(reference)) return readManifest(reference);
  if (!registry) throw badOption('registry', registry, 'the registry directory, to resolve a registry:// URI');
  return readManifest(registryPath(reference, registry));
}

/** The `core.migration.ready` event of the seed, printed as one JSON line for pipelines. */
export interface MigrationReadyEvent {
  event: 'core.migration.ready';
  uri: string;
  from: string;
  to: string;
  core: string[];
  manifest_sha256: string;
  operations: number;
}

export interface PublishResult {
  uri: string;
  dir: string;
  event: MigrationReadyEvent;
}

/**
 * Publishes a generated manifest directory into the registry, replacing an earlier
 * publication of the same pair in one directory swap (readers see the old or the new one).
 */
export async function publishManifest(manifestDir: string, registry: string): Promise<PublishResult> {
  const manifest = readManifest(manifestDir);
  const dir = join(resolve(registry), REGISTRY_AREA, registryKey(manifest.from, manifest.to));
  mkdirSync(join(resolve(registry), REGISTRY_AREA), { recursive: true });
  await replaceDirectory(dir, (staging) => {
    for (const entry of readdirSync(manifestDir))
      cpSync(join(manifestDir, entry), join(staging, entry), { recursive: true });
  });
  const uri = manifestUri(manifest);
  return {
    uri,
    dir,
    event: {
      event: 'core.migration.ready',
      uri,
      from: manifest.from,
      to: manifest.to,
      core: manifest.core.packages.map((p) => p.name),
      manifest_sha256: sha256Hex(readFileSync(join(dir, MANIFEST_FILE))),
      operations: manifest.operations.length,
    },
  };
}

export interface RegistryEntry {
  uri: string;
  dir: string;
  manifest: ChangeManifest;
}

/** Every manifest in the registry, oldest `from` first. */
export function listRegistry(registry: string): RegistryEntry[] {
  const area = join(resolve(registry), REGISTRY_AREA);
  if (!existsSync(area)) return [];
  const entries: RegistryEntry[] = [];
  for (const name of readdirSync(area).sort()) {
    const dir = join(area, name);
    if (name.startsWith('.') || !existsSync(join(dir, MANIFEST_FILE))) continue;
    const manifest = readManifest(dir);
    entries.push({ uri: manifestUri(manifest), dir, manifest });
  }
  return entries.sort(
    (a, b) => compareVersions(a.manifest.from, b.manifest.from) || compareVersions(a.manifest.to, b.manifest.to),
  );
}

/**
 * The registry's manifests whose two versions both fall in a range: npm's range syntax
 * (`>=0.9.0 <2.0.0`), commas accepted as in the seed (`>=0.9.0,<2.0.0`), tags read as
 * versions (`v1.0.0`).
 */
export function manifestsInRange(registry: string, range: string): RegistryEntry[] {
  const normalized = range.replace(/,/g, ' ').trim();
  if (!semver().validRange(normalized))
    throw badOption('core versions', range, 'a version range such as ">=0.9.0,<2.0.0"');
  const within = (ref: string) => {
    const version = semver().coerce(ref, { includePrerelease: true });
    return version !== null && semver().satisfies(version, normalized, { includePrerelease: true });
  };
  return listRegistry(registry).filter((entry) => within(entry.manifest.from) && within(entry.manifest.to));
}

function compareVersions(a: string, b: string): number {
  const left = semver().coerce(a);
  const right = semver().coerce(b);
  if (left && right) return semver().compare(left, right);
  return a < b ? -1 : a > b ? 1 : 0;
}
