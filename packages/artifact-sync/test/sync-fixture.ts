import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, useTempDirs } from '@lineage/test-utils';
import { afterEach } from 'vitest';
import { SyncService, type SyncServiceOptions } from '../src/index.js';

/** A real git repository standing in for an upstream: write files, commit, tag. */
export class Upstream {
  constructor(readonly dir: string) {
    git(dir, ['init', '-q', '-b', 'main']);
  }

  write(files: Record<string, string | Uint8Array | null>): this {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) rmSync(full, { force: true, recursive: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    return this;
  }

  commit(message = 'change'): string {
    git(this.dir, ['add', '-A']);
    git(this.dir, ['commit', '-q', '--allow-empty', '-m', message]);
    return this.head();
  }

  head(): string {
    return git(this.dir, ['rev-parse', 'HEAD']).trim();
  }

  run(args: string[]): string {
    return git(this.dir, args);
  }

  /** Plumbing, for trees git itself would never write (a hostile server's). */
  hashObject(content: string): string {
    return this.plumbing(['hash-object', '-w', '--stdin'], content);
  }

  mktree(entries: string[]): string {
    return this.plumbing(['mktree'], `${entries.join('\n')}\n`);
  }

  /** Points main at a new commit of `tree`. */
  setHead(tree: string): string {
    const commit = this.plumbing(['commit-tree', tree, '-p', 'HEAD', '-m', 'crafted'], '');
    git(this.dir, ['update-ref', 'refs/heads/main', commit]);
    return commit;
  }

  private plumbing(args: string[], input: string): string {
    return git(this.dir, args, input).trim();
  }
}

/** Temp directories, an upstream, a project and a service per test, all cleaned up after it. */
export function useSyncFixture(options: SyncServiceOptions = {}) {
  const tempDir = useTempDirs('artifact-sync-');
  const open: SyncService[] = [];
  afterEach(async () => {
    for (const service of open.splice(0)) await service.close();
  });
  return {
    tempDir,
    upstream: () => new Upstream(tempDir()),
    project: () => tempDir(),
    /** An upstream with the review skill, a collection that added it, and a project it is deployed in. */
    async deployed(files: Record<string, string | Uint8Array> = skillFiles(), extra: SyncServiceOptions = {}) {
      const upstream = new Upstream(tempDir()).write(files);
      upstream.commit('v1');
      const service = await this.service(extra);
      const project = tempDir();
      await service.add({ source: `${upstream.dir}#skills/review` });
      await service.deploy({ artifact: 'review', project });
      return { upstream, service, project };
    },
    async service(extra: SyncServiceOptions = {}): Promise<SyncService> {
      const service = await SyncService.open({
        home: tempDir(),
        retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
        ...options,
        ...extra,
      });
      open.push(service);
      return service;
    },
  };
}

/** The review skill's SKILL.md with some of its six body lines replaced: `skill({ 0: 'ONE' })`. */
export function skill(lines: Record<number, string> = {}): string {
  const body = ['one', 'two', 'three', 'four', 'five', 'six']
    .map((line, index) => `${lines[index] ?? line}\n`)
    .join('');
  return `---\nname: review\n---\n${body}`;
}

export const skillFiles = () => ({
  'skills/review/SKILL.md': skill(),
  'skills/review/checklist.md': 'check a\ncheck b\n',
});

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

export function write(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Every file under `dir` with its bytes and modification time: to prove an operation wrote nothing. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else out[full.slice(dir.length)] = `${stat.mtimeMs}:${readFileSync(full).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}

export function skillPath(project: string, file = 'SKILL.md'): string {
  return join(project, '.claude', 'skills', 'review', file);
}
