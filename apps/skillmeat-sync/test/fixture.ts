import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type BinResult, binRunner, git, useTempDirs } from '@lineage/test-utils';

export const bin = join(import.meta.dirname, '..', 'bin', 'run.js');

/** The review skill's SKILL.md with some of its six body lines replaced: `skill({ 0: 'ONE' })`. */
export function skill(lines: Record<number, string> = {}): string {
  const body = ['one', 'two', 'three', 'four', 'five', 'six'].map((line, i) => `${lines[i] ?? line}\n`).join('');
  return `---\nname: review\n---\n${body}`;
}

export function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

export const read = (path: string): string => readFileSync(path, 'utf8');

/** Every file under `dir` with its bytes and modification time: to prove a command wrote nothing. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[full.slice(dir.length)] = `${statSync(full).mtimeMs}:${readFileSync(full).toString('base64')}`;
  }
  return out;
}

/**
 * A sandbox per test: a collection ($SKILLMEAT_HOME), a real git upstream holding the review
 * skill and a fix command, and a project directory; `cli` runs the built bin there.
 */
export function useSandbox() {
  const tempDir = useTempDirs('skillmeat-e2e-');
  return () => {
    const root = tempDir();
    const home = join(root, 'home');
    const upstream = join(root, 'upstream');
    const project = join(root, 'project');
    mkdirSync(project);
    mkdirSync(upstream);
    git(upstream, ['init', '-q', '-b', 'main']);
    write(join(upstream, 'skills', 'review', 'SKILL.md'), skill());
    write(join(upstream, 'skills', 'review', 'checklist.md'), 'check a\ncheck b\n');
    write(join(upstream, 'commands', 'fix.md'), 'Fix the bug.\n');
    const commit = (message: string, files: Record<string, string> = {}) => {
      for (const [path, content] of Object.entries(files)) write(join(upstream, path), content);
      git(upstream, ['add', '-A']);
      git(upstream, ['commit', '-qm', message]);
    };
    commit('v1');
    git(upstream, ['tag', 'v1']);
    const runner = binRunner(bin, { SKILLMEAT_HOME: home });
    const cli = {
      run: (args: string[], env?: NodeJS.ProcessEnv): BinResult => runner.run(project, args, env),
      ok: (args: string[], env?: NodeJS.ProcessEnv): BinResult => runner.ok(project, args, env),
      json: <T = Record<string, unknown>>(args: string[], env?: NodeJS.ProcessEnv): T =>
        JSON.parse(runner.run(project, [...args, '--json'], env).stdout) as T,
    };
    const deployed = join(project, '.claude', 'skills', 'review', 'SKILL.md');
    return { root, home, upstream, project, deployed, commit, cli };
  };
}

/**
 * Runs the bin on a pseudo-terminal (util-linux `script`), typing `input` ahead: how the
 * interactive prompts are reached. Returns what the terminal showed and the exit code.
 */
export function runInTerminal(cwd: string, args: string[], input: string, env: NodeJS.ProcessEnv): BinResult {
  const command = [process.execPath, bin, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Deployed, then edited in the project (line `projectLine`) and upstream (line `upstreamLine`). */
export function diverged(sandbox: ReturnType<typeof useSandbox>, projectLine: number, upstreamLine: number) {
  const box = sandbox();
  box.cli.ok(['add', `${box.upstream}#skills/review`]);
  box.cli.ok(['deploy', 'review']);
  write(box.deployed, skill({ [projectLine]: 'edited in the project' }));
  box.commit('v2', { 'skills/review/SKILL.md': skill({ [upstreamLine]: 'edited upstream' }) });
  return box;
}
