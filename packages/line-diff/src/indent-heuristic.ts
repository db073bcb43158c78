/**
 * `git diff`'s indent heuristic (xdiffi.c, on by default since git 2.14): when a group of
 * added or removed lines can slide, place it where the two "splits" it makes — before and
 * after the group — look most like boundaries between blocks of code, judged by blank lines
 * and indentation. `git merge-file` does not use it; `git diff` does.
 */

// xdiffi.c's tuned constants.
const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;
export const INDENT_HEURISTIC_MAX_SLIDING = 100;

interface Score {
  effectiveIndent: number;
  penalty: number;
}

// get_indent: columns of leading white space (tabs to multiples of 8), -1 for a blank line.
// git's isspace is ASCII space, \t, \n and \r only.
function indentOf(line: string): number {
  let indent = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return indent;
    if (c === 32) indent += 1;
    else if (c === 9) indent += 8 - (indent % 8);
    if (indent >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

// measure_split + score_add_split for the split just before line `split`.
function addSplitScore(lines: readonly string[], split: number, score: Score): void {
  const n = lines.length;
  const endOfFile = split >= n;
  const indent0 = endOfFile ? -1 : indentOf(lines[split] as string);
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = indentOf(lines[i] as string);
    if (preIndent !== -1) break;
    preBlank++;
    if (preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlank = 0;
  let postIndent = -1;
  for (let i = split + 1; i < n; i++) {
    postIndent = indentOf(lines[i] as string);
    if (postIndent !== -1) break;
    postBlank++;
    if (postBlank === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }

  if (preIndent === -1 && preBlank === 0) score.penalty += START_OF_FILE_PENALTY;
  if (endOfFile) score.penalty += END_OF_FILE_PENALTY;
  const blankAfter = indent0 === -1 ? 1 + postBlank : 0;
  const totalBlank = preBlank + blankAfter;
  score.penalty += TOTAL_BLANK_WEIGHT * totalBlank;
  score.penalty += POST_BLANK_WEIGHT * blankAfter;
  const indent = indent0 !== -1 ? indent0 : postIndent;
  const anyBlanks = totalBlank !== 0;
  score.effectiveIndent += indent;
  if (indent === -1 || preIndent === -1 || indent === preIndent) return;
  if (indent > preIndent) {
    score.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
  } else if (postIndent !== -1 && postIndent > indent) {
    score.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
  } else {
    score.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
  }
}

function compareScores(a: Score, b: Score): number {
  const indents = Number(a.effectiveIndent > b.effectiveIndent) - Number(a.effectiveIndent < b.effectiveIndent);
  return INDENT_WEIGHT * indents + (a.penalty - b.penalty);
}

/**
 * The best end position for a group of `groupSize` lines that can end anywhere from
 * `earliestEnd` to `end` (its lowest position): the lowest-scoring shift, the later one on
 * a tie, looking at most INDENT_HEURISTIC_MAX_SLIDING positions up.
 */
export function bestGroupEnd(lines: readonly string[], groupSize: number, earliestEnd: number, end: number): number {
  let shift = Math.max(earliestEnd, end - groupSize - 1, end - INDENT_HEURISTIC_MAX_SLIDING);
  let bestShift = -1;
  let best: Score = { effectiveIndent: 0, penalty: 0 };
  for (; shift <= end; shift++) {
    const score: Score = { effectiveIndent: 0, penalty: 0 };
    addSplitScore(lines, shift, score);
    addSplitScore(lines, shift - groupSize, score);
    if (bestShift === -1 || compareScores(score, best) <= 0) {
      best = score;
      bestShift = shift;
    }
  }
  return bestShift;
}
