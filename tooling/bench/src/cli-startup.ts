import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureCommand } from './measure.js';
import { writeReport } from './report.js';

/**
 * Start-up cost of a CLI, side by side with bare Node: what every invocation pays before
 * doing any work. A VCS called in loops cannot afford much of it.
 */
export function benchCliStartup(appDir: string, runs = 15): void {
  const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { oclif: { bin: string } };
  const bin = join(appDir, 'bin', 'run.js');
  const name = manifest.oclif.bin;
  const node = measureCommand('node -e 0', process.execPath, ['-e', '0'], { runs });
  const version = measureCommand(`${name} --version`, process.execPath, [bin, '--version'], { runs });
  const help = measureCommand(`${name} --help`, process.execPath, [bin, '--help'], { runs });
  writeReport({
    suite: `${name} start-up`,
    measurements: [node, version, help],
    comparisons: [{ label: `${name} --version vs bare node`, ours: version, reference: node }],
    notes: ['Wall time per invocation, Node start included; medians of repeated runs.'],
  });
}
