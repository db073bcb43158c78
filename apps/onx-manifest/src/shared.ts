import { Flags } from '@lineage/cli-kit';
import { UsageError } from '@lineage/errors';
import type { ChangeManifest, Operation } from '@lineage/symbol-diff';

export type SymbolDiff = typeof import('@lineage/symbol-diff');

/**
 * The library, imported inside `run()`: `--help`, `--version` and a usage error never load
 * it (nor ts-morph, which it loads on first use).
 */
export const symbolDiff = (): Promise<SymbolDiff> => import('@lineage/symbol-diff');

/** Exit codes of the pipeline contract beyond the shared ones (0 ok, 1 failure, 2 usage, 3 not found). */
export const ExitCode = {
  /** generate --fail-on-breaking: the release breaks dependents. */
  breaking: 4,
  /** apply --strict: something is left for a person to review. */
  reviewLeft: 5,
} as const;

const registry = {
  helpValue: 'DIR',
  env: 'ONX_MANIFEST_REGISTRY',
  description: 'The manifest registry: a directory holding core_migrations/<from>_<to>/.',
};
export const registryFlag = Flags.string(registry);
export const requiredRegistryFlag = Flags.string({ ...registry, required: true });

/** A number from 0 to 1, checked while parsing: a usage error naming the flag, as oclif's own checks give. */
export const confidenceFlag = Flags.custom<number>({
  helpValue: 'X',
  parse: async (input) => {
    const value = Number(input);
    if (input.trim() === '' || !(value >= 0 && value <= 1))
      throw Object.assign(new Error(`Expected a number from 0 to 1 but received: ${input}`), { oclif: { exit: 2 } });
    return value;
  },
});

/** A manifest by path or registry URI; a URI needs the registry it lives in. */
export function loadManifest(lib: SymbolDiff, reference: string, registry: string | undefined): ChangeManifest {
  if (lib.isRegistryUri(reference) && !registry)
    throw new UsageError(
      'REGISTRY_REQUIRED',
      `${reference} names a manifest in a registry, but no registry was given`,
      {
        hint: 'pass --registry DIR (or set ONX_MANIFEST_REGISTRY) to the directory publish wrote to',
      },
    );
  return lib.loadManifest(reference, registry);
}

/** `OP005 rename.callable  0.85 warn  src/util/text#toSlug → slugify` */
export function operationLine(lib: SymbolDiff, op: Operation): string {
  return `${op.id} ${op.kind.padEnd(17)} ${op.confidence.toFixed(2)} ${op.action.padEnd(6)} ${lib.describeOperation(op)}`;
}

/** `src/main.ts:1, src/main.ts:17` — at most `limit` places, then how many more. */
export function sitesText(sites: ReadonlyArray<{ file: string; line: number }>, limit = 6): string {
  const shown = sites.slice(0, limit).map((s) => `${s.file}:${s.line}`);
  return sites.length > limit ? `${shown.join(', ')} and ${sites.length - limit} more` : shown.join(', ');
}

export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
