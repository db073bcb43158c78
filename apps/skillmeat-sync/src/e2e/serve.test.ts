import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, useSandbox } from '../../test/fixture.js';

const sandbox = useSandbox();

/** Starts `serve` as a real process and resolves with its URL once it listens. */
function serve(home: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    cwd,
    env: { ...process.env, SKILLMEAT_HOME: home, NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve(match[1] as string);
    });
    exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('serve', () => {
  it('serves the API on loopback with the token from init, and stops cleanly on SIGTERM', async () => {
    const { home, project, upstream, cli } = sandbox();
    cli.ok(['init']);
    cli.ok(['add', `${upstream}#skills/review`]);
    const token = cli.ok(['config', 'get', 'api_token']).stdout.trim();
    const server = serve(home, project);
    const url = await server.url;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const body = JSON.stringify({ artifact: 'review', direction: 'upstream' });
    const headers = { 'content-type': 'application/json' };
    expect((await fetch(`${url}/v1/sync`, { method: 'POST', body, headers })).status).toBe(401);
    const planned = await fetch(`${url}/v1/sync`, {
      method: 'POST',
      body,
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
    expect(await planned.json()).toMatchObject({ status: 'planned', artifact_id: 'skill:review' });
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { info: unknown };
    expect(doc.info).toMatchObject({ title: 'skillmeat-sync API', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output().stderr).toBe('stopped\n');
  });

  it('takes its token from SKILLMEAT_TOKEN, over the collection’s', async () => {
    const { home, project, upstream, cli } = sandbox();
    cli.ok(['init']);
    cli.ok(['add', `${upstream}#skills/review`]);
    const configured = cli.ok(['config', 'get', 'api_token']).stdout.trim();
    const token = 'from-the-environment-0123456789';
    const server = serve(home, project, { SKILLMEAT_TOKEN: token });
    const url = await server.url;
    const sync = (bearer: string) =>
      fetch(`${url}/v1/sync`, {
        method: 'POST',
        body: JSON.stringify({ artifact: 'review', direction: 'upstream' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      });
    expect((await sync(configured)).status).toBe(401);
    expect((await sync(token)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('refuses to start without a token to require', async () => {
    const { cli } = sandbox();
    const result = cli.run(['serve', '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[API_TOKEN_MISSING]\nhint: run `skillmeat-sync init`');
  });

  it('is loaded only by serve: the other commands’ bundle imports neither the server nor the sync library', () => {
    const bundle = readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'index.js'), 'utf8');
    const staticImports = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]);
    expect(staticImports.filter((name) => /sync-api|artifact-sync|hono|zod|sqlite/.test(name as string))).toEqual([]);
    expect(bundle).toContain('import("@lineage/sync-api")');
  });
});
