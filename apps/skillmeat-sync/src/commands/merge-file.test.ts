import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@lineage/test-utils';
import { describe, expect, it } from 'vitest';

// Every behaviour here is checked against the machine's `git merge-file`: the same files,
// the same arguments, git in one copy of the directory and the built bin in another.
const bin = join(import.meta.dirname, '..', '..', 'bin', 'run.js');
const tempDir = useTempDirs('skillmeat-merge-file-');

const baseText = 'title\none\ntwo\nthree\nfour\nfive\n';
const oursText = 'title\nONE\ntwo\nthree\nfour\nfive mine\n';
const theirsText = 'title\n1\ntwo\nthree\nfour\nfive\nsix\n';
const FILES = ['ours.md', 'base.md', 'theirs.md'];
const maxBuffer = 1 << 26;

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** CURRENT after the run (git merge-file writes it in place without -p). */
  current: Buffer;
}

interface Setup {
  files?: { base?: string; ours?: string; theirs?: string };
  /** Runs inside a git repository whose .git/config gets these lines. */
  repoConfig?: string;
  /** A global configuration file (GIT_CONFIG_GLOBAL). */
  globalConfig?: string;
}

function fixture(setup: Setup = {}): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(dir, 'global-config'),
    GIT_CEILING_DIRECTORIES: dir,
  };
  writeFileSync(join(dir, 'global-config'), setup.globalConfig ?? '');
  const work = join(dir, 'work');
  mkdirSync(work);
  if (setup.repoConfig !== undefined) {
    spawnSync('git', ['init', '-q', work], { env });
    writeFileSync(join(work, '.git', 'config'), `[core]\n\trepositoryformatversion = 0\n${setup.repoConfig}`);
  }
  const files = { base: baseText, ours: oursText, theirs: theirsText, ...setup.files };
  writeFileSync(join(work, 'base.md'), files.base);
  writeFileSync(join(work, 'ours.md'), files.ours);
  writeFileSync(join(work, 'theirs.md'), files.theirs);
  return { dir: work, env };
}

function collect(result: SpawnSyncReturns<Buffer>, cwd: string, current: string): Run {
  if (result.error) throw result.error;
  let written = Buffer.alloc(0);
  try {
    written = readFileSync(join(cwd, current));
  } catch {}
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString(), current: written };
}

/** git merge-file and the bin on copies of the same files, with the same arguments. */
function both(args: string[], setup: Setup = {}): { git: Run; ours: Run } {
  const { dir, env } = fixture(setup);
  const copy = `${dir}-ours`;
  cpSync(dir, copy, { recursive: true });
  const current = args.filter((a) => FILES.includes(a))[0] ?? 'ours.md';
  return {
    git: collect(spawnSync('git', ['merge-file', ...args], { cwd: dir, env, maxBuffer }), dir, current),
    ours: collect(
      spawnSync(process.execPath, [bin, 'merge-file', ...args], { cwd: copy, env, maxBuffer }),
      copy,
      current,
    ),
  };
}

/** The same through `sh -c`, for arguments holding bytes that are not UTF-8 (printf escapes). */
function bothInShell(script: string, setup: Setup = {}): { git: Run; ours: Run } {
  const { dir, env } = fixture(setup);
  const copy = `${dir}-ours`;
  cpSync(dir, copy, { recursive: true });
  const run = (cwd: string, command: string) =>
    collect(spawnSync('sh', ['-c', script.replaceAll('MERGE_FILE', command)], { cwd, env }), cwd, 'ours.md');
  return { git: run(dir, 'git merge-file'), ours: run(copy, `"${process.execPath}" "${bin}" merge-file`) };
}

function expectSameOutput({ git, ours }: { git: Run; ours: Run }): void {
  expect({ code: ours.code, stdout: ours.stdout.toString('latin1'), current: ours.current.toString('latin1') }).toEqual(
    { code: git.code, stdout: git.stdout.toString('latin1'), current: git.current.toString('latin1') },
  );
}

