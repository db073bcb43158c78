import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Import cycles between the modules of one package (type-only imports count: a cycle of types
 * is still two modules that cannot be understood one without the other). Test files are left
 * out. Each cycle is reported once, as paths relative to `srcDir`, starting at its smallest.
 */
export function findModuleCycles(srcDir: string): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) =>
      resolve(dirname(file), (match[1] as string).replace(/\.js$/, '.ts')),
    );
    graph.set(
      file,
      targets.filter((target) => existsSync(target)),
    );
  }
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      const cycle = stack.slice(stack.indexOf(file)).map((path) => relative(srcDir, path));
      const start = cycle.indexOf([...cycle].sort()[0] as string);
      const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
      cycles.set(rotated.join(' → '), [...rotated, rotated[0] as string]);
      return;
    }
    state.set(file, 'visiting');
    stack.push(file);
    for (const target of graph.get(file) ?? []) visit(target);
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return [...cycles.values()];
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
