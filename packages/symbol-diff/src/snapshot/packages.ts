import { posix } from 'node:path';
import { yaml } from '../lazy-modules.js';
import { matchesGlobs } from './glob.js';
import { compareText, joinPath } from './paths.js';

/** One way in: the specifier a dependent writes and the file it reaches. */
export interface EntryPoint {
  /** `@acme/core`, `@acme/core/validators`. */
  specifier: string;
  /** What package.json names, e.g. `./dist/index.js`. */
  target: string;
  /** The source file it was mapped to (package-relative), when one was found. */
  file?: string;
}

export interface PackageLayout {
  name: string;
  version?: string;
  /** Directory relative to the snapshot root ('' for the root package). */
  dir: string;
  entries: EntryPoint[];
  /** Published directories and the source directories they are built from (`dist` ← `src`). */
  sourceDirs: Array<{ out: string; src: string }>;
  /** No `exports` map: dependents may import any file by its path. */
  deepImports: boolean;
}

/** Config files a snapshot reads besides sources. */
export function isLayoutFile(path: string): boolean {
  const base = posix.basename(path);
  return (
    base === 'package.json' ||
    (base.startsWith('tsconfig') && base.endsWith('.json')) ||
    base === 'pnpm-workspace.yaml' ||
    base === 'lerna.json'
  );
}

type Json = Record<string, unknown>;

export function parseJsonLoose(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    // tsconfig files allow comments and trailing commas.
    try {
      const stripped = text
        .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, string: string | undefined) => string ?? '')
        .replace(/,(\s*[}\]])/g, '$1');
      return JSON.parse(stripped) as Json;
    } catch {
      return undefined;
    }
  }
}

/**
 * The packages of a tree: the workspace members named by `workspaces` (package.json),
 * `pnpm-workspace.yaml` or `lerna.json`, else the root package; a tree without any
 * package.json is one package named after `fallbackName`.
 */
export function discoverPackages(
  paths: readonly string[],
  readText: (path: string) => string | undefined,
  fallbackName: string,
): PackageLayout[] {
  const manifests = paths.filter((path) => posix.basename(path) === 'package.json' && !path.includes('node_modules/'));
  const root = manifests.includes('package.json') ? parseJsonLoose(readText('package.json') ?? '') : undefined;
  const globs = workspaceGlobs(root, readText);
  const dirs = new Set<string>();
  if (globs.length > 0) {
    for (const manifest of manifests) {
      const dir = posix.dirname(manifest);
      if (dir !== '.' && matchesGlobs(dir, globs)) dirs.add(dir);
    }
  }
  if (dirs.size === 0 && root) dirs.add('');
  const layouts: PackageLayout[] = [];
  for (const dir of [...dirs].sort(compareText)) {
    const manifest = parseJsonLoose(readText(joinPath(dir, 'package.json')) ?? '');
    if (!manifest || typeof manifest.name !== 'string') continue;
    layouts.push(packageLayout(dir, manifest, paths, readText));
  }
  if (layouts.length === 0 && !root) {
    layouts.push(packageLayout('', { name: fallbackName }, paths, readText));
  }
  return layouts;
}

function workspaceGlobs(root: Json | undefined, readText: (path: string) => string | undefined): string[] {
  const fromRoot = root?.workspaces;
  if (Array.isArray(fromRoot)) return fromRoot.filter((g): g is string => typeof g === 'string');
  if (fromRoot && typeof fromRoot === 'object' && Array.isArray((fromRoot as Json).packages)) {
    return ((fromRoot as Json).packages as unknown[]).filter((g): g is string => typeof g === 'string');
  }
  const pnpm = readText('pnpm-workspace.yaml');
  if (pnpm) {
    try {
      const packages = (yaml().parse(pnpm) as Json | null)?.packages;
      if (Array.isArray(packages)) return packages.filter((g): g is string => typeof g === 'string');
    } catch {
      // An unreadable workspace file: fall back to the root package.
    }
  }
  const lerna = parseJsonLoose(readText('lerna.json') ?? '');
  if (Array.isArray(lerna?.packages))
    return (lerna.packages as unknown[]).filter((g): g is string => typeof g === 'string');
  return [];
}

function packageLayout(
  dir: string,
  manifest: Json,
  paths: readonly string[],
  readText: (path: string) => string | undefined,
): PackageLayout {
  const name = manifest.name as string;
  const layout: PackageLayout = {
    name,
    dir,
    entries: [],
    sourceDirs: sourceDirs(dir, paths, readText),
    deepImports: manifest.exports === undefined,
  };
  if (typeof manifest.version === 'string') layout.version = manifest.version;
  for (const [subpath, target] of exportTargets(manifest)) {
    layout.entries.push({ specifier: subpath === '.' ? name : `${name}/${subpath.slice(2)}`, target });
  }
  return layout;
}

