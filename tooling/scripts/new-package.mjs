#!/usr/bin/env node
// Scaffolds a library package with the workspace's conventions, so every package starts
// with the same build, test, typecheck and publish metadata:
//   node tooling/scripts/new-package.mjs <name> <layer> "<description>" [dep ...]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const layers = ['kernel', 'domain', 'cli'];
const [name, layer, description, ...deps] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name) || !layers.includes(layer) || !description) {
  console.error(
    'usage: node tooling/scripts/new-package.mjs <kebab-name> <kernel|domain|cli> "<description>" [@lineage/dep ...]',
  );
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, 'packages', name);
if (existsSync(join(dir, 'package.json'))) {
  console.error(`packages/${name} exists already`);
  process.exit(1);
}

const write = (file, text) => {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  if (!existsSync(join(dir, file))) writeFileSync(join(dir, file), text);
};

write(
  'package.json',
  `${JSON.stringify(
    {
      name: `@lineage/${name}`,
      version: '0.1.0',
      description,
      license: 'MIT',
      type: 'module',
      repository: { type: 'git', url: 'git+https://github.com/lineage-dev/lineage.git', directory: `packages/${name}` },
      engines: { node: '>=20.19' },
      lineage: { layer },
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/index.js' },
        './package.json': './package.json',
      },
      main: './dist/index.js',
      types: './dist/index.d.ts',
      files: ['dist', 'README.md'],
      sideEffects: false,
      scripts: {
        build: 'tsup',
        typecheck: 'tsc -p tsconfig.json',
        test: 'vitest run',
        lint: 'biome check .',
      },
      dependencies: Object.fromEntries(deps.map((dep) => [dep, 'workspace:^'])),
      devDependencies: { '@lineage/config': 'workspace:*' },
    },
    null,
    2,
  )}\n`,
);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '@lineage/config/tsconfig.base.json', include: ['src', '*.config.ts'] }, null, 2)}\n`,
);
write('tsup.config.ts', "import { packageBuild } from '@lineage/config/tsup';\n\nexport default packageBuild();\n");
write(
  'vitest.config.ts',
  "import { packageProject } from '@lineage/config/vitest';\n\nexport default packageProject(import.meta.dirname);\n",
);
write('src/index.ts', 'export {};\n');
write('README.md', `# @lineage/${name}\n\n${description}\n`);
console.log(`created packages/${name} (${layer}); run the package manager's install to link it`);
