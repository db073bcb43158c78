import { relative } from 'node:path';
import type { ChangeManifest } from '../manifest/manifest.js';
import type { Operation } from '../manifest/operations.js';
import { CoreLocator } from './core-locator.js';
import type { DependentProject } from './dependent-project.js';
import { type CoreUse, type Edit, EditFinder, type SkippedUse } from './find-edits.js';
import { OperationIndex } from './operation-index.js';

export interface ManifestEdits {
  /** By absolute file path. */
  edits: Map<string, Edit[]>;
  /** Paths relative to the dependent. */
  skipped: SkippedUse[];
  uses: CoreUse[];
}

/** A place in a dependent's file (relative path, 1-based line and column). */
export interface UseSite {
  file: string;
  line: number;
  column: number;
}

/** The same on a dependent already open (compat runs several manifests on one), optionally listing every use of the core. */
export function findEditsIn(
  dependent: DependentProject,
  manifest: ChangeManifest,
  operations: readonly Operation[],
  collectUses: boolean,
): ManifestEdits {
  const context = {
    ts: dependent.ts,
    checker: dependent.checker,
    languageService: dependent.project.getLanguageService().compilerObject,
    locator: new CoreLocator(dependent.ts, dependent.coreRoots, manifest.core.packages),
    index: new OperationIndex(manifest, operations),
    ownFiles: new Set(dependent.files.map((f) => f.fileName)),
  };
  const result: ManifestEdits = { edits: new Map(), skipped: [], uses: [] };
  for (const sf of dependent.files) {
    const finder = new EditFinder(context, sf, collectUses).run();
    if (finder.edits.length > 0) result.edits.set(sf.fileName, finder.edits);
    result.skipped.push(...finder.skipped.map((s) => ({ ...s, file: relative(dependent.dir, s.file) })));
    result.uses.push(...finder.uses.map((u) => ({ ...u, file: relative(dependent.dir, u.file) })));
  }
  return result;
}

/** Where each operation would edit the dependent, by operation id. */
export function sitesByOperation(found: ManifestEdits, dependentDir: string): Map<string, UseSite[]> {
  const byOperation = new Map<string, UseSite[]>();
  for (const edits of found.edits.values()) {
    for (const edit of edits) {
      const list = byOperation.get(edit.opId) ?? [];
      list.push({ file: relative(dependentDir, edit.file), line: edit.line, column: edit.column });
      byOperation.set(edit.opId, list);
    }
  }
  return byOperation;
}
