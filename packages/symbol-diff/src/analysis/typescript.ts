import type { ts as TS } from 'ts-morph';

export type { TS };

let loaded: typeof TS | undefined;

/**
 * The TypeScript compiler bundled with ts-morph, loaded on first use: importing ts-morph
 * costs ~0.6 s, which a command that never parses (help, rollback, publish) must not pay.
 */
export async function loadTypeScript(): Promise<typeof TS> {
  if (!loaded) loaded = (await import('ts-morph')).ts;
  return loaded;
}
