import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioMeta } from './extract.js';

export interface Scenario {
  dir: string;
  meta: ScenarioMeta;
  base: Buffer;
  ours: Buffer;
  theirs: Buffer;
  resolved: Buffer;
}

/** Lists scenario directories under a corpus root (any depth: `<root>/<repo>/<scenario>/meta.json`). */
export function listScenarioDirs(root: string): string[] {
  const dirs: string[] = [];
  const walk = (dir: string) => {
    if (existsSync(join(dir, 'meta.json'))) {
      dirs.push(dir);
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(root);
  return dirs.sort();
}

export function readScenario(dir: string): Scenario {
  const read = (name: string) => readFileSync(join(dir, name));
  return {
    dir,
    meta: JSON.parse(read('meta.json').toString('utf8')) as ScenarioMeta,
    base: read('base'),
    ours: read('ours'),
    theirs: read('theirs'),
    resolved: read('resolved'),
  };
}
