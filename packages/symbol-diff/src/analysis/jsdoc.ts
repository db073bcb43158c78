import type { DocFacts } from '../facts.js';

const RELEASE_TAGS = new Set(['public', 'internal', 'beta', 'alpha', 'experimental']);

/**
 * Reads the last `/** … *\/` block before a declaration (the one TypeScript attaches to it).
 * Hand-parsed rather than through the compiler's JSDoc nodes: those are not attached to every
 * node we need (export specifiers, members of type literals), and this is all we keep.
 */
export function readDocBlock(text: string, comments: ReadonlyArray<{ pos: number; end: number }> | undefined) {
  if (!comments) return undefined;
  for (let i = comments.length - 1; i >= 0; i--) {
    const range = comments[i] as { pos: number; end: number };
    if (text.startsWith('/**', range.pos) && !text.startsWith('/**/', range.pos)) {
      return parseDocBlock(text.slice(range.pos + 3, range.end - 2));
    }
  }
  return undefined;
}

export function parseDocBlock(body: string): DocFacts | undefined {
  const lines = body.split('\n').map((line) => line.replace(/^\s*\*? ?/, '').trimEnd());
  const description: string[] = [];
  const blocks: Array<{ tag: string; text: string[] }> = [];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const tag = inFence ? null : /^@([A-Za-z]+)\s*(.*)$/.exec(line.trim());
    if (tag) blocks.push({ tag: tag[1] as string, text: [tag[2] as string] });
    else if (blocks.length > 0) (blocks[blocks.length - 1] as { text: string[] }).text.push(line);
    else description.push(line);
  }
  const doc: DocFacts = { text: collapse(description.join(' ')), tags: [] };
  for (const { tag, text } of blocks) {
    const value = collapse(text.join(' '));
    if (RELEASE_TAGS.has(tag)) doc.tags.push(tag);
    else if (tag === 'since' && value) doc.since = value.split(' ')[0] as string;
    else if (tag === 'deprecated') doc.deprecated = value || true;
  }
  doc.tags = [...new Set(doc.tags)].sort();
  if (!doc.text && doc.tags.length === 0 && doc.since === undefined && doc.deprecated === undefined) return undefined;
  return doc;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Names a deprecation notice points to — `{@link check}`, `` `check` ``, "use check instead" —
 * the strongest hint of what replaced the deprecated symbol.
 */
export function namesInDeprecation(notice: string | true | undefined): string[] {
  if (typeof notice !== 'string') return [];
  const names = new Set<string>();
  for (const match of notice.matchAll(/\{@link(?:code|plain)?\s+([^\s}|]+)/g)) names.add(match[1] as string);
  // `fc.uniqueArray(arb, {…})`: the name a code span starts with.
  for (const match of notice.matchAll(/`([A-Za-z_$][\w$.#]*)/g)) names.add(match[1] as string);
  for (const match of notice.matchAll(
    /\b(?:[Uu]se|[Rr]enamed to|[Rr]eplaced by|[Ss]uperseded by|[Ss]ee|[Pp]refer|[Mm]igrate to|in favou?r of)\s+([A-Za-z_$][\w$.#]*)/g,
  )) {
    names.add(match[1] as string);
  }
  return [...names]
    .map((name) => name.replace(/\(\)$/, '').replace(/[.,;:]$/, ''))
    .filter((name) => /^[A-Za-z_$][\w$.#]*$/.test(name));
}
