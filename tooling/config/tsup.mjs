// One build recipe for every package: ESM for Node 20, declarations beside the code.
import { defineConfig } from 'tsup';

/** @param {import('tsup').Options} [overrides] */
export function packageBuild(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    ...overrides,
  });
}
