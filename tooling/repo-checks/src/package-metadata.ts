import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePackage } from './workspace.js';

/**
 * What every publishable package needs to be installed and trusted from npm: a README
 * with an example, one `exports` entry with types, `files`, `engines`, MIT licence and
 * the repository it comes from.
 */
export function checkPackageMetadata(pkg: WorkspacePackage, root: string): string[] {
  if (pkg.private) return [];
  const problems: string[] = [];
  const m = pkg.manifest as {
    exports?: Record<string, unknown>;
    files?: string[];
    engines?: { node?: string };
    license?: string;
    repository?: { directory?: string };
    type?: string;
  };
  const entry = m.exports?.['.'] as { types?: string; import?: string } | undefined;
  if (!entry?.types || !entry.import) problems.push('"exports" must map "." to { types, import }');
  if (m.exports && Object.keys(m.exports).some((key) => key !== '.' && key !== './package.json')) {
    problems.push('"exports" must have one public entry (".") besides "./package.json"');
  }
  if (!m.files?.includes('dist')) problems.push('"files" must list "dist"');
  if (m.engines?.node !== '>=20.19') problems.push('"engines.node" must be ">=20.19"');
  if (m.license !== 'MIT') problems.push('"license" must be "MIT"');
  if (m.type !== 'module') problems.push('"type" must be "module"');
  if (m.repository?.directory !== pkg.dir) problems.push(`"repository.directory" must be "${pkg.dir}"`);
  const readme = join(root, pkg.dir, 'README.md');
  if (!existsSync(readme)) problems.push('README.md is missing');
  else if (!/```(ts|sh|bash|js)/.test(readFileSync(readme, 'utf8')))
    problems.push('README.md has no runnable example (a ts or sh code block)');
  return problems.map((problem) => `${pkg.name}: ${problem}`);
}
