import { relative } from 'node:path';
import { openDependent } from './codemod/dependent-project.js';
import { findEditsIn, sitesByOperation, type UseSite } from './codemod/manifest-edits.js';
import { type ChangeManifest, describeOperation, manifestUri } from './manifest/manifest.js';

export type { UseSite };

export interface CompatResult {
  /** The dependent's package name. */
  package: string;
  /** Each core API the dependent uses — an imported public name or a member reached through a core type — and where. */
  uses: Array<{ package: string; api: string; sites: UseSite[] }>;
  /** Per manifest (core version pair): the operations that touch the dependent, with each affected use. */
  pairs: Array<{
    from: string;
    to: string;
    uri: string;
    operations: Array<{
      id: string;
      kind: string;
      confidence: number;
      action: string;
      description: string;
      sites: UseSite[];
    }>;
  }>;
}

/**
 * Which core APIs a dependent uses, and what each manifest would change in it, with the
 * file and line of every affected use — whatever the operations' confidence (a review-only
 * rename still names the uses a person must look at). Reads, never writes.
 */
export async function compat(options: {
  packageDir: string;
  manifests: readonly ChangeManifest[];
}): Promise<CompatResult> {
  const core = [...new Set(options.manifests.flatMap((m) => m.core.packages.map((p) => p.name)))].sort();
  const dependent = await openDependent(options.packageDir, core);
  const sites = new Map<string, { package: string; api: string; sites: UseSite[] }>();
  if (options.manifests[0]) {
    const everything = findEditsIn(dependent, mergedCore(options.manifests), [], true);
    // `Client.create` through an imported `Client` is found as the public name and as the
    // member the checker resolves: one use, listed by the name the dependent wrote.
    const place = (use: { file: string; line: number; column: number }) => `${use.file}:${use.line}:${use.column}`;
    const named = new Set(everything.uses.filter((use) => isPublicName(use.name)).map(place));
    for (const use of everything.uses) {
      if (!isPublicName(use.name) && named.has(place(use))) continue;
      const key = `${use.package}\0${use.name}`;
      const entry = sites.get(key) ?? { package: use.package, api: use.name, sites: [] };
      if (!entry.sites.some((s) => s.file === use.file && s.line === use.line && s.column === use.column)) {
        entry.sites.push({ file: use.file, line: use.line, column: use.column });
      }
      sites.set(key, entry);
    }
  }
  const pairs: CompatResult['pairs'] = options.manifests.map((manifest) => {
    const byOperation = sitesByOperation(findEditsIn(dependent, manifest, manifest.operations, false), dependent.dir);
    return {
      from: manifest.from,
      to: manifest.to,
      uri: manifestUri(manifest),
      operations: manifest.operations
        .filter((op) => byOperation.has(op.id))
        .map((op) => ({
          id: op.id,
          kind: op.kind,
          confidence: op.confidence,
          action: op.action,
          description: describeOperation(op),
          sites: byOperation.get(op.id) as UseSite[],
        })),
    };
  });
  return {
    package: String(dependent.manifest.name ?? relative(process.cwd(), dependent.dir)),
    uses: [...sites.values()].sort((a, b) => (a.api < b.api ? -1 : a.api > b.api ? 1 : 0)),
    pairs,
  };
}

/** `@acme/core:Client.create` (specifier and public name), as opposed to an FQN (`src/client#Client.create`). */
const isPublicName = (api: string) => api.includes(':');

function mergedCore(manifests: readonly ChangeManifest[]): ChangeManifest {
  const first = manifests[0] as ChangeManifest;
  const packages = new Map(manifests.flatMap((m) => m.core.packages.map((p) => [p.name, p] as const)));
  return { ...first, core: { ...first.core, packages: [...packages.values()] }, operations: [] };
}
