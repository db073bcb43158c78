/** Turns a title into a URL slug: lower case, words joined by dashes. */
export function toSlug(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Formats a number for display, with two decimals. */
export function formatNumber(value: number): string {
  return value.toFixed(2);
}

/** Reads a file's text in an encoding (a stand-in: no file system here). */
export function readFileText(path: string, encoding = 'utf-8'): string {
  const label = encoding.toUpperCase();
  return `${path} as ${label}`;
}

/** Opens a connection, retrying on failure (a stand-in: no network here). */
export function connect(
  url: string,
  { timeoutMs = 1000, retries = 3 }: { timeoutMs?: number; retries?: number } = {},
): string {
  const budget = timeoutMs * (retries + 1);
  return `${url} within ${budget}ms`;
}

/**
 * A 32-bit hash of a text.
 * @deprecated the server computes hashes now.
 */
export function legacyHash(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}
