import { LineageError, quoteInput } from '@lineage/errors';
import { validateTagName } from './tag.js';
import type { TagRecord } from './tag-rows.js';

interface NameLookup {
  byName(name: string): TagRecord | undefined;
}

/** `wanted`, or `wanted-2`, `wanted-3`… — the first name no tag has. */
export function freeName(tags: NameLookup, wanted: string): string {
  validateTagName(wanted);
  if (!tags.byName(wanted)) return wanted;
  for (let n = 2; ; n++) if (!tags.byName(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

/** Refuses an invalid name or one already taken (`TAG_EXISTS`, a usage error). */
export function requireFreeName(tags: NameLookup, name: string): string {
  const taken = tags.byName(validateTagName(name));
  if (taken) {
    throw new LineageError('TAG_EXISTS', `a tag named ${quoteInput(name)} exists already`, {
      kind: 'usage',
      hint: `pick another name; the existing one is ${taken.hash.slice(0, 10)} (atomic tag show ${name})`,
      details: { tag: name, existing: taken.hash },
    });
  }
  return name;
}

/**
 * The name of a tag patched with a hotfix: `v2.0` → `v2.0.1`, or the next free patch number
 * (`v2.0.2`…). A tag that is itself a patch counts from its line: `v2.0.1` → `v2.0.2`.
 */
export function patchName(tags: NameLookup, tag: TagRecord): string {
  const line = tag.hotfixOf !== null && /\.\d+$/.test(tag.name) ? tag.name.replace(/\.\d+$/, '') : tag.name;
  for (let n = 1; ; n++) {
    const name = `${line}.${n}`;
    if (!tags.byName(name)) return validateTagName(name);
  }
}
