import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { formatReport, hasCommand, measure, measureCommand, median, ratio, writeReport } from './index.js';

describe('bench harness', () => {
  it('takes medians of odd and even sample counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('measures in-process work, excluding warm-up runs and `before` hooks', async () => {
    let calls = 0;
    const m = await measure('count', () => calls++, { runs: 5, warmup: 2, before: () => undefined });
    expect(calls).toBe(7);
    expect(m.runs).toBe(5);
    expect(m.minMs).toBeLessThanOrEqual(m.medianMs);
  });

  it('measures commands and refuses a failing one', () => {
    expect(measureCommand('true', 'true', [], { runs: 2 }).runs).toBe(2);
    expect(() => measureCommand('false', 'false', [], { runs: 1 })).toThrow(/exited 1/);
    expect(measureCommand('false ok', 'false', [], { runs: 1, okCodes: [1] }).runs).toBe(1);
    expect(hasCommand('node')).toBe(true);
    expect(hasCommand('surely-not-a-command-lineage')).toBe(false);
  });

  it('prints ratios and targets, and writes JSON results', () => {
    const ours = { name: 'ours', runs: 3, medianMs: 50, minMs: 40, maxMs: 60 };
    const reference = { name: 'git', runs: 3, medianMs: 25, minMs: 20, maxMs: 30 };
    const comparison = { label: 'merge', ours, reference };
    expect(ratio(comparison)).toBe(2);
    const report = {
      suite: 'Demo Suite',
      measurements: [ours],
      comparisons: [comparison],
      targets: [{ label: 'fast', measured: '50 ms', met: false }],
    };
    expect(formatReport(report)).toContain('| merge | 50.0 ms | 25.0 ms | 2.00× |');
    expect(formatReport(report)).toContain('| fast | 50 ms | NO |');
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const file = writeReport(report, dir);
    write.mockRestore();
    expect(file).toBe(join(dir, 'demo-suite.json'));
    expect(JSON.parse(readFileSync(file, 'utf8')).comparisons[0].ratio).toBe(2);
    rmSync(dir, { recursive: true });
  });
});
