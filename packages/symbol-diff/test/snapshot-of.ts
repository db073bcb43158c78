import { analyzeSource } from '../src/analysis/analyze-file.js';
import { sha256Hex } from '../src/analysis/tokens.js';
import { loadTypeScript } from '../src/analysis/typescript.js';
import { type Lang, langOf } from '../src/facts.js';
import { linkSnapshot } from '../src/snapshot/linker.js';
import type { Snapshot } from '../src/snapshot/model.js';
import { discoverPackages } from '../src/snapshot/packages.js';
import type { FileTree } from './fixture-repo.js';

/** A snapshot of an in-memory tree, without git: for linker and inference tests. */
export async function snapshotOf(files: FileTree, ref = 'v1'): Promise<Snapshot> {
  const ts = await loadTypeScript();
  const paths = Object.keys(files).sort();
  const packages = discoverPackages(paths, (path) => files[path], 'fixture');
  const sources = paths.filter((path) => langOf(path) !== undefined);
  return linkSnapshot({
    ref,
    commit: '0'.repeat(40),
    root: '',
    packages,
    files: sources.map((path) => {
      const lang = langOf(path) as Lang;
      const text = files[path] as string;
      return { path, lang, sha256: sha256Hex(text), facts: analyzeSource(ts, lang, text) };
    }),
  });
}

export function exposuresOf(snapshot: Snapshot): string[] {
  return [...snapshot.symbols.values()]
    .flatMap((s) =>
      s.exposures.map(
        (e) =>
          `${e.specifier}:${e.name}=${s.package === snapshot.packages[0]?.name ? '' : `${s.package} `}${s.fq}${e.deprecated ? ' (deprecated)' : ''}`,
      ),
    )
    .sort();
}
