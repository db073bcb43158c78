import { posix } from 'node:path';

const SOURCE_EXTENSION = /(?:\.d)?\.[mc]?[jt]sx?$/;

/** A module's path without extension: `src/validators/base.ts` → `src/validators/base`. */
export function modulePath(path: string): string {
  return path.replace(SOURCE_EXTENSION, '');
}

/** `dir` + `path` in POSIX form with no leading `./`; `dir` may be '' (the repository root). */
export function joinPath(dir: string, path: string): string {
  const joined = posix.normalize(dir ? `${dir}/${path}` : path);
  return joined === '.' ? '' : joined.replace(/^\.\//, '');
}

/** `path` relative to `dir`, or undefined when it lies outside. */
export function relativeTo(dir: string, path: string): string | undefined {
  if (dir === '') return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
