import { packageBuild } from '@lineage/config/tsup';

// oclif is bundled in: importing cli-kit meant resolving, reading and compiling some 110
// CommonJS files of oclif and its dependencies one by one, ~70 ms of every command's start-up;
// bundled, ~35 ms. TypeScript stays out: oclif loads it only to run a plugin from source. The
// output is ESM, where oclif's own require() of Node's modules needs a require to call.
export default packageBuild({
  noExternal: ['@oclif/core'],
  external: ['typescript'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
