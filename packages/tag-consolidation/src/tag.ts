import { contentId, isContentId } from '@lineage/content-hash';
import { LineageError, quoteInput, UsageError } from '@lineage/errors';
import { canonicalJson } from '@lineage/patch-graph';

export const TAG_FORMAT_VERSION = 1;

/**
 * A tag: an immutable, content-addressed name for an exact set of changes. The set is the
 * `base` tag's set plus `changes` (as Darcs does: a tag stands on the previous one and adds the
 * changes since), so a tag file stays the size of one cycle however long the history, and a
 * received tag is verified in time proportional to what it adds. `state` is the patch graph's
 * state hash of the whole set, so a channel holding the tag's changes has exactly that state.
 */
export interface Tag {
  version: number;
  name: string;
  /** The channel the tag was made on (propagate-hotfix applies hotfixes there). */
  channel: string;
  state: string;
  /** A consolidating tag replaces the dependencies of later changes that it covers. */
  consolidating: boolean;
  /** The tag whose changes this one extends (null: `changes` is the whole set). */
  base: string | null;
  /** The changes beyond `base`'s, in an order that applies after them. */
  changes: string[];
  /** The channel's latest consolidating tag when this one was made. */
  previousConsolidation: string | null;
  /** The tag this one consolidates from (`--since`; the previous consolidation by default). */
  since: string | null;
  /** The tag this one patches with a hotfix (`apply --to-tag`, `propagate-hotfix`). */
  hotfixOf: string | null;
  /** How many dependencies a change needing the whole set would have without the tag. */
  dependencyCountBefore: number;
  /** With it: one. */
  dependencyCountAfter: number;
  /** How many changes the tag covers (its base's and its own). */
  consolidatedChangeCount: number;
  /** RFC 3339, UTC. */
  timestamp: string;
  message: string;
  author: string;
}

const MAGIC = 'lineage tag 1\n';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const TAG_NAME = /^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,99}$/;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A tag name: the characters of a channel name (letters, digits, `.`, `_`, `-`, `/`). */
export function validateTagName(name: string): string {
  if (!TAG_NAME.test(name) || name.includes('..')) {
    throw new UsageError('TAG_NAME_INVALID', `${quoteInput(name)} is not a valid tag name`, {
      hint: 'use letters, digits, ".", "_", "-" and "/" (at most 100 characters), e.g. v1.0 or sprint/12',
    });
  }
  return name;
}

/** The hashed bytes of a tag: a magic line, then its canonical JSON. */
export function serializeTag(tag: Tag): Uint8Array {
  return encoder.encode(MAGIC + canonicalJson(tag));
}

export function hashTag(tag: Tag): string {
  return contentId(serializeTag(tag));
}

/** Parses and validates a tag's bytes; `TAG_MALFORMED` says what is wrong. */
export function parseTag(bytes: Uint8Array, origin = 'tag'): Tag {
  const malformed = (why: string) =>
    new LineageError('TAG_MALFORMED', `${origin} is not a valid tag: ${why}`, {
      hint: 'the file may be damaged or written by a newer version; do not use tags from this source',
      details: { origin },
    });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw malformed('it is not UTF-8');
  }
  if (!text.startsWith(MAGIC)) throw malformed('it does not start with the tag format header');
  let body: unknown;
  try {
    body = JSON.parse(text.slice(MAGIC.length));
  } catch {
    throw malformed('it is not JSON');
  }
  try {
    return validateTag(body);
  } catch (error) {
    throw malformed((error as Error).message);
  }
}

type Check = (value: unknown) => boolean;
const isString: Check = (value) => typeof value === 'string';
const isHash: Check = (value) => typeof value === 'string' && isContentId(value);
const isOptionalHash: Check = (value) => value === null || isHash(value);
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;

/** Every field of a tag and what it must be: nothing more is accepted. */
const FIELDS: Record<keyof Tag, [Check, string]> = {
  version: [(value) => value === TAG_FORMAT_VERSION, `format version ${TAG_FORMAT_VERSION}`],
  name: [
    (value) => isString(value) && TAG_NAME.test(value as string) && !(value as string).includes('..'),
    'a tag name',
  ],
  channel: [isString, 'a string'],
  state: [isHash, 'a hash'],
  consolidating: [(value) => typeof value === 'boolean', 'true or false'],
  base: [isOptionalHash, 'a hash or null'],
  changes: [(value) => Array.isArray(value) && value.every(isHash), 'a list of hashes'],
  previousConsolidation: [isOptionalHash, 'a hash or null'],
  since: [isOptionalHash, 'a hash or null'],
  hotfixOf: [isOptionalHash, 'a hash or null'],
  dependencyCountBefore: [isCount, 'a count'],
  dependencyCountAfter: [isCount, 'a count'],
  consolidatedChangeCount: [isCount, 'a count'],
  timestamp: [(value) => isString(value) && RFC3339_UTC.test(value as string), 'an RFC 3339 UTC timestamp'],
  message: [isString, 'a string'],
  author: [isString, 'a string'],
};

function validateTag(body: unknown): Tag {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('it must be an object');
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(key in FIELDS)) throw new Error(`unknown field ${quoteInput(key)}`);
  }
  for (const [key, [check, expected]] of Object.entries(FIELDS)) {
    if (!check(record[key]))
      throw new Error(`${key} must be ${expected}, not ${quoteInput(JSON.stringify(record[key]) ?? 'nothing', 60)}`);
  }
  return record as unknown as Tag;
}
