import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayering } from './layering.js';
import { checkPackageMetadata } from './package-metadata.js';
import { readWorkspace, type WorkspacePackage, workspaceRoot } from './workspace.js';

const workspace = readWorkspace();

function fake(
  name: string,
  layer: WorkspacePackage['layer'],
  dependencies: string[] = [],
  sourceImports = dependencies,
): WorkspacePackage {
  return {
    name,
    dir: `packages/${name}`,
    layer,
    private: false,
    manifest: {},
    dependencies,
    devDependencies: [],
    sourceImports,
  };
}

describe('the workspace', () => {
  it('contains the kernel packages and the three apps', () => {
    const names = workspace.map((pkg) => pkg.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '@lineage/errors',
        '@lineage/content-hash',
        '@lineage/sqlite-store',
        '@lineage/safe-fs',
        '@lineage/line-diff',
        '@lineage/atomic',
        '@lineage/skillmeat-sync',
        '@lineage/onx-manifest',
      ]),
    );
  });

  it('obeys the layering rule with no cycles', () => {
    expect(checkLayering(workspace)).toEqual([]);
  });

  it('gives every publishable package complete metadata', () => {
    expect(workspace.flatMap((pkg) => checkPackageMetadata(pkg, workspaceRoot))).toEqual([]);
  });

  it('keeps apps thin: at most 15% of the source lines live in apps', () => {
    const lines = (layer: (layer: string | undefined) => boolean) =>
      workspace
        .filter((pkg) => layer(pkg.layer))
        .reduce((sum, pkg) => sum + sourceLines(join(workspaceRoot, pkg.dir, 'src')), 0);
    const inApps = lines((layer) => layer === 'app');
    const inAll = lines((layer) => layer !== 'tooling');
    expect(inApps / inAll).toBeLessThanOrEqual(0.15);
  });
});

describe('checkLayering', () => {
  it('reports upward dependencies, runtime dependencies on apps, undeclared imports and cycles', () => {
    const problems = checkLayering([
      fake('@lineage/errors', 'kernel', ['@lineage/graph']),
      fake('@lineage/graph', 'domain', ['@lineage/errors']),
      fake('@lineage/app', 'app', [], ['@lineage/graph']),
      fake('@lineage/lib', 'domain', ['@lineage/app']),
      fake('@lineage/loose', undefined),
    ]);
    expect(problems).toEqual([
      '@lineage/errors (kernel) depends upward on @lineage/graph (domain)',
      '@lineage/app: src imports @lineage/graph without declaring it in "dependencies"',
      '@lineage/lib: depends at run time on app package @lineage/app',
      '@lineage/loose: no "lineage.layer" in package.json (one of kernel, domain, cli, app, tooling)',
      'dependency cycle: @lineage/errors → @lineage/graph → @lineage/errors',
    ]);
  });

  it('allows a domain library on a lower domain library', () => {
    expect(
      checkLayering([fake('@lineage/graph', 'domain'), fake('@lineage/tags', 'domain', ['@lineage/graph'])]),
    ).toEqual([]);
  });
});

function sourceLines(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .reduce((sum, entry) => sum + readFileSync(join(entry.parentPath, entry.name), 'utf8').split('\n').length, 0);
}
