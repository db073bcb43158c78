/**
 * Splits text into lines that keep their terminators ("\n" or "\r\n"), so joining them
 * gives the text back byte for byte: CRLF and a missing final newline survive a diff.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
