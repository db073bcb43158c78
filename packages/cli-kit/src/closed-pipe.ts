/**
 * A reader that stops early (`atomic log | head -1`) closes the pipe under us: every later write
 * fails with EPIPE. That is the reader's choice, not a failure, so the process ends quietly with
 * exit 0, as git does — instead of an unhandled error event, or a top-level await that never
 * settles (Node's exit 13) while oclif waits for stdout to drain.
 */
export function endQuietlyOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
}
