import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from '@lineage/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { generateArgs, makeCoreRepository, makeDependent, onxManifest, onxMigrate } from '../../test/e2e-fixture.js';

const COMMANDS = ['generate', 'publish', 'compat', 'apply', 'rollback'];

describe('help', () => {
  it.each(COMMANDS)('onx-manifest %s --help shows its usage and examples', (command) => {
    const help = onxManifest.ok(tmpdir(), [command, '--help']).stdout;
    expect(help).toContain(`$ onx-manifest ${command} `);
    expect(help).toMatch(new RegExp(`EXAMPLES\\n(\\s+\\$ onx-manifest ${command} .+\\n)+`));
    expect(help).toContain('--json');
  });
});

describe('onx-migrate: apply and rollback under the seed’s name', () => {
  it('lists just those two commands, with the summaries of onx-manifest’s', () => {
    const help = onxMigrate.ok(tmpdir(), ['--help']).stdout;
    expect(help).toContain('$ onx-migrate [COMMAND]');
    const commands = help.slice(help.indexOf('COMMANDS')).split('\n').slice(1, 3);
    expect(commands.map((line) => line.trim().split(/\s+/)[0])).toEqual(['apply', 'rollback']);
    expect(onxMigrate.ok(tmpdir(), []).stdout).toBe(help);
  });

  it.each(['apply', 'rollback'])('runs onx-manifest %s, named onx-migrate in its help and hints', (command) => {
    const help = onxMigrate.ok(tmpdir(), [command, '--help']).stdout;
    const words = (text: string) => text.replace(/\s+/g, ' ');
    expect(words(help)).toBe(
      words(onxManifest.ok(tmpdir(), [command, '--help']).stdout.replaceAll('onx-manifest', 'onx-migrate')),
    );
    expect(onxMigrate.ok(tmpdir(), ['help', command]).stdout).toBe(help);
    const misuse = onxMigrate.run(tmpdir(), [command, '--no-such-flag']);
    expect({ code: misuse.code, stderr: misuse.stderr }).toEqual({
      code: 2,
      stderr: `error: Nonexistent flag: --no-such-flag [USAGE]\nhint: run \`onx-migrate ${command} --help\` for the expected form\n`,
    });
  });

  it('sends the other commands to onx-manifest, exit 2', () => {
    const result = onxMigrate.run(tmpdir(), ['generate', '--core-path', '.']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: unknown command "generate" [UNKNOWN_COMMAND]\nhint: onx-migrate runs apply and rollback; the other commands are onx-manifest\'s (run `onx-manifest --help`)\n',
    );
  });

  it('answers --version with the package version', () => {
    expect(onxMigrate.ok(tmpdir(), ['--version']).stdout).toBe(onxManifest.ok(tmpdir(), ['--version']).stdout);
  });
});

