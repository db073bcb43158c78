/**
 * Path globs as package managers write them (`packages/*`, `**\/*.test.ts`): `**` spans
 * directories, `*` and `?` stay within one. A leading `!` is handled by the caller.
 */
const compiled = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const known = compiled.get(glob);
  if (known) return known;
  let pattern = '';
  const text = glob.replace(/^\.\//, '').replace(/\/$/, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '*' && text[i + 1] === '*') {
      const slash = text[i + 2] === '/';
      pattern += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const regExp = new RegExp(`^${pattern}$`);
  compiled.set(glob, regExp);
  return regExp;
}

/** True when `path` matches any of the globs (and no later `!glob` excludes it). */
export function matchesGlobs(path: string, globs: readonly string[]): boolean {
  let matched = false;
  for (const glob of globs) {
    if (glob.startsWith('!')) {
      if (matched && globToRegExp(glob.slice(1)).test(path)) matched = false;
    } else if (!matched && globToRegExp(glob).test(path)) matched = true;
  }
  return matched;
}
