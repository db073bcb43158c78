import { parentPort } from 'node:worker_threads';
import type { Lang } from '../facts.js';
import { analyzeSource } from './analyze-file.js';
import { loadTypeScript } from './typescript.js';

/** A worker thread of the analysis pool: batches of (language, text) in, facts out. */
export interface WorkerRequest {
  id: number;
  items: Array<{ lang: Lang; text: string }>;
}

const port = parentPort;
if (port) {
  const ts = await loadTypeScript();
  port.on('message', (request: WorkerRequest) => {
    try {
      port.postMessage({ id: request.id, facts: request.items.map((item) => analyzeSource(ts, item.lang, item.text)) });
    } catch (error) {
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
}
