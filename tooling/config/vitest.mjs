// Each package's vitest project: tests sit beside the code as src/**/*.test.ts.
import { basename } from 'node:path';
import { defineProject } from 'vitest/config';

/** @param {string} packageDir @param {import("vitest/config").UserWorkspaceConfig["test"]} [test] */
export function packageProject(packageDir, test = {}) {
  return defineProject({
    test: {
      name: basename(packageDir),
      include: ['src/**/*.test.ts'],
      // Generous limits: a timeout is not an assertion (performance lives in benchmarks), and
      // on a shared 2-core machine a busy neighbour can slow an end-to-end test several-fold.
      testTimeout: 120_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
}
