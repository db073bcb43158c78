import type { Repository } from '@lineage/patch-graph';

/**
 * Fault injection for the crash tests: `ATOMIC_FAULT=<point>` kills the process at that
 * point, as a power cut or `kill -9` would. Points: `output-started`, `output-file-written`
 * (working-copy rewrite), `record-change-stored` (change file written, transaction not run).
 */
export function faultPoint(point: string): void {
  if (process.env.ATOMIC_FAULT === point) process.kill(process.pid, 'SIGKILL');
}

/** Puts `record-change-stored` between patch-graph's change-file write and its transaction. */
export function injectFaults(pristine: Repository): void {
  const store = pristine.changes;
  const write = store.write.bind(store);
  store.write = (change) => {
    const hash = write(change);
    faultPoint('record-change-stored');
    return hash;
  };
}
