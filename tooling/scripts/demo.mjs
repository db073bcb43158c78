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
  // git merge-file's interface and exit code: 1 = one conflict left (step 5); steps 1 and 3 merge cleanly.
  [
    'skillmeat-sync',
    'merge-file',
    '-p',
    'examples/merge/ours.md',
    'examples/merge/base.md',
    'examples/merge/theirs.md',
    { exit: 1 },
  ],
];

for (const step of steps) {
  const expected = typeof step.at(-1) === 'object' ? step.pop().exit : 0;
  const [bin, ...args] = step;
  process.stdout.write(`\n$ ${bin} ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [bins[bin], ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== expected) {
    console.error(`demo: \`${bin} ${args.join(' ')}\` exited ${result.status}, expected ${expected}`);
    process.exit(1);
  }
}
console.log('\ndemo: done — every CLI answered on the sample data in examples/');
