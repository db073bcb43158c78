import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
let semverModule: typeof import('semver') | undefined;

/**
 * yaml and semver, loaded on first use: importing the package should cost a command that
 * only prints help or rolls back nothing (each takes a few hundred milliseconds on a
 * loaded machine). Both ship CommonJS, so they load synchronously where needed.
 */
export function yaml(): typeof import('yaml') {
  yamlModule ??= require('yaml') as typeof import('yaml');
  return yamlModule;
}

export function semver(): typeof import('semver') {
  semverModule ??= require('semver') as typeof import('semver');
  return semverModule;
}
