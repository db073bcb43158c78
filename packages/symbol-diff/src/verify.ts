import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { apply } from './apply.js';
import { readDependentManifest } from './codemod/dependent-project.js';
import type { DependentVerifier } from './generate.js';
import { GitSource } from './git-source.js';
import type { ChangeManifest } from './manifest/manifest.js';
import type { VerificationResult } from './manifest/report.js';

export interface VerifyOptions {
  /** The core repository the manifest was generated from (its `from` and `to` commits are installed from it). */
  corePath: string;
  /** The core's directory inside the repository, as given to generate. */
  subdir?: string;
  /** Dependent package directories; none is modified. */
  dependents: readonly string[];
  /** Run in each migrated copy after the type-check (e.g. `npm test`); a non-zero exit fails it. */
  verifyCommand?: string;
}

const MAX_ERRORS = 20;

/**
 * Step 7, verify codemods: each dependent is copied to a temporary directory with the core's
 * `from` version installed, the manifest applied there (its diff becomes the preview
 * patch), the core's `to` version installed in its place, and the copy type-checked — and
 * the verify command run, when there is one. The dependents themselves are never written.
 */
export function dependentVerifier(options: VerifyOptions): DependentVerifier {
  return async (manifest, onProgress) => {
    const source = GitSource.open(options.corePath, options.subdir);
    const results: VerificationResult[] = [];
    for (const [i, dependent] of options.dependents.entries()) {
      onProgress(i, options.dependents.length, dependent);
      results.push(await verifyOne(source, manifest, dependent, options.verifyCommand));
    }
    onProgress(options.dependents.length, options.dependents.length, '');
    return results;
  };
}

async function verifyOne(
  source: GitSource,
  manifest: ChangeManifest,
  dependent: string,
  verifyCommand: string | undefined,
): Promise<VerificationResult> {
  const { dir, manifest: packageJson } = readDependentManifest(dependent);
  const name = String(packageJson.name ?? basename(dir));
  const work = mkdtempSync(join(tmpdir(), 'symbol-diff-verify-'));
  try {
    const copy = join(work, 'dependent');
    cpSync(dir, copy, {
      recursive: true,
      filter: (path) => !['node_modules', '.git', '.lineage'].includes(basename(path)) || path === dir,
    });
    linkDependencies(dir, copy, new Set(manifest.core.packages.map((p) => p.name)));
    installCore(source, manifest, manifest.commits.from, copy);
    const applied = await apply({ manifest, target: copy, checkpointDir: join(work, 'checkpoint') });
    installCore(source, manifest, manifest.commits.to, copy);
    const result: VerificationResult = {
      dependent: name,
      changed: applied.changes.length,
      typecheck: await typecheck(copy),
      ...(applied.diff ? { patch: applied.diff } : {}),
    };
    if (verifyCommand) {
      const run = spawnSync('sh', ['-c', verifyCommand], { cwd: copy, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      result.command = {
        command: verifyCommand,
        ok: run.status === 0,
        exitCode: run.status ?? -1,
        output: `${run.stdout ?? ''}${run.stderr ?? ''}`.slice(-4000),
      };
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The copy sees the dependent's installed packages (linked, not copied), except the core's. */
function linkDependencies(from: string, to: string, core: ReadonlySet<string>): void {
  const modules = join(from, 'node_modules');
  mkdirSync(join(to, 'node_modules'), { recursive: true });
  if (!existsSync(modules)) return;
  for (const entry of readdirSync(modules)) {
    const names = entry.startsWith('@')
      ? readdirSync(join(modules, entry)).map((inner) => `${entry}/${inner}`)
      : [entry];
    for (const pkg of names) {
      if (core.has(pkg) || pkg.startsWith('.')) continue;
      mkdirSync(dirname(join(to, 'node_modules', pkg)), { recursive: true });
      symlinkSync(realpathSync(join(modules, pkg)), join(to, 'node_modules', pkg));
    }
  }
}

/** Writes each core package as it was at a commit into the copy's node_modules. */
function installCore(source: GitSource, manifest: ChangeManifest, commit: string, copy: string): void {
  const files = source.listFiles(commit);
  for (const pkg of manifest.core.packages) {
    const target = join(copy, 'node_modules', pkg.name);
    rmSync(target, { recursive: true, force: true });
    const prefix = pkg.dir === '.' ? '' : `${pkg.dir}/`;
    const inside = files.filter((f) => f.path.startsWith(prefix) && !f.path.includes('node_modules/'));
    const blobs = source.readBlobs(inside.map((f) => f.blob));
    for (const file of inside) {
      const path = join(target, file.path.slice(prefix.length));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, blobs.get(file.blob) as Buffer);
    }
  }
}

/** Type errors in the dependent's own files (the core's own, without its dependencies installed, are not its concern). */
async function typecheck(dir: string): Promise<VerificationResult['typecheck']> {
  const morph = await import('ts-morph');
  const tsconfig = join(dir, 'tsconfig.json');
  const project = existsSync(tsconfig)
    ? new morph.Project({ tsConfigFilePath: tsconfig })
    : new morph.Project({ compilerOptions: { allowJs: true, noEmit: true, skipLibCheck: true, strict: false } });
  if (!existsSync(tsconfig))
    project.addSourceFilesAtPaths([join(dir, '**/*.{ts,tsx,mts,cts}'), `!${join(dir, '**/node_modules/**')}`]);
  const root = realpathSync(dir);
  const errors = project
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === morph.ts.DiagnosticCategory.Error)
    .filter((d) => {
      const file = d.getSourceFile()?.getFilePath();
      return file === undefined || (file.startsWith(`${root}/`) && !file.includes('/node_modules/'));
    })
    .map((d) => {
      const file = d.getSourceFile();
      const where = file ? `${relative(root, file.getFilePath())}:${d.getLineNumber() ?? 0}: ` : '';
      return `${where}${morph.ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n')}`;
    });
  return { ok: errors.length === 0, errors: errors.slice(0, MAX_ERRORS) };
}
