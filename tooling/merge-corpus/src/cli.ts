import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extractScenarios } from './extract.js';

const USAGE =
  'usage: merge-corpus <repository> <output-dir> [--max-merges N] [--skip-merges N] [--max-scenarios N] [--name NAME]';

/** The `merge-corpus` command: returns the exit code. */
export function runCli(argv: readonly string[]): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 2) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const [repo, outDir] = positionals as [string, string];
  const name = values.name ?? basename(resolve(repo)).replace(/\.git$/, '');
  const summary = extractScenarios(repo, {
    outDir,
    name,
    maxMerges: values['max-merges'] === undefined ? undefined : Number(values['max-merges']),
    skipMerges: values['skip-merges'] === undefined ? undefined : Number(values['skip-merges']),
    maxScenarios: values['max-scenarios'] === undefined ? undefined : Number(values['max-scenarios']),
    onProgress: (merges, scenarios) => {
      if (merges % 100 === 0) process.stderr.write(`${name}: ${merges} merges, ${scenarios} scenarios\n`);
    },
  });
  process.stdout.write(`${JSON.stringify({ repository: name, ...summary })}\n`);
  return 0;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'max-merges': { type: 'string' },
      'skip-merges': { type: 'string' },
      'max-scenarios': { type: 'string' },
      name: { type: 'string' },
    },
  });
}