const firstLine = (text: string) => text.split('\n')[0] as string;

describe('skillmeat-sync merge-file, against git merge-file', () => {
  it.each([
    [['-p', 'ours.md', 'base.md', 'theirs.md']],
    [['-p', '--diff3', 'ours.md', 'base.md', 'theirs.md']],
    [['-p', '--zdiff3', '-L', 'mine', '-L', 'old', '-L', 'upstream', 'ours.md', 'base.md', 'theirs.md']],
    [['-p', '--union', 'ours.md', 'base.md', 'theirs.md']],
    [['--stdout', '--marker-size', '10', '-L', 'only-ours', 'ours.md', 'base.md', 'theirs.md']],
    [['ours.md', 'base.md', 'theirs.md']],
  ])('writes what git writes and exits with the conflict count: %j', (args) => {
    const result = both(args);
    expectSameOutput(result);
    expect(result.ours.stderr).toBe('');
  });

  it('caps the exit status at 127 conflicts', () => {
    // 130 lines edited differently on both sides, each separated by unchanged text.
    const block = (i: number, line: string) => `${line}\nkeep ${i}\nkeep\nkeep\nkeep\n`;
    const side = (tag: string) => Array.from({ length: 130 }, (_, i) => block(i, `line ${i} ${tag}`)).join('');
    const result = both(['-p', 'ours.md', 'base.md', 'theirs.md'], {
      files: { base: side('base'), ours: side('ours'), theirs: side('theirs') },
    });
    expect(result.git.code).toBe(127);
    expectSameOutput(result);
  });
});

describe('merge.conflictStyle from git’s configuration', () => {
  const files = ['-p', 'ours.md', 'base.md', 'theirs.md'];

  it.each([
    ['the repository’s', { repoConfig: '[merge]\n\tconflictStyle = diff3\n' }, true],
    ['the global one, in a repository', { repoConfig: '', globalConfig: '[merge]\n\tconflictstyle = zdiff3\n' }, true],
    [
      'the repository’s over the global one',
      { repoConfig: '[merge]\n\tconflictStyle = merge\n', globalConfig: '[merge]\n\tconflictStyle = diff3\n' },
      false,
    ],
  ])('uses %s when no style option is given', (_, setup, showsBase) => {
    const result = both(files, setup);
    expectSameOutput(result);
    expect(result.ours.stdout.toString().includes('|||||||')).toBe(showsBase);
  });

  it.each([[['--zdiff3']], [['--no-diff3']], [['--diff3', '--no-zdiff3']]])(
    'lets a style option (%j, --no- forms included) override it',
    (style) => {
      const result = both([...style, ...files], { repoConfig: '[merge]\n\tconflictStyle = diff3\n' });
      expectSameOutput(result);
    },
  );

  it('reads the global setting outside any repository too, as git ≥ 2.54 does (2.39 reads none there)', () => {
    const result = both(files, { globalConfig: '[merge]\n\tconflictStyle = diff3\n' });
    expect(result.ours.stdout.toString()).toContain('|||||||');
    expect(result.ours.stdout.toString()).toBe(both(['--diff3', ...files]).git.stdout.toString());
    const [major = 0, minor = 0] = (
      /(\d+)\.(\d+)/.exec(spawnSync('git', ['version'], { encoding: 'utf8' }).stdout) ?? []
    )
      .slice(1)
      .map(Number);
    const gitReadsIt = major > 2 || (major === 2 && minor >= 54);
    expect(result.git.stdout.toString().includes('|||||||')).toBe(gitReadsIt);
  });

  it('fails on an invalid setting with status 128 as git dies, even with -q', () => {
    const result = both(['-q', ...files], { repoConfig: '[merge]\n\tconflictStyle = fancy\n' });
    expect(result.git.code).toBe(128);
    expect(result.ours.code).toBe(128);
    expect(result.ours.stdout.toString()).toBe('');
    expect(result.ours.stderr).toMatch(
      /unknown style 'fancy' given for 'merge\.conflictstyle'.*\[MERGE_CONFIG_BAD_STYLE\]/,
    );
  });

  it('does not read the configuration when a style option is given (git does, and dies on an invalid one)', () => {
    // Deliberate: the common case with a style flag costs no git process. Documented in the README.
    const result = both(['--diff3', ...files], { repoConfig: '[merge]\n\tconflictStyle = fancy\n' });
    expect(result.git.code).toBe(128);
    expect(result.ours.code).toBe(2);
  });
});

