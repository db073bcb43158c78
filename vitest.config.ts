import { defineConfig } from 'vitest/config';

// One vitest project per package: `vitest run` here runs them all in one process pool
// (what `npm test` does), while turbo's `test` task runs each package's own `vitest run`,
// cached and ordered after the builds it needs.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'tooling/*/vitest.config.ts'],
  },
});
