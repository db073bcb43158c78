#!/usr/bin/env node
// The README's main job: exercises each CLI on the sample data in examples/. It grows as
// the CLIs grow; every step prints the command it runs, as a user would type it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bins = {
  atomic: join(root, 'apps', 'atomic', 'bin', 'run.js'),
  'skillmeat-sync': join(root, 'apps', 'skillmeat-sync', 'bin', 'run.js'),
  'onx-manifest': join(root, 'apps', 'onx-manifest', 'bin', 'run.js'),
};

const steps = [
  ...Object.keys(bins).flatMap((bin) => [
    [bin, '--version'],
    [bin, '--help'],
  ]),
  ['skillmeat-sync', 'hash', 'examples/skills/code-review', '--files'],
  ['skillmeat-sync', 'hash', 'examples/skills/code-review', '--json'],
];

for (const [bin, ...args] of steps) {
  process.stdout.write(`\n$ ${bin} ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [bins[bin], ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`demo: \`${bin} ${args.join(' ')}\` exited ${result.status}`);
    process.exit(1);
  }
}
console.log('\ndemo: done — every CLI answered on the sample data in examples/');
