import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerFailed } from '../errors.js';
import type { FileFacts, Lang } from '../facts.js';
import type { WorkerRequest } from './analysis-worker.js';

const BATCH_SIZE = 32;

/**
 * The worker script. The package ships it as dist/analysis-worker.js beside the bundle (or
 * one level up, from dist/bench); when this module runs from its TypeScript source (the
 * tests), the built copy is used.
 */
function workerScript(): URL {
  const candidates = ['./analysis-worker.js', '../analysis-worker.js', '../../dist/analysis-worker.js'];
  for (const candidate of candidates) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw workerFailed('dist/analysis-worker.js is missing: build the package first');
}

/**
 * Analyses files on `size` worker threads. Each worker takes the next batch when it is
 * done with one, so a slow file does not hold the others up; results come back in input
 * order whatever the order workers finish in.
 */
export async function analyzeInWorkers(
  items: ReadonlyArray<{ lang: Lang; text: string }>,
  size: number,
  onBatch: (done: number) => void,
): Promise<FileFacts[]> {
  const results = new Array<FileFacts>(items.length);
  const batches: Array<{ start: number; items: Array<{ lang: Lang; text: string }> }> = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    batches.push({ start, items: items.slice(start, start + BATCH_SIZE) });
  }
  const workers = Array.from({ length: Math.min(size, batches.length) }, () => new Worker(workerScript()));
  let next = 0;
  let done = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const batch = batches[next];
              if (!batch) return resolve();
              const request: WorkerRequest = { id: next++, items: batch.items };
              worker.postMessage(request);
            };
            worker.on('message', (message: { id: number; facts?: FileFacts[]; error?: string }) => {
              if (message.error !== undefined || !message.facts) {
                reject(workerFailed(message.error ?? 'no result'));
                return;
              }
              const batch = batches[message.id] as { start: number };
              message.facts.forEach((facts, i) => {
                results[batch.start + i] = facts;
              });
              done += message.facts.length;
              onBatch(done);
              send();
            });
            worker.on('error', (error) => reject(workerFailed(error.message, error)));
            worker.on('exit', (code) => {
              if (code !== 0) reject(workerFailed(`exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}