describe('usage errors, as git’s parse-options reports them (status 129)', () => {
  it.each([
    ['no files', []],
    ['two files', ['ours.md', 'base.md']],
    ['four files', ['ours.md', 'base.md', 'theirs.md', 'base.md']],
    ['an unknown option', ['--bogus', 'ours.md', 'base.md', 'theirs.md']],
    ['an unknown switch in a cluster', ['-pz', 'ours.md', 'base.md', 'theirs.md']],
    ['a malformed marker size', ['--marker-size=abc', 'ours.md', 'base.md', 'theirs.md']],
    ['an empty marker size', ['--marker-size=', 'ours.md', 'base.md', 'theirs.md']],
    ['a marker size with trailing text', ['--marker-size', ' 5x', 'ours.md', 'base.md', 'theirs.md']],
    ['a missing label value', ['ours.md', 'base.md', 'theirs.md', '-L']],
    ['four labels', ['-L', 'a', '-L', 'b', '-L', 'c', '-L', 'd', 'ours.md', 'base.md', 'theirs.md']],
    ['a value for a switch', ['--stdout=yes', 'ours.md', 'base.md', 'theirs.md']],
    ['a value for a negation', ['--no-marker-size=3', 'ours.md', 'base.md', 'theirs.md']],
    ['a long option with one dash', ['-diff3', 'ours.md', 'base.md', 'theirs.md']],
    ['a negated option without negation', ['--no-diff-algorithm', 'ours.md', 'base.md', 'theirs.md']],
  ])('exits 129 with git’s message for %s', (_, args) => {
    const { git, ours } = both(args);
    expect(git.code).toBe(129);
    expect(ours.code).toBe(129);
    expect(ours.stdout.toString()).toBe('');
    expect(firstLine(ours.stderr)).toBe(firstLine(git.stderr).replace('git merge-file', 'skillmeat-sync merge-file'));
    // The usage follows where git prints it (unknown options, wrong number of files).
    expect(ours.stderr.includes('usage: ')).toBe(git.stderr.includes('usage: '));
    expect(ours.current.toString()).toBe(oursText);
  });

  it('prints the usage on stdout for -h, anywhere in a cluster, with git’s option lines', () => {
    for (const args of [['-h'], ['-ph', 'ours.md'], ['--help-all']]) {
      const { git, ours } = both(args);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: git.code, stderr: '' });
      const usage = ours.stdout.toString();
      expect(firstLine(usage)).toBe(
        firstLine(git.stdout.toString()).replace('git merge-file', 'skillmeat-sync merge-file'),
      );
      const optionLines = git.stdout.toString().split('\n').slice(1).filter(Boolean);
      expect(optionLines.length).toBeGreaterThan(8);
      for (const line of optionLines) expect(usage).toContain(`${line}\n`);
    }
  });

  it('reports an ambiguous abbreviation with the usage on stdout, as git does', () => {
    // --no could be any negation: git names the last two it found.
    const { git, ours } = both(['--no', 'ours.md', 'base.md', 'theirs.md']);
    expect(ours.code).toBe(129);
    expect(ours.stderr).toBe(git.stderr);
    expect(firstLine(ours.stdout.toString())).toMatch(/^usage: skillmeat-sync merge-file /);
  });
});

