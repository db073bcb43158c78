export type MarkerKind = 'ours' | 'base' | 'separator' | 'theirs';

export interface LeftoverMarker {
  /** 0-based line number. */
  line: number;
  kind: MarkerKind;
  text: string;
}

const KIND_OF: Record<string, MarkerKind> = { '<': 'ours', '|': 'base', '=': 'separator', '>': 'theirs' };

/**
 * Finds conflict markers left in a text that should be resolved: lines made of exactly
 * `markerSize` `<`, `|` or `>` followed by the end of the line or a space (a label), or
 * exactly `markerSize` `=` — the shapes git writes and `git diff --check` reports.
 */
export function validateResolved(text: string, markerSize = 7): { clean: boolean; markers: LeftoverMarker[] } {
  const markers: LeftoverMarker[] = [];
  const pattern = new RegExp(`^(?:([<|>])\\1{${markerSize - 1}}(?:[ \\t].*)?|(=){${markerSize}})\\r?$`, 'gm');
  const lineStarts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let lineIndex = 0;
  for (const match of text.matchAll(pattern)) {
    while (lineIndex + 1 < lineStarts.length && (lineStarts[lineIndex + 1] as number) <= match.index) lineIndex++;
    const char = (match[1] ?? match[2]) as string;
    markers.push({ line: lineIndex, kind: KIND_OF[char] as MarkerKind, text: match[0].replace(/\r$/, '') });
  }
  return { clean: markers.length === 0, markers };
}
