// Each package's vitest project: tests sit beside the code as src/**/*.test.ts.
import { basename } from 'node:path';
import { defineProject } from 'vitest/config';

/** @param {string} packageDir @param {import("vitest/config").UserWorkspaceConfig["test"]} [test] */
export function packageProject(packageDir, test = {}) {
  return defineProject({
    test: {
      name: basename(packageDir),
      include: ['src/**/*.test.ts'],
      testTimeout: 30_000,
      ...test,
    },
  });
}
