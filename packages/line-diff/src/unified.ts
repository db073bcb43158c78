import { createHash } from 'node:crypto';
import { UsageError } from '@lineage/errors';
import { LineClasses } from './classify.js';
import { type DiffOptions, diffMarks } from './diff.js';
import { type Hunk, hunksFromMarks } from './hunks.js';
import { splitLines } from './lines.js';

export interface UnifiedDiffInput {
  /** Path shown as `a/<oldPath>`; `null` text means the file is new. */
  oldPath: string;
  newPath?: string;
  /** `null` when the file did not exist before. */
  oldText: string | null;
  /** `null` when the file was deleted. */
  newText: string | null;
  /** File mode shown in `index`/`new file mode` lines (default `100644`). */
  mode?: string;
}

export interface UnifiedDiffOptions extends DiffOptions {
  /** Unchanged lines around each change (git's `-U`, default 3). */
  context?: number;
  /** Emit git's `diff --git` and `index` header lines (default true); false gives plain `---`/`+++`. */
  gitHeaders?: boolean;
}

const FUNC_LINE_MAX = 80;

/** Git's blob id of a text (`git hash-object`), abbreviated as `git diff` shows it. */
export function blobId(text: string, length = 7): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex').slice(0, length);
}

/**
 * A unified diff as `git diff` writes it (indent heuristic included, unless
 * `indentHeuristic: false`): the `diff --git`/`index`
 * headers, hunks grouped as xdiff's `xdl_get_hunk` does (changes at most 2×context lines
 * apart share a hunk), the default function-name line after `@@` (`def_ff`: the nearest
 * earlier line starting with a letter, `_` or `$`), and `\ No newline at end of file`.
 * Identical texts give the empty string.
 */
export function formatUnifiedDiff(input: UnifiedDiffInput, options: UnifiedDiffOptions = {}): string {
  const context = options.context ?? 3;
  if (!Number.isInteger(context) || context < 0) {
    throw new UsageError('DIFF_BAD_CONTEXT', `Context must be a whole number of lines, got ${String(context)}.`, {
      hint: 'Pass context: 0 or more (git diff uses 3).',
    });
  }
  if (input.oldText === null && input.newText === null) return '';
  const oldText = input.oldText ?? '';
  const newText = input.newText ?? '';
  if (input.oldText !== null && input.newText !== null && oldText === newText) return '';
  const oldPath = input.oldPath;
  const newPath = input.newPath ?? input.oldPath;
  const mode = input.mode ?? '100644';
  const out: string[] = [];
  if (options.gitHeaders !== false) {
    out.push(`diff --git a/${oldPath} b/${newPath}\n`);
    const zero = '0000000';
    const ids = `${input.oldText === null ? zero : blobId(oldText)}..${input.newText === null ? zero : blobId(newText)}`;
    if (input.oldText === null) out.push(`new file mode ${mode}\n`, `index ${ids}\n`);
    else if (input.newText === null) out.push(`deleted file mode ${mode}\n`, `index ${ids}\n`);
    else out.push(`index ${ids} ${mode}\n`);
  }
  out.push(input.oldText === null ? '--- /dev/null\n' : `--- a/${oldPath}\n`);
  out.push(input.newText === null ? '+++ /dev/null\n' : `+++ b/${newPath}\n`);
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const classes = new LineClasses();
  const oldClasses = classes.classify(a);
  const hunks = hunksFromMarks(
    diffMarks(
      oldClasses,
      classes.classifyLike(b, a, oldClasses),
      { indentHeuristic: true, ...options },
      { old: a, new: b },
    ),
  );
  emitHunks(a, b, hunks, context, out);
  return out.join('');
}

function emitHunks(a: string[], b: string[], hunks: Hunk[], context: number, out: string[]): void {
  let funcLine = '';
  let funcSearchLimit = -1;
  for (let h = 0; h < hunks.length; ) {
    const first = hunks[h] as Hunk;
    let last = first;
    let next = h + 1;
    while (next < hunks.length) {
      const candidate = hunks[next] as Hunk;
      if (candidate.oldStart - (last.oldStart + last.oldCount) > 2 * context) break;
      last = candidate;
      next++;
    }
    const s1 = Math.max(first.oldStart - context, 0);
    const s2 = Math.max(first.newStart - context, 0);
    const trailing = Math.min(
      context,
      a.length - (last.oldStart + last.oldCount),
      b.length - (last.newStart + last.newCount),
    );
    const e1 = last.oldStart + last.oldCount + trailing;
    const e2 = last.newStart + last.newCount + trailing;
    for (let l = s1 - 1; l !== funcSearchLimit && l >= 0; l--) {
      const name = functionName(a[l] as string);
      if (name !== null) {
        funcLine = name;
        break;
      }
    }
    funcSearchLimit = s1 - 1;
    out.push(`@@ -${range(s1 + 1, e1 - s1)} +${range(s2 + 1, e2 - s2)} @@${funcLine ? ` ${funcLine}` : ''}\n`);
    let j = s2;
    for (let k = h; k < next; k++) {
      const hunk = hunks[k] as Hunk;
      for (; j < hunk.newStart; j++) emitLine(out, ' ', b[j] as string);
      for (let i = hunk.oldStart; i < hunk.oldStart + hunk.oldCount; i++) emitLine(out, '-', a[i] as string);
      for (; j < hunk.newStart + hunk.newCount; j++) emitLine(out, '+', b[j] as string);
    }
    for (; j < e2; j++) emitLine(out, ' ', b[j] as string);
    h = next;
  }
}

// xdl_emit_hunk_hdr: an empty range is shown by the line before it, a one-line range without its count.
function range(start: number, count: number): string {
  if (count === 1) return String(start);
  return `${count === 0 ? start - 1 : start},${count}`;
}

function emitLine(out: string[], sign: string, line: string): void {
  out.push(sign, line);
  if (!line.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
}

// xemit.c's def_ff: git's default "function line" when no diff driver is configured.
function functionName(line: string): string | null {
  if (!/^[A-Za-z_$]/.test(line)) return null;
  let text = Buffer.from(line, 'utf8').subarray(0, FUNC_LINE_MAX).toString('utf8');
  text = text.replace(/[ \t\n\v\f\r]+$/, '');
  return text;
}
