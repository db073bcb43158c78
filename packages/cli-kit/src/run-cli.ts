import { flush } from '@oclif/core/flush';
import { run } from '@oclif/core/run';
import { describeError } from './describe-error.js';
import { loadRoot, manifestConfig } from './manifest-config.js';

/**
 * The bin entry of each CLI: runs oclif and turns any error that escaped a command
 * (unknown command, bad flags, failures before a command starts) into the shared one-line
 * form and exit code. Commands render their own errors (see LineageCommand.catch).
 * A run of one of the CLI's commands starts from its manifest (see manifestConfig); help,
 * --version and anything unknown load oclif in full.
 */
export async function runCli({
  bin,
  root,
  argv = process.argv.slice(2),
}: {
  bin: string;
  root: string;
  argv?: string[];
}): Promise<void> {
  try {
    await run(argv, (await manifestConfig(root, argv, bin)) ?? loadRoot(root, bin));
    await flush();
  } catch (error) {
    const reported = (error as { lineageReported?: boolean; oclif?: { exit?: number } }).lineageReported;
    if (reported) {
      process.exitCode = (error as { oclif: { exit: number } }).oclif.exit;
      return;
    }
    if ((error as { code?: string }).code === 'EEXIT') {
      process.exitCode = (error as { oclif: { exit: number } }).oclif.exit;
      return;
    }
    const report = describeError(error, bin);
    process.stderr.write(`${report.line}\n`);
    if (report.hint) process.stderr.write(`hint: ${report.hint}\n`);
    if ((argv.includes('--debug') || process.env.LINEAGE_DEBUG) && report.stack)
      process.stderr.write(`${report.stack}\n`);
    process.exitCode = report.exitCode;
  }
}
