import { createHash } from 'node:crypto';
import type { TS } from './typescript.js';

/** Tokens of a file, scanned once; declarations take slices of them. */
export interface TokenStream {
  starts: Int32Array;
  texts: string[];
}

export function scanTokens(ts: typeof TS, text: string, jsx: boolean): TokenStream {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    true,
    jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard,
    text,
  );
  const starts: number[] = [];
  const texts: string[] = [];
  const K = ts.SyntaxKind;
  // The scanner needs the parser's context at `}` (a template continues) and `/` (a regular
  // expression starts); without it, one template literal would swallow the rest of the file.
  const braces: Array<'brace' | 'template'> = [];
  let previous: TS.SyntaxKind = K.Unknown;
  for (let kind = scanner.scan(); kind !== K.EndOfFileToken; kind = scanner.scan()) {
    if (kind === K.CloseBraceToken && braces[braces.length - 1] === 'template') {
      kind = scanner.reScanTemplateToken(false);
      if (kind === K.TemplateTail) braces.pop();
    } else if (kind === K.CloseBraceToken) braces.pop();
    else if (kind === K.OpenBraceToken) braces.push('brace');
    else if (kind === K.TemplateHead) braces.push('template');
    else if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && startsExpression(ts, previous)) {
      kind = scanner.reScanSlashToken();
    }
    starts.push(scanner.getTokenStart());
    texts.push(scanner.getTokenText());
    previous = kind;
  }
  return { starts: Int32Array.from(starts), texts };
}

/** After these tokens a `/` begins a regular expression, not a division. */
function startsExpression(ts: typeof TS, previous: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  if (previous === K.Unknown) return true;
  if (previous === K.Identifier || previous === K.ThisKeyword || previous === K.CloseParenToken) return false;
  if (previous === K.CloseBracketToken || previous === K.CloseBraceToken) return false;
  if (previous === K.NumericLiteral || previous === K.StringLiteral || previous === K.BigIntLiteral) return false;
  if (previous === K.RegularExpressionLiteral || previous === K.TemplateTail) return false;
  if (previous === K.NoSubstitutionTemplateLiteral || previous === K.PlusPlusToken || previous === K.MinusMinusToken) {
    return false;
  }
  return (
    previous < K.FirstKeyword ||
    previous > K.LastKeyword ||
    previous === K.ReturnKeyword ||
    previous === K.TypeOfKeyword
  );
}

/** Index range [from, to) of the tokens inside [start, end). */
export function tokenRange(stream: TokenStream, start: number, end: number): [number, number] {
  return [lowerBound(stream.starts, start), lowerBound(stream.starts, end)];
}

function lowerBound(values: Int32Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Maps a token to what similarity sees: masked names become placeholders. */
export type TokenMask = (token: string) => string;

const SKETCH_SIZE = 128;
const tokenHashes = new Map<string, number>();

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function hashToken(token: string): number {
  let hash = tokenHashes.get(token);
  if (hash === undefined) {
    hash = fnv1a(token);
    if (tokenHashes.size < 200_000) tokenHashes.set(token, hash);
  }
  return hash;
}

/**
 * A bottom-k sketch of the token trigrams in [from, to): the k smallest distinct trigram
 * hashes. Two sketches estimate the Jaccard similarity of the trigram sets (Broder's
 * bottom-k estimator), exactly when a set has fewer than k trigrams — so the cost of a
 * comparison is bounded however large the declarations are.
 */
export function sketchTokens(stream: TokenStream, from: number, to: number, mask?: TokenMask): string {
  const grams = new Set<number>();
  let a = 0;
  let b = 0;
  for (let i = from; i < to; i++) {
    const token = stream.texts[i] as string;
    const c = hashToken(mask ? mask(token) : token);
    if (i - from >= 2) grams.add(mix(a, b, c));
    a = b;
    b = c;
  }
  if (to - from > 0 && to - from < 3) grams.add(mix(a, b, 0));
  const sorted = Uint32Array.from(grams).sort().subarray(0, SKETCH_SIZE);
  return Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength).toString('base64');
}

function mix(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

export function decodeSketch(sketch: string): Uint32Array {
  const bytes = Buffer.from(sketch, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Uint32Array(copy.buffer);
}

/** Bottom-k estimate of the Jaccard similarity of the two sketched sets. */
export function sketchSimilarity(left: string, right: string): number {
  if (left === right) return 1;
  const a = decodeSketch(left);
  const b = decodeSketch(right);
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  const k = Math.min(SKETCH_SIZE, Math.max(a.length, b.length));
  let i = 0;
  let j = 0;
  let seen = 0;
  let shared = 0;
  while (seen < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    seen++;
  }
  return seen === 0 ? 0 : shared / seen;
}

/** The tokens in [from, to), masked and joined: the input of shape and body hashes. */
export function tokenText(stream: TokenStream, from: number, to: number, mask?: TokenMask): string {
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const token = stream.texts[i] as string;
    parts.push(mask ? mask(token) : token);
  }
  return parts.join(' ');
}

/** 16 hex digits of SHA-256: the width the `.tree` uses for symbol hashes. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
