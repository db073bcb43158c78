#!/usr/bin/env node
// Proves each CLI installs from packed tarballs as a user would install it from npm: pack
// the app and every workspace package it needs (pnpm rewrites `workspace:` ranges to real
// versions), `npm install` them into an empty directory, and run the bin's --help.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devEngines.packageManager.version;
const pnpm = process.env.npm_execpath?.includes('pnpm') ? ['pnpm'] : ['npx', '--yes', `pnpm@${pinned}`];

const manifests = new Map();
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const dir = join(root, group, name);
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      manifests.set(manifest.name, { dir, manifest });
    } catch {
      // Not a package directory.
    }
  }
}

function workspaceClosure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of Object.keys(manifests.get(name).manifest.dependencies ?? {})) {
    if (manifests.has(dep)) workspaceClosure(dep, seen);
  }
  return seen;
}

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd} (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'lineage-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
const packed = new Map();
let failures = 0;
try {
  const apps = [...manifests.values()].filter(({ manifest }) => manifest.bin);
  for (const { manifest } of apps) {
    const needed = [...workspaceClosure(manifest.name)];
    for (const name of needed) {
      if (packed.has(name)) continue;
      const before = new Set(readdirSync(tarballs));
      run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', tarballs], manifests.get(name).dir);
      const created = readdirSync(tarballs).find((file) => !before.has(file));
      packed.set(name, join(tarballs, created));
    }
    const [bin, ...otherBins] = Object.keys(manifest.bin);
    const target = join(work, `install-${bin}`);
    mkdirSync(target);
    writeFileSync(join(target, 'package.json'), '{"name":"pack-check","private":true}\n');
    process.stdout.write(`${bin}: npm install ${needed.length} packed packages … `);
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', ...needed.map((name) => packed.get(name))],
      target,
    );
    // Every bin the package ships (onx-manifest also ships onx-migrate).
    for (const name of [bin, ...otherBins]) {
      const help = spawnSync(join(target, 'node_modules', '.bin', name), ['--help'], { encoding: 'utf8' });
      if (help.status === 0 && help.stdout.includes(`$ ${name} [COMMAND]`)) {
        process.stdout.write(`${name} --help ok\n`);
      } else {
        failures++;
        process.stdout.write(`${name} --help FAILED (exit ${help.status})\n${help.stdout}${help.stderr}\n`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures) {
  console.error(`pack check: ${failures} app(s) failed to install and run from their packed tarballs`);
  process.exit(1);
}
console.log('pack check: every app installs from its packed tarballs and answers --help');
