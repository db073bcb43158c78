import type { GenerateProgress } from '@lineage/symbol-diff';

interface Stream {
  write(text: string): unknown;
}

/**
 * Shows generate's eight steps on stderr, one line each with its time. On a terminal the
 * current step's line is rewritten in place as work advances (files analysed, dependents
 * verified: at most ten times a second); elsewhere (`--progress` into a log) each step
 * prints its line when it ends.
 */
export function stepProgress(stream: Stream, live: boolean): (event: GenerateProgress) => void {
  let started = 0;
  let drawn = 0;
  const label = (e: GenerateProgress) => `[${e.index}/8] ${e.title}`;
  const draw = (text: string) => stream.write(`\r\u001b[K${text}`);
  return (e) => {
    const now = performance.now();
    if (e.status === 'start') {
      started = now;
      if (live) draw(`${label(e)} …`);
    } else if (e.status === 'progress') {
      if (live && now - drawn > 100) {
        drawn = now;
        draw(`${label(e)} … ${e.detail ? `${e.detail} ` : ''}${e.done}/${e.total}`);
      }
    } else {
      const end = e.status === 'skipped' ? `skipped (${e.detail})` : `${((now - started) / 1000).toFixed(1)} s`;
      if (live) draw(`${label(e)} — ${end}\n`);
      else stream.write(`${label(e)} — ${end}\n`);
    }
  };
}