describe('git’s option semantics', () => {
  const files = ['ours.md', 'base.md', 'theirs.md'];
  it.each([
    [['--ours', '--theirs']],
    [['--theirs', '--ours']],
    [['--union', '--no-union']],
    [['--diff3', '--zdiff3']],
    [['--zdiff3', '--diff3']],
    [['--diff3', '--no-diff3']],
    [['--marker-size=3', '--marker-size=9']],
    [['--marker-size', '9', '--no-marker-size']],
    [['-p', '--no-stdout']],
    [['--uni']],
    [['--th']],
    [['--o']],
    [['--z']],
    [['--marker=4']],
    [['--mark', '4']],
    [['--no-std', '-p']],
    [['--no-th', '--theirs', '--no-u']],
    [['-qp']],
    [['-pLmine', '-Lold']],
    [['-L', '-p', '-p']],
  ])('the last option wins, --no- undoes, abbreviations and clusters work: %j', (options) => {
    expectSameOutput(both([...options, ...files]));
  });

  it('takes options after the files and stops at --', () => {
    expectSameOutput(both([...files, '-p', '--diff3']));
    const dashed = both(['-p', '--', '--diff3', 'base.md', 'theirs.md'], {});
    expect(dashed.git.code).toBe(255); // no file named --diff3
    expect(dashed.ours.code).toBe(255);
  });

  it.each([
    ['0'],
    ['-5'],
    [' +3'],
    ['4294967299'], // an int keeps the low 32 bits: 3
    ['2147483648'], // INT_MIN: the default
    ['99999999999999999999'], // strtol saturates at LONG_MAX, whose low 32 bits are -1
    ['1000000'],
  ])('reads --marker-size=%s as git does (0 or less: the default)', (size) => {
    expectSameOutput(both(['-p', `--marker-size=${size}`, ...files]));
  });

  it('fails on a marker size too large to write, as git fails, instead of crashing', () => {
    const { git, ours } = both(['-p', '--marker-size=1000000000', ...files]);
    expect(git.code).toBe(128);
    expect(ours.code).toBe(128);
    expect(ours.stderr).toMatch(/^error: The merged text would be over .* \[MERGE_OUTPUT_TOO_LARGE\]\nhint: /);
    expect(ours.stderr).not.toMatch(/Invalid string length|RangeError/);
  });
});

describe('zdiff3 (the intent of git’s t6427 "check zdiff3 markers")', () => {
  const lines = (...items: string[]) => `${items.join('\n')}\n`;
  it.each([
    [
      'a conflict whose sides share a prefix',
      lines('1', '2', '3', '4', 'p', 'q', 'r', 's', 't', '7'),
      lines('1', '2', '3', '4', 'p', 'x', 'r', 'y', 't', '7'),
    ],
    [
      'two conflicts around common lines',
      lines('1', '2', 'CC', '3', '4', 'DD', '5'),
      lines('1', '2', 'EE', '3', '4', 'FF', '5'),
    ],
    [
      'sides that end alike',
      lines('1', '2', '3', '4', 'p', 'q', 'r', 's', 'f', 'g', '7'),
      lines('1', '2', '3', '4', 'p', 'q', 'r', '5', '6', 'f', 'g', '7'),
    ],
    [
      'common lines inside both sides',
      lines('1', '2', '3', '4', 'X', 'p', 'q', 'r', '7'),
      lines('1', '2', '3', '4', 'Y', 'p', 'q', 'r', 'q', 'r', '7'),
    ],
  ])('moves only the lines common to both ends out of the conflict: %s', (_, oursSide, theirsSide) => {
    const files = { base: lines('1', '2', '3', '4', '5', '6', '7'), ours: oursSide, theirs: theirsSide };
    const result = both(['-p', '--zdiff3', ...FILES], { files });
    expect(result.git.code).toBeGreaterThan(0);
    expectSameOutput(result);
  });
});

