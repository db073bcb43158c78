import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const LAYERS = ['kernel', 'domain', 'cli', 'app'] as const;
export type Layer = (typeof LAYERS)[number] | 'tooling';

export interface WorkspacePackage {
  name: string;
  dir: string;
  layer: Layer | undefined;
  private: boolean;
  manifest: Record<string, unknown>;
  dependencies: string[];
  devDependencies: string[];
  /** Workspace packages imported by non-test source files. */
  sourceImports: string[];
}

export const workspaceRoot = join(import.meta.dirname, '..', '..', '..');

export function readWorkspace(root = workspaceRoot): WorkspacePackage[] {
  const packages: WorkspacePackage[] = [];
  for (const group of ['packages', 'apps', 'tooling']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const dir = join(groupDir, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      const internal = (field: string) =>
        Object.keys((manifest[field] as Record<string, string>) ?? {}).filter((name) => name.startsWith('@lineage/'));
      packages.push({
        name: manifest.name as string,
        dir: relative(root, dir),
        layer: (manifest.lineage as { layer?: Layer } | undefined)?.layer,
        private: manifest.private === true,
        manifest,
        dependencies: internal('dependencies'),
        devDependencies: internal('devDependencies'),
        sourceImports: sourceImportsOf(join(dir, 'src')),
      });
    }
  }
  return packages;
}

function sourceImportsOf(srcDir: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(
          /(?:from|import)\s*\(?\s*['"](@lineage\/[a-z0-9-]+)/g,
        )) {
          found.add(match[1] as string);
        }
      }
    }
  };
  walk(srcDir);
  return [...found].sort();
}
