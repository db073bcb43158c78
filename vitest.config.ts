import { defineConfig } from 'vitest/config';

// One vitest project per package: `pnpm vitest run` here runs them all, while turbo runs
// each package's own `vitest run` (cached, ordered after the builds it needs).
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tooling/*'],
  },
});
