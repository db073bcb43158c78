import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { choose, colorDiff, createProgress, createStyle, formatTable } from './index.js';

function sink() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

describe('formatTable', () => {
  it('pads columns to their widest visible cell, colour codes not counted, no trailing blanks', () => {
    const red = createStyle(true).red;
    expect(
      formatTable([
        ['NAME', 'STATUS', 'NOTE'],
        ['review', red('conflict'), ''],
        ['a', 'ok', 'x'],
      ]),
    ).toEqual(['NAME    STATUS    NOTE', `review  ${red('conflict')}`, 'a       ok        x']);
  });
});

describe('colorDiff', () => {
  it('colours added, removed and hunk lines only when styling is on', () => {
    const diff = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same';
    expect(colorDiff(diff, createStyle(false))).toBe(diff);
    const lines = colorDiff(diff, createStyle(true)).split('\n');
    expect(lines[1]).toBe('\u001b[1m--- a/x\u001b[22m');
    expect(lines[3]).toBe('\u001b[36m@@ -1 +1 @@\u001b[39m');
    expect(lines.slice(4)).toEqual(['\u001b[31m-old\u001b[39m', '\u001b[32m+new\u001b[39m', ' same']);
  });
});

describe('createProgress', () => {
  it('draws nothing when disabled, nor before its delay', async () => {
    const off = sink();
    const disabled = createProgress(off.stream, { enabled: false, delayMs: 0 });
    disabled.update('working');
    await new Promise((resolve) => setTimeout(resolve, 30));
    disabled.stop();
    const quick = sink();
    const early = createProgress(quick.stream, { enabled: true, delayMs: 1000 });
    early.update('working');
    early.stop();
    expect(off.text() + quick.text()).toBe('');
  });

  it('redraws one line in place after the delay and clears it when stopped', async () => {
    const out = sink();
    const progress = createProgress(out.stream, { enabled: true, delayMs: 5, intervalMs: 5 });
    progress.update('fetching upstream');
    // A busy machine may fire the timer late: wait for the second frame rather than a fixed time.
    for (let waited = 0; !out.text().includes('⠙') && waited < 5000; waited += 5)
      await new Promise((resolve) => setTimeout(resolve, 5));
    progress.stop();
    expect(out.text()).toContain('\r\u001b[2K⠋ fetching upstream\r\u001b[2K⠙ fetching upstream');
    expect(out.text().endsWith('\r\u001b[2K')).toBe(true);
    expect(out.text()).not.toContain('\n');
  });
});

describe('choose', () => {
  const choices = [
    { key: 'o', value: 'ours', label: 'keep ours' },
    { key: 't', value: 'theirs', label: 'take theirs' },
  ] as const;

  it('asks again until a choice is typed, by key or by word', async () => {
    const input = new PassThrough();
    const output = sink();
    const answer = choose('SKILL.md?', choices, { input, output: output.stream });
    input.write('maybe\n');
    input.write('theirs\n');
    expect(await answer).toBe('theirs');
    expect(output.text()).toContain('please answer one of: o, t');
    expect(output.text()).toContain('SKILL.md? [o] keep ours, [t] take theirs: ');
  });

  it('treats the end of input as a refusal, not a hang', async () => {
    const input = new PassThrough();
    const answer = choose('SKILL.md?', choices, { input, output: sink().stream });
    input.end();
    await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
