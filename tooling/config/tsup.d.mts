import type { Options } from 'tsup';
export declare function packageBuild(overrides?: Options): Options;
export declare function appBuild(overrides?: Options): Options;