describe('labels and paths byte for byte', () => {
  it.each([
    ['a line feed', ['-L', 'two\nlines', '-L', 'base\n', '-L', '\n']],
    ['a carriage return', ['-L', 'mine\r', '-L', 'b\r\n', '-L', 'x\ry']],
  ])('writes labels with %s as given', (_, labels) => {
    expectSameOutput(both(['-p', '--diff3', ...labels, 'ours.md', 'base.md', 'theirs.md']));
  });

  it('keeps label bytes that are not UTF-8', () => {
    const result = bothInShell(
      `MERGE_FILE -p --diff3 -L "$(printf 'caf\\351')" -L "$(printf '\\377\\376')" ours.md base.md theirs.md`,
    );
    expect(result.git.stdout.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]))).toBe(true);
    expectSameOutput(result);
  });

  it('reads and writes files whose names are not UTF-8, and labels the markers with the name’s bytes', () => {
    const rename = `n=$(printf 'caf\\351.md'); cp ours.md "$n"`;
    const result = bothInShell(`${rename}; MERGE_FILE "$n" base.md theirs.md; s=$?; cat "$n"; exit $s`);
    expect(result.git.stdout.includes(Buffer.from('<<<<<<< caf\xe9.md\n', 'latin1'))).toBe(true);
    expectSameOutput(result);
  });
});

describe('-q', () => {
  it.each([
    ['a missing file', ['-p', 'ours.md', 'base.md', 'missing.md'], {}],
    ['binary content', ['-p', ...FILES], { files: { theirs: 'bin\0ary\n' } }],
  ])('silences the error message for %s, as git does, and keeps status 255', (_, args, setup) => {
    const loud = both(args, setup);
    const quiet = both(['-q', ...args], setup);
    for (const { git, ours } of [loud, quiet]) {
      expect(git.code).toBe(255);
      expect(ours.code).toBe(255);
    }
    expect(loud.git.stderr).not.toBe('');
    expect(loud.ours.stderr).not.toBe('');
    expect(quiet.git.stderr).toBe('');
    expect(quiet.ours.stderr).toBe('');
  });

  it('does not silence usage errors, parsed before it', () => {
    const { git, ours } = both(['-q', '--bogus', ...FILES]);
    expect(firstLine(ours.stderr)).toBe(firstLine(git.stderr));
    expect(ours.code).toBe(129);
  });
});

