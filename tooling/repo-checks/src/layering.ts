import { LAYERS, type Layer, type WorkspacePackage } from './workspace.js';

/**
 * The layering rule: apps → cli kit → domain libraries → kernel. A package may depend on
 * its own layer or a lower one (a domain library on a lower domain library, e.g. tag
 * consolidation on the patch graph), never upward, never on an app, never on tooling at
 * run time, and never in a cycle. Source imports must be declared dependencies, so the
 * rule cannot be bypassed through hoisting.
 */
export function checkLayering(packages: readonly WorkspacePackage[]): string[] {
  const problems: string[] = [];
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const rank = (layer: Layer | undefined) => (layer === undefined || layer === 'tooling' ? -1 : LAYERS.indexOf(layer));

  for (const pkg of packages) {
    if (pkg.layer === undefined)
      problems.push(`${pkg.name}: no "lineage.layer" in package.json (one of ${[...LAYERS, 'tooling'].join(', ')})`);
    for (const dep of pkg.dependencies) {
      const target = byName.get(dep);
      if (!target) {
        problems.push(`${pkg.name}: depends on ${dep}, which is not in the workspace`);
        continue;
      }
      if (target.layer === 'tooling' || target.layer === 'app') {
        problems.push(`${pkg.name}: depends at run time on ${target.layer} package ${dep}`);
      } else if (pkg.layer !== 'tooling' && rank(target.layer) > rank(pkg.layer)) {
        problems.push(`${pkg.name} (${pkg.layer}) depends upward on ${dep} (${target.layer})`);
      }
    }
    for (const imported of pkg.sourceImports) {
      if (imported !== pkg.name && !pkg.dependencies.includes(imported)) {
        problems.push(`${pkg.name}: src imports ${imported} without declaring it in "dependencies"`);
      }
    }
  }
  for (const cycle of findCycles(packages)) problems.push(`dependency cycle: ${cycle.join(' → ')}`);
  return problems;
}

function findCycles(packages: readonly WorkspacePackage[]): string[][] {
  const edges = new Map(packages.map((pkg) => [pkg.name, pkg.dependencies]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(name)), name]);
      return;
    }
    state.set(name, 'visiting');
    for (const dep of edges.get(name) ?? []) visit(dep, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of edges.keys()) visit(name, []);
  return cycles;
}
