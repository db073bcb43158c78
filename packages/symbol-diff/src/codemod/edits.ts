import type { Edit } from './find-edits.js';

/**
 * Applies non-overlapping edits to a text, from the end so offsets hold. Two edits of the
 * same range with the same text are one; edits that overlap otherwise are a conflict — the
 * first (in document order) wins and the others are returned, never half-applied.
 */
export function applyEdits(text: string, edits: readonly Edit[]): { text: string; applied: Edit[]; conflicts: Edit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: Edit[] = [];
  const conflicts: Edit[] = [];
  let reach = -1;
  for (const edit of sorted) {
    const last = applied[applied.length - 1];
    if (last && last.start === edit.start && last.end === edit.end && last.text === edit.text) continue;
    if (edit.start < reach) {
      conflicts.push(edit);
      continue;
    }
    applied.push(edit);
    reach = Math.max(reach, edit.end);
  }
  let result = text;
  for (const edit of [...applied].reverse()) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return { text: result, applied, conflicts };
}
