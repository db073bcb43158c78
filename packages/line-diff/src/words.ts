import { LineClasses } from './classify.js';
import { diffClasses } from './diff.js';

export interface WordChange {
  kind: 'equal' | 'removed' | 'added';
  text: string;
}

// Git's default --word-diff tokens: runs of non-space characters; the spaces between are
// tokens of their own so that the pieces join back to the texts.
const TOKEN = /\s+|\S+/g;

/**
 * A word-level diff for display (git's `--word-diff`): tokens are words and runs of white
 * space, diffed with the same algorithm as lines. Joining the `equal` and `removed` pieces
 * gives the old text back; `equal` and `added`, the new one.
 */
export function diffWords(oldText: string, newText: string): WordChange[] {
  const a = oldText.match(TOKEN) ?? [];
  const b = newText.match(TOKEN) ?? [];
  const classes = new LineClasses();
  const hunks = diffClasses(classes.classify(a), classes.classify(b));
  const out: WordChange[] = [];
  const push = (kind: WordChange['kind'], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  };
  let i = 0;
  for (const hunk of hunks) {
    push('equal', a.slice(i, hunk.oldStart).join(''));
    push('removed', a.slice(hunk.oldStart, hunk.oldStart + hunk.oldCount).join(''));
    push('added', b.slice(hunk.newStart, hunk.newStart + hunk.newCount).join(''));
    i = hunk.oldStart + hunk.oldCount;
  }
  push('equal', a.slice(i).join(''));
  return out;
}

/** Git's `--word-diff=plain` rendering: `[-removed-]{+added+}`. */
export function formatWordDiff(changes: readonly WordChange[]): string {
  return changes
    .map((c) => (c.kind === 'equal' ? c.text : c.kind === 'removed' ? `[-${c.text}-]` : `{+${c.text}+}`))
    .join('');
}
