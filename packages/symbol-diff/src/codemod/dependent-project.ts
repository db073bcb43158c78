import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Project } from 'ts-morph';
import type { TS } from '../analysis/typescript.js';
import { targetNotAPackage, targetNotFound } from '../errors.js';

/** A dependent package opened for analysis: its own source files, type-checked against what it has installed. */
export interface DependentProject {
  dir: string;
  ts: typeof TS;
  project: Project;
  checker: TS.TypeChecker;
  /** The dependent's own files (not node_modules, not declarations), by path. */
  files: TS.SourceFile[];
  /** Where each core package is installed, as the compiler sees it (real paths). */
  coreRoots: Map<string, string>;
  manifest: Record<string, unknown>;
}

/** Validates a dependent's directory and reads its package.json, before anything is loaded. */
export function readDependentManifest(dir: string): { dir: string; manifest: Record<string, unknown> } {
  const absolute = resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw targetNotFound(dir);
  const packageJson = join(absolute, 'package.json');
  if (!existsSync(packageJson)) throw targetNotAPackage(dir);
  try {
    return { dir: realpathSync(absolute), manifest: JSON.parse(readFileSync(packageJson, 'utf8')) };
  } catch {
    throw targetNotAPackage(dir);
  }
}

/** Every package name the dependent declares, in any dependency field. */
export function declaredDependencies(manifest: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = manifest[field];
    if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
  }
  return names;
}

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/**
 * Opens the dependent with ts-morph (loaded here, on first use): through its tsconfig.json
 * when it has one, else every source file under it with JavaScript allowed. The type
 * checker is what tells `x.validate()` on a core class from a method of the same name
 * elsewhere.
 */
export async function openDependent(dir: string, corePackages: readonly string[]): Promise<DependentProject> {
  const { dir: root, manifest } = readDependentManifest(dir);
  const morph = await import('ts-morph');
  const ts = morph.ts;
  const tsconfig = join(root, 'tsconfig.json');
  const project = existsSync(tsconfig)
    ? new morph.Project({ tsConfigFilePath: tsconfig })
    : new morph.Project({
        compilerOptions: {
          allowJs: true,
          checkJs: false,
          jsx: ts.JsxEmit.Preserve,
          module: ts.ModuleKind.ESNext,
          moduleResolution: ts.ModuleResolutionKind.Bundler,
          target: ts.ScriptTarget.ES2022,
          skipLibCheck: true,
          noEmit: true,
        },
      });
  if (!existsSync(tsconfig)) {
    project.addSourceFilesAtPaths([
      join(root, SOURCE_GLOB),
      `!${join(root, '**/node_modules/**')}`,
      `!${join(root, '**/dist/**')}`,
    ]);
  }
  const files = project
    .getSourceFiles()
    .map((file) => file.compilerNode)
    .filter(
      (sf) => !sf.isDeclarationFile && sf.fileName.startsWith(`${root}/`) && !sf.fileName.includes('/node_modules/'),
    )
    .sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
  const checker = project.getTypeChecker().compilerObject;
  return { dir: root, ts, project, checker, files, coreRoots: locateCorePackages(root, corePackages), manifest };
}

/** The installed version of each core package (`null`: not installed where the dependent finds it). */
export function installedVersions(dependent: DependentProject, names: readonly string[]): Map<string, string | null> {
  const versions = new Map<string, string | null>();
  for (const name of names) {
    const root = dependent.coreRoots.get(name);
    let version: string | null = null;
    if (root) {
      try {
        const found = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version;
        version = typeof found === 'string' ? found : null;
      } catch {
        // An unreadable package.json: as good as not installed.
      }
    }
    versions.set(name, version);
  }
  return versions;
}

/** Node's lookup: `node_modules/<name>` in the directory or any parent, resolved through links. */
function locateCorePackages(dir: string, names: readonly string[]): Map<string, string> {
  const roots = new Map<string, string>();
  for (const name of names) {
    for (let current = dir; ; current = dirname(current)) {
      const candidate = join(current, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        roots.set(name, realpathSync(candidate));
        break;
      }
      if (dirname(current) === current) break;
    }
  }
  return roots;
}