describe('--diff-algorithm', () => {
  // A function moved below another and an edit to the other one (the intent of git's
  // t6403 "myers creates some spurious conflicts", with our own text): myers and minimal
  // align the moved function with the edited one and conflict; patience and histogram merge.
  const moved = {
    base: 'int clamp(int v, int lo)\n{\n\tif (v < lo)\n\t{\n\t\treturn lo;\n\t}\n\treturn v;\n}\n\nint count(int n)\n{\n\tfor (int i = 0; i < n; i++)\n\t{\n\t\ttotal++;\n\t}\n\treturn total;\n}\n',
    ours: 'int count(int n)\n{\n\tfor (int i = 0; i < n; i++)\n\t{\n\t\ttotal++;\n\t}\n\treturn total;\n}\n\nint pick(int a, int b, int c)\n{\n\tif (c > 0)\n\t{\n\t\treturn a;\n\t}\n\treturn b;\n}\n',
    theirs:
      'int clamp(int v, int lo)\n{\n\tif (v < lo)\n\t{\n\t\treturn lo;\n\t}\n\treturn v;\n}\n\nint count(int n)\n{\n\tfor (int i = n; i > 0; i--)\n\t{\n\t\ttotal += 2;\n\t}\n\treturn total;\n}\n',
  };

  /**
   * The machine's git merge-file has no --diff-algorithm (2.44 added it), but its
   * `git merge -s recursive -X diff-algorithm=…` runs the same xdl_merge; with diff3 markers
   * both merge at level EAGER, so the file it leaves is merge-file's output.
   */
  function gitMergeWith(algorithm: string): { text: string; baseLabel: string } {
    const { dir, env } = fixture({ files: moved });
    const gitEnv = {
      ...env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@e',
    };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, env: gitEnv, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'merge.conflictStyle', 'diff3');
    const commit = (text: string) => {
      writeFileSync(join(dir, 'f.c'), text);
      git('add', 'f.c');
      git('commit', '-q', '-m', 'x');
    };
    commit(moved.base);
    git('checkout', '-q', '-b', 'theirs');
    commit(moved.theirs);
    git('checkout', '-q', 'main');
    commit(moved.ours);
    git('merge', '-q', '-s', 'recursive', '-X', `diff-algorithm=${algorithm}`, 'theirs');
    const text = readFileSync(join(dir, 'f.c'), 'utf8');
    return { text, baseLabel: /^\|{7} (.*)$/m.exec(text)?.[1] ?? 'base' };
  }

  it.each([['myers'], ['minimal'], ['patience'], ['histogram']])(
    '%s merges as git’s xdl_merge does with that algorithm',
    (algorithm) => {
      const reference = gitMergeWith(algorithm);
      const labels = ['-L', 'HEAD', '-L', reference.baseLabel, '-L', 'theirs'];
      const { ours } = both(['-p', '--diff3', `--diff-algorithm=${algorithm}`, ...labels, ...FILES], { files: moved });
      expect(ours.stdout.toString()).toBe(reference.text);
      expect(ours.code).toBe(algorithm === 'myers' || algorithm === 'minimal' ? 2 : 0);
    },
  );

  it('defaults to myers, as git merge-file, and takes git’s spellings', () => {
    const plain = both(['-p', '--diff3', ...FILES], { files: moved });
    expectSameOutput(plain);
    const histogram = both(['-p', '--diff3', '--diff-algorithm=histogram', ...FILES], { files: moved }).ours;
    for (const spelling of [['--diff-algorithm', 'HISTOGRAM'], ['--diff-alg=Histogram']]) {
      const { ours } = both(['-p', '--diff3', ...spelling, ...FILES], { files: moved });
      expect(ours.stdout.toString()).toBe(histogram.stdout.toString());
    }
    const byDefault = both(['-p', '--diff3', '--diff-algorithm=default', ...FILES], { files: moved });
    expect(byDefault.ours.stdout.toString()).toBe(plain.git.stdout.toString());
  });

  it('refuses an unknown algorithm with newer git’s message and status 129', () => {
    const { git, ours } = both(['--diff-algorithm=fast', ...FILES]);
    expect(git.code).toBe(129); // git 2.39 does not know the option at all
    expect(ours.code).toBe(129);
    expect(ours.stderr).toBe('error: option diff-algorithm accepts "myers", "minimal", "patience" and "histogram"\n');
  });
});

describe('our additions', () => {
  it('prints the outcome as JSON with --json, written only in full', () => {
    const { dir, env } = fixture();
    const result = spawnSync(process.execPath, [bin, 'merge-file', '-p', '--json', ...FILES], { cwd: dir, env });
    expect(result.status).toBe(1);
    const json = JSON.parse(result.stdout.toString()) as { clean: boolean; conflicts: unknown[]; written: null };
    expect(json).toMatchObject({ clean: false, written: null });
    expect(json.conflicts).toHaveLength(1);
    const abbreviated = spawnSync(process.execPath, [bin, 'merge-file', '-p', '--js', ...FILES], { cwd: dir, env });
    expect(abbreviated.status).toBe(129);
  });

  it('reports a missing file in one line with a hint, exit 255', () => {
    const { git, ours } = both(['-p', 'ours.md', 'base.md', 'nope.md']);
    expect(git.code).toBe(255);
    expect(ours.code).toBe(255);
    expect(ours.stderr).toMatch(/^error: Could not read nope\.md\. \[MERGE_FILE_UNREADABLE\]\nhint: /);
  });
});
