import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignContent } from './edit-alignment.js';
import { outputOf } from './output-bytes.js';
import { LineItem } from './output-items.js';
import { PlainLines } from './plain-lines.js';

/** A conflict-free file of `count` lines, up to a few hundred KiB: past the 64 KiB blocks the region is found by. */
function fileOf(count: number, lastNewline: boolean) {
  const lines = Array.from({ length: count }, (_, i) => `line ${i} ${'x'.repeat(i % 97)}\n`);
  if (!lastNewline && count > 0) lines[count - 1] = (lines[count - 1] as string).slice(0, -1);
  const items = lines.map((text, i) => LineItem.of(i + 2, Buffer.from(text, 'latin1')));
  return new PlainLines(
    Int32Array.from(items, (item) => item.vertex),
    outputOf(items),
  );
}

const edit = fc.record({
  lines: fc.integer({ min: 0, max: 6000 }),
  lastNewline: fc.boolean(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  removed: fc.integer({ min: 0, max: 300 }),
  inserted: fc.stringMatching(/^[ax\n]{0,40}$/),
});

describe('alignContent', () => {
  it('confines a conflict-free file’s edit to the lines it touches: all before and after is the old bytes', () => {
    fc.assert(
      fc.property(edit, ({ lines, lastNewline, at, removed, inserted }) => {
        const shown = fileOf(lines, lastNewline);
        const old = Buffer.from(shown.output.bytes);
        const start = Math.floor(at * old.length);
        const end = Math.min(old.length, start + removed);
        const content = Buffer.concat([old.subarray(0, start), Buffer.from(inserted, 'latin1'), old.subarray(end)]);
        const { from, to, newLines } = alignContent({ inode: 2, path: 'f', shown }, content, false);

        const before = shown.output.offsets[from] as number;
        const after = old.length - (shown.output.offsets[to] as number);
        // Outside the region, old and new are the same bytes, cut at line boundaries.
        expect(content.subarray(0, before).equals(old.subarray(0, before))).toBe(true);
        expect(content.subarray(content.length - after).equals(old.subarray(old.length - after))).toBe(true);
        expect(before === 0 || old[before - 1] === 0x0a).toBe(true);
        // The region's new lines are the content between (an edit can sit at more than one place:
        // "\n" inserted before a line's newline is also one inserted after it).
        expect(newLines.join('')).toBe(content.subarray(before, content.length - after).toString('latin1'));
        // An edit far from the ends leaves most of a large file outside the region.
        if (old.length > 200_000 && start > 100_000 && end < old.length - 100_000) {
          expect(before + after).toBeGreaterThan(old.length - 2_000);
        }
      }),
      { numRuns: 200 },
    );
  });
});
