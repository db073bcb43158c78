import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/**
 * The bare repository `<root>/repo.git` served over git's "dumb" HTTP protocol (plain files) on loopback, that
 * can answer the next requests with an error status first: a rate limit (429), a server
 * error (5xx). Real git talks to it; nothing is mocked.
 */
export async function serveRepository(root: string) {
  let failures: { left: number; status: number } = { left: 0, status: 429 };
  let requests = 0;
  const server = createServer(async (request, response) => {
    requests++;
    if (failures.left > 0) {
      failures.left--;
      response.writeHead(failures.status, { 'retry-after': '1' }).end('slow down\n');
      return;
    }
    const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/')).replace(/^\/+/, '');
    if (path.startsWith('..')) return response.writeHead(403).end();
    try {
      const body = await readFile(join(root, path));
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/repo.git`,
    get requests() {
      return requests;
    },
    /** The next `count` requests get `status`. */
    fail(count: number, status = 429) {
      failures = { left: count, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
