/** Turns a title into a URL slug: lower case, words joined by dashes. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Formats a number for display, with two decimals, in a locale. */
export function formatNumber(value: number, locale = 'en'): string {
  return value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Reads a file's text in an encoding (a stand-in: no file system here). */
export function readFileText(path: string, codec = 'utf-8'): string {
  const label = codec.toUpperCase();
  return `${path} as ${label}`;
}

/** Opens a connection, retrying on failure (a stand-in: no network here). */
export function connect(
  url: string,
  { timeout = 1000, retries = 3 }: { timeout?: number; retries?: number } = {},
): string {
  const budget = timeout * (retries + 1);
  return `${url} within ${budget}ms`;
}
