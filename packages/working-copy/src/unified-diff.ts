import { diffLines, type Hunk, splitLines } from '@lineage/line-diff';
import { isBinary } from '@lineage/patch-graph';

const decoder = new TextDecoder();

/**
 * A unified diff of one file (`diff -u` form, 3 lines of context by default). `null` is an
 * absent file (/dev/null). Binary content (not UTF-8, or with NUL) is reported, not shown.
 */
export function unifiedDiff(path: string, before: Uint8Array | null, after: Uint8Array | null, context = 3): string {
  const header = `--- ${before ? `a/${path}` : '/dev/null'}\n+++ ${after ? `b/${path}` : '/dev/null'}\n`;
  if ((before && isBinary(before)) || (after && isBinary(after))) {
    return `Binary files ${before ? `a/${path}` : '/dev/null'} and ${after ? `b/${path}` : '/dev/null'} differ\n`;
  }
  const a = splitLines(before ? decoder.decode(before) : '');
  const b = splitLines(after ? decoder.decode(after) : '');
  const hunks = diffLines(a, b);
  if (hunks.length === 0) return '';
  let out = header;
  for (const group of groupHunks(hunks, context)) {
    const first = group[0] as Hunk;
    const last = group[group.length - 1] as Hunk;
    const oldStart = Math.max(0, first.oldStart - context);
    const oldEnd = Math.min(a.length, last.oldStart + last.oldCount + context);
    const newStart = Math.max(0, first.newStart - context);
    const newEnd = Math.min(b.length, last.newStart + last.newCount + context);
    out += `@@ -${range(oldStart, oldEnd - oldStart)} +${range(newStart, newEnd - newStart)} @@\n`;
    let at = oldStart;
    for (const hunk of group) {
      for (; at < hunk.oldStart; at++) out += line(' ', a[at] as string);
      for (let i = 0; i < hunk.oldCount; i++) out += line('-', a[hunk.oldStart + i] as string);
      for (let i = 0; i < hunk.newCount; i++) out += line('+', b[hunk.newStart + i] as string);
      at = hunk.oldStart + hunk.oldCount;
    }
    for (; at < oldEnd; at++) out += line(' ', a[at] as string);
  }
  return out;
}

/** Hunks closer than twice the context share one `@@` block, as diff(1) prints them. */
function groupHunks(hunks: Hunk[], context: number): Hunk[][] {
  const groups: Hunk[][] = [];
  for (const hunk of hunks) {
    const group = groups[groups.length - 1];
    const previous = group?.[group.length - 1];
    if (group && previous && hunk.oldStart - (previous.oldStart + previous.oldCount) <= 2 * context) group.push(hunk);
    else groups.push([hunk]);
  }
  return groups;
}

// diff(1): an empty range is written as the line before it, with count 0.
const range = (start: number, count: number) =>
  count === 0 ? `${start},0` : count === 1 ? `${start + 1}` : `${start + 1},${count}`;

const line = (mark: string, text: string) =>
  text.endsWith('\n') ? `${mark}${text}` : `${mark}${text}\n\\ No newline at end of file\n`;
