#!/usr/bin/env node
// The sample data of onx-manifest, set up where you like:
//
//   node examples/onx-manifest/sample.mjs DIR
//
// makes DIR/core, a git repository holding the core library `@acme/core` with one tagged
// commit per directory under core/ (v0.9.0, v1.0.0, v1.1.0: its release history), and
// DIR/my-app, a copy of dependent/ — a package written against @acme/core 0.9.0 — with that
// version installed in its node_modules (a copy, as npm would install it).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const here = import.meta.dirname;
/** The core's versions, oldest first. */
export const VERSIONS = readdirSync(join(here, 'core')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Acme Release Bot',
  GIT_AUTHOR_EMAIL: 'release@acme.test',
  GIT_COMMITTER_NAME: 'Acme Release Bot',
  GIT_COMMITTER_EMAIL: 'release@acme.test',
};

function git(cwd, ...args) {
  const result = spawnSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

/** DIR as a git repository of the core: one commit per version, tagged with it. */
export function makeCoreRepository(dir) {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (const version of VERSIONS) {
    for (const entry of readdirSync(dir)) if (entry !== '.git') rmSync(join(dir, entry), { recursive: true });
    cpSync(join(here, 'core', version), dir, { recursive: true });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `release ${version}`);
    git(dir, 'tag', version);
  }
  return dir;
}

/** Installs the core of one version into a dependent's node_modules, replacing what was there. */
export function installCore(dependent, version) {
  const target = join(dependent, 'node_modules', '@acme', 'core');
  rmSync(target, { recursive: true, force: true });
  cpSync(join(here, 'core', version), target, { recursive: true });
}

/** DIR as a copy of the dependent, with the core's first version installed. */
export function makeDependent(dir) {
  cpSync(join(here, 'dependent'), dir, { recursive: true });
  installCore(dir, VERSIONS[0]);
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node examples/onx-manifest/sample.mjs DIR');
    process.exit(2);
  }
  makeCoreRepository(join(dir, 'core'));
  makeDependent(join(dir, 'my-app'));
  console.log(`${join(dir, 'core')}: @acme/core, tags ${VERSIONS.join(', ')}`);
  console.log(`${join(dir, 'my-app')}: a dependent with @acme/core ${VERSIONS[0]} installed`);
}
