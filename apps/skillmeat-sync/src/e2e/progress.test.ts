import { spawn } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, useSandbox } from '../../test/fixture.js';

const sandbox = useSandbox();

/**
 * An upstream that answers only once `gate` exists: git's ext transport runs this script as the
 * remote's upload-pack. The test holds the gate shut until it has seen the spinner, so nothing
 * depends on how fast the machine is.
 */
function gatedUpstream(root: string, repository: string) {
  const gate = join(root, 'gate');
  const script = join(root, 'gated-upload-pack.sh');
  writeFileSync(
    script,
    `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.05; done\nexec git "\${1#git-}" '${repository}'\n`,
  );
  chmodSync(script, 0o755);
  return {
    url: `ext::${script} %S`,
    open: () => writeFileSync(gate, ''),
    close: () => rmSync(gate, { force: true }),
  };
}

describe('progress', () => {
  it('spins on stderr while an upstream is slow, on a terminal only, and clears its line', async () => {
    const { root, home, project, upstream, cli } = sandbox();
    const env = { GIT_ALLOW_PROTOCOL: 'ext:file' };
    const gated = gatedUpstream(root, upstream);
    gated.open();
    cli.ok(['add', `${gated.url}#skills/review`], env);
    cli.ok(['deploy', 'review'], env);

    gated.close();
    const command = [process.execPath, bin, 'drift', '--check-all'].map((arg) => `'${arg}'`).join(' ');
    const terminal = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: project,
      env: { ...process.env, ...env, SKILLMEAT_HOME: home, NO_COLOR: '1' },
    });
    let shown = '';
    const exited = new Promise<number | null>((resolve) => terminal.on('close', resolve));
    await new Promise<void>((resolve) =>
      terminal.stdout.on('data', (chunk) => {
        shown += chunk;
        if (shown.includes('asking 1 upstream(s)')) resolve();
      }),
    );
    gated.open();
    expect(await exited).toBe(0);
    // Drawn in place (carriage return, erase line), first frame first; cleared before the table.
    const redraw = '\r\u001b[2K';
    expect(shown).toContain(`${redraw}⠋ asking 1 upstream(s)`);
    expect(shown).toContain(`${redraw}ARTIFACT`);

    // Not a terminal: the same wait, and not a byte of progress.
    gated.close();
    const piped = spawn(process.execPath, [bin, 'drift', '--check-all'], {
      cwd: project,
      env: { ...process.env, ...env, SKILLMEAT_HOME: home },
    });
    let stderr = '';
    piped.stderr.on('data', (chunk) => (stderr += chunk));
    const pipedExit = new Promise<number | null>((resolve) => piped.on('close', resolve));
    // Longer than the spinner's delay (were it drawn); a slow machine only makes the wait longer.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    gated.open();
    expect(await pipedExit).toBe(0);
    expect(stderr).toBe('');
  });
});