describe("generate's progress: the eight steps on stderr, only on a terminal", () => {
  const work = mkdtempSync(join(tmpdir(), 'onx-progress-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const core = makeCoreRepository(join(work, 'core'));
  const args = (out: string) => generateArgs(core, 'v1.0.0', 'v1.1.0', join(work, out));
  const steps = [
    '[1/8] Checkout refs for both versions',
    '[2/8] Build .tree snapshots',
    '[3/8] Stamp metadata',
    '[4/8] Build symbol graphs',
    '[5/8] Infer operations',
    '[6/8] Score and synthesize manifest',
    '[7/8] Verify codemods',
    '[8/8] Emit report and patches',
  ];

  it('on a terminal, each step line is drawn in place, then kept with its time', () => {
    // script(1) runs the bin on a pseudo-terminal; its output is the terminal's.
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
    const command = [process.execPath, bin, ...args('tty')].map((a) => `'${a}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(0);
    const drawn = result.stdout.split('\r\u001b[K');
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    for (const [i, step] of steps.entries()) {
      if (i === 6) expect(drawn).toContain(`${step} — skipped (no dependents given)\r\n`);
      else {
        expect(drawn).toContain(`${step} …`);
        expect(result.stdout).toMatch(new RegExp(`\\r\\u001b\\[K${literal(step)} — \\d+\\.\\d s\\r?\\n`));
      }
    }
    expect(result.stdout).toContain('1 operation (1 auto, 0 with warning, 0 review only)');
  });

  it('elsewhere nothing, unless --progress asks: then one line per step', () => {
    const quiet = onxManifest.ok(work, args('plain'));
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('1 operation (1 auto, 0 with warning, 0 review only)');
    const logged = onxManifest.ok(work, [...args('logged'), '--progress']);
    expect(
      logged.stderr
        .trimEnd()
        .split('\n')
        .map((line) => line.replace(/ — .*$/, '')),
    ).toEqual(steps);
    expect(logged.stdout).toBe(quiet.stdout.replaceAll('plain', 'logged'));
    // Beside --json too: the steps on stderr, the JSON alone on stdout.
    const piped = onxManifest.ok(work, [...args('piped'), '--progress', '--json']);
    expect(piped.stderr.trimEnd().split('\n').length).toBe(steps.length);
    expect(JSON.parse(piped.stdout)).toMatchObject({ summary: expect.any(String) });
  });
});

describe('start-up', () => {
  const work = mkdtempSync(join(tmpdir(), 'onx-startup-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  // A module hook (run on its own thread, hence the file) logging the packages of interest the process imports.
  const hook = join(work, 'log-imports.mjs');
  const log = join(work, 'imports.log');
  writeFileSync(
    hook,
    `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'import { appendFileSync } from "node:fs"; const watched = ["@lineage/symbol-diff", "ts-morph"];' +
  'export async function resolve(s, c, next) { if (watched.includes(s)) appendFileSync(process.env.IMPORTS_LOG, s + " "); return next(s, c); }'));
`,
  );
  const imported = (bin: string, args: string[]) => {
    writeFileSync(log, '');
    spawnSync(process.execPath, ['--import', hook, join(import.meta.dirname, '..', '..', 'bin', bin), ...args], {
      cwd: work,
      env: { ...process.env, IMPORTS_LOG: log },
    });
    return readFileSync(log, 'utf8').split(' ').filter(Boolean);
  };

  it('--help and --version load neither the library nor ts-morph; a command loads both', () => {
    for (const args of [['--help'], ['--version'], ['generate', '--help'], ['apply', '--no-such-flag']])
      expect({ args, imported: imported('run.js', args) }).toEqual({ args, imported: [] });
    expect(imported('onx-migrate.js', ['--help'])).toEqual([]);
    const core = makeCoreRepository(join(work, 'core'));
    expect(imported('run.js', generateArgs(core, 'v1.0.0', 'v1.1.0', join(work, 'out')))).toEqual([
      '@lineage/symbol-diff',
      'ts-morph',
    ]);
  });
});

describe('generate --subdir: a package of a monorepo, in a bare repository', () => {
  const work = mkdtempSync(join(tmpdir(), 'onx-subdir-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds the same operations as at the root, and verifies dependents against that package', () => {
    const core = makeCoreRepository(join(work, 'core'));
    // The same releases with the core under packages/core/, then cloned bare (no working tree to point into).
    const mono = join(work, 'mono');
    git(work, ['init', '-q', '-b', 'main', mono]);
    git(mono, ['fetch', '-q', '--no-tags', core, 'refs/tags/*:refs/tags/core-*']);
    for (const tag of ['v0.9.0', 'v1.0.0']) {
      git(mono, ['read-tree', '--empty']);
      git(mono, ['read-tree', '--prefix=packages/core/', `core-${tag}`]);
      git(mono, ['commit', '-q', '-m', `release ${tag}`]);
      git(mono, ['tag', tag]);
    }
    const bare = join(work, 'mono.git');
    git(work, ['clone', '-q', '--bare', mono, bare]);
    const app = makeDependent(join(work, 'my-app'));
    const described = (stdout: string) =>
      JSON.parse(stdout).operations.map((op: { description: string }) => op.description) as string[];
    const atRoot = onxManifest.ok(work, [...generateArgs(core, 'v0.9.0', 'v1.0.0', join(work, 'root')), '--json']);
    const inside = onxManifest.ok(work, [
      ...generateArgs(bare, 'v0.9.0', 'v1.0.0', join(work, 'sub')),
      ...['--subdir', 'packages/core', '--dependents', app, '--json'],
    ]);
    expect(described(inside.stdout)).toEqual(described(atRoot.stdout));
    expect(JSON.parse(inside.stdout).verification).toEqual([
      expect.objectContaining({ dependent: 'my-app', typecheck: expect.objectContaining({ ok: true }) }),
    ]);
  });
});

describe('apply without the core installed at the from version', () => {
  const work = mkdtempSync(join(tmpdir(), 'onx-uninstalled-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('warns that uses through its types go unseen, and --strict exits 5 on it', () => {
    const core = makeCoreRepository(join(work, 'core'));
    onxManifest.ok(work, [...generateArgs(core, 'v0.9.0', 'v1.0.0', join(work, 'out')), '-q']);
    const app = makeDependent(join(work, 'my-app'));
    rmSync(join(app, 'node_modules'), { recursive: true });
    const result = onxManifest.run(work, [
      'apply',
      '--manifest',
      join(work, 'out'),
      '--target',
      app,
      '--dry-run',
      '--strict',
    ]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(
      `warning: @acme/core is not installed in ${app}, not the manifest's from version 0.9.0: members, option keys and named arguments reached through its types may have been missed; install @acme/core 0.9.0 and apply again`,
    );
  });
});
