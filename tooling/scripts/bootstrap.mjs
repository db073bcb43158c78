#!/usr/bin/env node
// The README's two commands (`npm run demo`, `npm test`) land here. A fresh machine has
// Node and npm but no pnpm, and node-gyp would try to download Node's headers to build
// better-sqlite3: both are settled here once, so every later step runs the pinned pnpm.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devEngines.packageManager.version;

const testResults = join(root, '.tmp', 'test-results.json');
const jobs = {
  demo: [
    ['run', 'build'],
    ['run', 'demo:run'],
  ],
  test: [
    ['run', 'build'],
    ['run', 'typecheck'],
    ['run', 'lint'],
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${testResults}`],
    ['run', 'check:pack'],
  ],
};

const job = process.argv[2];
if (!jobs[job]) {
  console.error(`usage: node tooling/scripts/bootstrap.mjs <${Object.keys(jobs).join('|')}>`);
  process.exit(2);
}

const env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? localNodeHeaders() };
if (!env.npm_config_nodedir) delete env.npm_config_nodedir;
const pnpm = pnpmCommand();

run([...pnpm, 'install', ...(existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [])]);
for (const args of jobs[job]) run([...pnpm, ...args]);
if (job === 'test') {
  // One plain closing line for CI and humans, from vitest's JSON report.
  const results = JSON.parse(readFileSync(testResults, 'utf8'));
  console.log(`\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`);
}

function run([cmd, ...args]) {
  console.error(`\n> ${[cmd, ...args].join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// node-gyp needs Node's headers; the ones installed beside this node binary avoid a download.
function localNodeHeaders() {
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === pinned) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${pinned}`];
}
