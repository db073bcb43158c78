import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, useTempDirs } from '@lineage/test-utils';
import { afterEach } from 'vitest';
import { type RunningServer, startSyncApi } from '../src/index.js';

export const TOKEN = 'test-token-0123456789abcdef';

export function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A real git repository standing in for an upstream. */
export class Upstream {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q', '-b', 'main']);
  }

  commit(files: Record<string, string>, message = 'change'): void {
    for (const [path, content] of Object.entries(files)) write(join(this.dir, path), content);
    git(this.dir, ['add', '-A']);
    git(this.dir, ['commit', '-qm', message]);
  }
}

export interface Api {
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Temp directories, and a server on a free loopback port per test, closed after it. */
export function useApi() {
  const tempDir = useTempDirs('sync-api-');
  const servers: RunningServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    tempDir,
    async start(home: string, options: { host?: string } = {}): Promise<Api> {
      const server = await startSyncApi({ home, port: 0, token: TOKEN, ...options });
      servers.push(server);
      const call = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: {
            ...(method === 'POST' ? { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } : {}),
            ...headers,
          },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
      };
      return {
        url: server.url,
        get: (path, headers = {}) => call('GET', path, undefined, headers),
        post: (path, body, headers = {}) => call('POST', path, body, headers),
      };
    },
  };
}

/** The review skill's SKILL.md with some of its six body lines replaced. */
export function skill(lines: Record<number, string> = {}, name = 'review'): string {
  const body = ['one', 'two', 'three', 'four', 'five', 'six'].map((line, i) => `${lines[i] ?? line}\n`).join('');
  return `---\nname: ${name}\n---\n${body}`;
}
