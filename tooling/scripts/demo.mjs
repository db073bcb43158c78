#!/usr/bin/env node
// The README's main job: exercises each CLI on the sample data in examples/. It grows as
// the CLIs grow; every step prints the command it runs, as a user would type it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bins = {
  atomic: join(root, 'apps', 'atomic', 'bin', 'run.js'),
  'skillmeat-sync': join(root, 'apps', 'skillmeat-sync', 'bin', 'run.js'),
  'onx-manifest': join(root, 'apps', 'onx-manifest', 'bin', 'run.js'),
  'onx-migrate': join(root, 'apps', 'onx-manifest', 'bin', 'onx-migrate.js'),
};

const shellQuote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/** Runs one CLI step, echoing it first; stops the demo on an unexpected exit code. */
function run(bin, args, { cwd = root, env = process.env, exit = 0 } = {}) {
  const shown = `${bin} ${args.map(shellQuote).join(' ')}`;
  process.stdout.write(`\n$ ${shown}\n`);
  const result = spawnSync(process.execPath, [bins[bin], ...args], { cwd, env, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== exit) {
    console.error(`demo: \`${shown}\` exited ${result.status}, expected ${exit}`);
    process.exit(1);
  }
  return result.stdout.trim();
}

for (const bin of Object.keys(bins)) {
  run(bin, ['--version']);
  run(bin, ['--help']);
}
run('skillmeat-sync', ['hash', 'examples/skills/code-review', '--files']);
run('skillmeat-sync', ['hash', 'examples/skills/code-review', '--json']);
// git merge-file's interface and exit code: 1 = one conflict left (step 5); steps 1 and 3 merge cleanly.
run(
  'skillmeat-sync',
  ['merge-file', '-p', 'examples/merge/ours.md', 'examples/merge/base.md', 'examples/merge/theirs.md'],
  {
    exit: 1,
  },
);

// atomic in a temporary repository: record, fork, record on both channels, apply across —
// a conflict, which is a state (exit 0), shown by `conflicts` and as markers in the file.
const repo = mkdtempSync(join(tmpdir(), 'atomic-demo-'));
const inRepo = { cwd: repo, env: { ...process.env, ATOMIC_AUTHOR: 'Ada <ada@example.com>' } };
const atomic = (...args) => run('atomic', args, inRepo);
const write = (text) => {
  process.stdout.write(`\n$ printf '${text.replaceAll('\n', '\\n')}' > notes.txt\n`);
  writeFileSync(join(repo, 'notes.txt'), text);
};
try {
  atomic('init', '.');
  write('a\nb\n');
  atomic('add', 'notes.txt');
  atomic('record', '-m', 'notes');
  atomic('fork', 'ai-agent');
  write('a\nmine\nb\n');
  atomic('record', '-m', 'my line');
  write('a\ntheirs\nb\n');
  const theirs = atomic(
    'record',
    '--channel',
    'ai-agent',
    '-m',
    'AI: their line',
    '--ai-model',
    'claude',
    '--ai-confidence',
    '0.8',
  );
  atomic('reset');
  atomic('apply', theirs.slice(0, 8));
  atomic('conflicts');
  process.stdout.write(`\n$ cat notes.txt\n${readFileSync(join(repo, 'notes.txt'), 'utf8')}`);
  atomic('credit', 'notes.txt');

  // Consolidating tags: a release, then changes that depend on the tag alone; a hotfix of the
  // release carried to the later one and to current development.
  write('a\nmine\ntheirs\nb\n');
  atomic('record', '-m', 'resolve: keep both lines');
  atomic('tag', 'create', '--consolidate', 'v1.0', '-m', 'first release');
  write('a\nmine\ntheirs\nb\nc\n');
  const after = atomic('record', '-m', 'a line for v2');
  atomic('change', after.slice(0, 8));
  atomic('tag', 'create', '--consolidate', 'v2.0', '-m', 'second release');
  atomic('attribution', '--tag', 'v2.0', '--summary');
  write('A\nmine\ntheirs\nb\nc\n');
  const fix = atomic('hotfix', '--from-tag', 'v1.0', '--to-channel', 'hotfix', '-m', 'fix the first line');
  atomic('apply', '--to-tag', 'v1.0', '--create-tag', 'v1.0.1', fix.slice(0, 8));
  atomic('propagate-hotfix', 'v1.0.1', '--to-descendants', '--verify-compatibility');
  atomic('tag', 'list');
  process.stdout.write(`\n$ cat notes.txt\n${readFileSync(join(repo, 'notes.txt'), 'utf8')}`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}

// onx-manifest on examples/onx-manifest: a core library as a git repository with three tagged
// releases, and my-app, written against 0.9.0. The breaking release's manifest is generated
// and verified on a copy of my-app (exit 4 under --fail-on-breaking), the compatible one's
// not (exit 0); both are published; compat says what each changes in my-app; apply migrates
// it, it type-checks against the new core, and rollback puts it back.
const onxDir = mkdtempSync(join(tmpdir(), 'onx-manifest-demo-'));
const inOnx = { cwd: onxDir };
const say = (command, output = '') => process.stdout.write(`\n$ ${command}\n${output}`);
try {
  const sample = await import('../../examples/onx-manifest/sample.mjs');
  sample.makeCoreRepository(join(onxDir, 'core'));
  sample.makeDependent(join(onxDir, 'my-app'));
  say(
    `node examples/onx-manifest/sample.mjs ${onxDir}`,
    `core: @acme/core, tags ${sample.VERSIONS.join(', ')}; my-app: on 0.9.0\n`,
  );
  const generate = (from, to, extra, exit) =>
    run(
      'onx-manifest',
      ['generate', '--core-path', 'core', '--from', from, '--to', to, '--out', `artifacts/${from}_${to}`, ...extra],
      { ...inOnx, exit },
    );
  generate('v0.9.0', 'v1.0.0', ['--dependents', 'my-app', '--fail-on-breaking'], 4);
  generate('v1.0.0', 'v1.1.0', ['--fail-on-breaking'], 0);
  for (const pair of ['v0.9.0_v1.0.0', 'v1.0.0_v1.1.0'])
    run('onx-manifest', ['publish', '--manifest-dir', `artifacts/${pair}`, '--registry', 'registry'], inOnx);
  run(
    'onx-manifest',
    ['compat', '--package', 'my-app', '--core-versions', '>=0.9.0,<2.0.0', '--registry', 'registry'],
    inOnx,
  );
  const migration = [
    '--manifest',
    'registry://core_migrations/v0.9.0_v1.0.0',
    '--registry',
    'registry',
    '--target',
    'my-app',
  ];
  run('onx-migrate', ['apply', ...migration, '--dry-run'], inOnx);
  run('onx-migrate', ['apply', ...migration], inOnx);
  sample.installCore(join(onxDir, 'my-app'), 'v1.0.0');
  say('npm install @acme/core@1.0.0   # here: copied from examples/onx-manifest/core/v1.0.0');
  const tsc = spawnSync(
    process.execPath,
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '--noEmit', '-p', 'my-app'],
    {
      ...inOnx,
      encoding: 'utf8',
    },
  );
  say('npx tsc --noEmit -p my-app', `${tsc.stdout}${tsc.stderr}`);
  if (tsc.status !== 0) {
    console.error('demo: the migrated dependent does not type-check against the new core');
    process.exit(1);
  }
  run('onx-migrate', ['apply', ...migration], inOnx);
  run(
    'onx-migrate',
    [
      'rollback',
      '--package',
      'my-app',
      '--to-version',
      '0.9.0',
      '--checkpoint',
      'my-app/.lineage/checkpoints/v0.9.0_v1.0.0',
    ],
    inOnx,
  );
} finally {
  rmSync(onxDir, { recursive: true, force: true });
}

skillmeatTour();

console.log('\ndemo: done — every CLI answered on the sample data in examples/');

// skillmeat-sync on a sample upstream made here: a git repository holding examples/skills/code-review.
// add → deploy → a local edit and an upstream edit → drift → sync (dry run, then applied: both
// edits merged) → a conflicting edit → resolve → history → rollback.
function skillmeatTour() {
  const dir = mkdtempSync(join(tmpdir(), 'skillmeat-demo-'));
  const upstream = join(dir, 'upstream');
  const project = join(dir, 'project');
  const skill = join(project, '.claude', 'skills', 'code-review', 'SKILL.md');
  const env = {
    ...process.env,
    SKILLMEAT_HOME: join(dir, 'collection'),
    GIT_AUTHOR_NAME: 'Ada',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  };
  const sm = (args, exit = 0) => run('skillmeat-sync', args, { cwd: project, env, exit });
  const git = (...args) => {
    process.stdout.write(`\n$ git -C upstream ${args.map(shellQuote).join(' ')}\n`);
    const result = spawnSync('git', ['-C', upstream, ...args], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  };
  // An edit as a person would make it: one line of a file replaced, shown as a sed command.
  const edit = (label, file, from, to) => {
    process.stdout.write(`\n$ sed -i 's/${from}/${to}/' ${label}\n`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  };
  const show = (label, file) => process.stdout.write(`\n$ cat ${label}\n${readFileSync(file, 'utf8')}`);
  try {
    mkdirSync(project);
    cpSync(join(root, 'examples', 'skills', 'code-review'), join(upstream, 'skills', 'code-review'), {
      recursive: true,
    });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'code-review 1.2.0');
    const upstreamSkill = join(upstream, 'skills', 'code-review', 'SKILL.md');
    sm(['init']);
    sm(['add', `${upstream}#skills/code-review`]);
    sm(['list']);
    sm(['deploy', 'code-review']);
    edit('.claude/skills/code-review/SKILL.md', skill, 'several vague ones.', 'several vague ones, and say why.');
    edit(
      'upstream/skills/code-review/SKILL.md',
      upstreamSkill,
      'Read the whole diff',
      'Read the whole diff and its description',
    );
    git('commit', '-qam', 'code-review: read the description too');
    sm(['drift', '--check-all']);
    sm(['sync', 'code-review', '--direction', 'both']);
    sm(['sync', 'code-review', '--direction', 'both', '--apply', '--strategy', 'auto']);
    show('.claude/skills/code-review/SKILL.md', skill);
    // Both sides now change the same line: a conflict for a person (exit 4).
    edit(
      'upstream/skills/code-review/SKILL.md',
      upstreamSkill,
      'check each file has a test',
      'check each change has a test',
    );
    git('commit', '-qam', 'code-review: a test per change');
    edit('.claude/skills/code-review/SKILL.md', skill, 'check each file has a test', 'check each file has a unit test');
    sm(['sync', 'code-review', '--apply']);
    sm(['update', 'code-review', '--apply'], 4);
    show('.claude/skills/code-review/SKILL.md', skill);
    sm(['resolve', 'code-review', '--file', 'SKILL.md', '--project', '.', '--theirs']);
    const history = JSON.parse(
      spawnSync(process.execPath, [bins['skillmeat-sync'], 'history', 'code-review', '--project', '.', '--json'], {
        cwd: project,
        env,
        encoding: 'utf8',
      }).stdout,
    );
    sm(['history', 'code-review', '--project', '.']);
    // Back to the version the auto-merge made, before the conflict: itself a new lineage entry.
    const merged = history.entries.find((entry) => entry.action === 'sync').content_hash;
    sm(['rollback', 'code-review', '--project', '.', '--to', merged.slice(0, 13), '--yes']);
    sm(['history', 'code-review', '--project', '.']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