/** The subpaths a package exposes and the file each names, preferring type declarations. */
export function exportTargets(manifest: Json): Array<[string, string]> {
  const exportsField = manifest.exports;
  if (exportsField === undefined || exportsField === null) {
    const target = [manifest.types, manifest.typings, manifest.module, manifest.main].find(
      (value): value is string => typeof value === 'string',
    );
    return [['.', target ?? './index.js']];
  }
  const subpaths =
    typeof exportsField === 'object' &&
    !Array.isArray(exportsField) &&
    Object.keys(exportsField).some((k) => k.startsWith('.'))
      ? (exportsField as Json)
      : { '.': exportsField };
  const targets: Array<[string, string]> = [];
  for (const [subpath, value] of Object.entries(subpaths)) {
    if (!subpath.startsWith('.') || subpath.endsWith('/package.json')) continue;
    const target = pickCondition(value);
    if (target) targets.push([subpath, target]);
  }
  return targets;
}

const CONDITION_ORDER = ['types', 'typings', 'import', 'module', 'default', 'require', 'node', 'browser'];

function pickCondition(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const picked = pickCondition(item);
      if (picked) return picked;
    }
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const conditions = value as Json;
  const keys = [...CONDITION_ORDER.filter((key) => key in conditions), ...Object.keys(conditions)];
  for (const key of keys) {
    const picked = pickCondition(conditions[key]);
    if (picked) return picked;
  }
  return undefined;
}

const OUTPUT_DIRS = [
  'dist/esm',
  'dist/cjs',
  'dist/types',
  'dist/src',
  'dist',
  'build',
  'lib/esm',
  'lib/cjs',
  'lib',
  'out',
  'esm',
  'cjs',
  'es',
  'types',
];

/** Where built files come from: tsconfig's outDir/declarationDir → rootDir, then the usual layouts. */
function sourceDirs(
  dir: string,
  paths: readonly string[],
  readText: (path: string) => string | undefined,
): Array<{ out: string; src: string }> {
  const mappings: Array<{ out: string; src: string }> = [];
  const tsconfigs = paths
    .filter((path) => posix.dirname(path) === (dir || '.') && /^tsconfig.*\.json$/.test(posix.basename(path)))
    .sort(compareText);
  for (const path of tsconfigs) {
    const options = parseJsonLoose(readText(path) ?? '')?.compilerOptions as Json | undefined;
    const src = typeof options?.rootDir === 'string' ? clean(options.rootDir) : 'src';
    for (const key of ['declarationDir', 'outDir']) {
      if (typeof options?.[key] === 'string') mappings.push({ out: clean(options[key] as string), src });
    }
  }
  for (const out of OUTPUT_DIRS) mappings.push({ out, src: 'src' }, { out, src: '' });
  const seen = new Set<string>();
  return mappings.filter((m) => {
    const key = `${m.out}\0${m.src}`;
    if (seen.has(key) || m.out === m.src) return false;
    seen.add(key);
    return true;
  });
}

function clean(path: string): string {
  return posix.normalize(path).replace(/^\.\//, '').replace(/\/$/, '').replace(/^\.$/, '');
}

const EXTENSION_SWAPS: Array<[RegExp, string[]]> = [
  [/\.d\.ts$/, ['.ts', '.tsx', '.d.ts', '.js']],
  [/\.d\.mts$/, ['.mts', '.ts', '.d.mts']],
  [/\.d\.cts$/, ['.cts', '.ts', '.d.cts']],
  [/\.js$/, ['.ts', '.tsx', '.d.ts', '.js', '.jsx']],
  [/\.mjs$/, ['.mts', '.ts', '.d.mts', '.mjs', '.js']],
  [/\.cjs$/, ['.cts', '.ts', '.d.cts', '.cjs', '.js']],
  [/\.[mc]?tsx?$/, ['']],
];

/**
 * Source files a published path may come from, most likely first: the path itself, then
 * the path with each known output directory swapped for its source directory, each with
 * source extensions in place of built ones. A `*` in the path is kept (subpath patterns).
 */
export function sourceCandidates(target: string, mappings: ReadonlyArray<{ out: string; src: string }>): string[] {
  const path = clean(target);
  const bases = [path];
  for (const { out, src } of mappings) {
    if (path.startsWith(`${out}/`)) bases.push(joinPath(src, path.slice(out.length + 1)));
  }
  // Nested build directories (`build/modern/index.d.ts`): drop leading segments one by one.
  const segments = path.split('/');
  for (let drop = 1; drop < segments.length; drop++) {
    const rest = segments.slice(drop).join('/');
    bases.push(`src/${rest}`, rest);
  }
  const candidates: string[] = [];
  for (const base of bases) {
    const swap = EXTENSION_SWAPS.find(([pattern]) => pattern.test(base));
    if (swap) {
      const stem = base.replace(swap[0], '');
      for (const extension of swap[1]) candidates.push(extension === '' ? base : stem + extension);
    } else {
      for (const extension of ['.ts', '.tsx', '.d.ts', '.js', '/index.ts', '/index.tsx', '/index.d.ts', '/index.js']) {
        candidates.push(base + extension);
      }
    }
  }
  return [...new Set(candidates)];
}
