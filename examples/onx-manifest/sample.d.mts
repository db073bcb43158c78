/** The core's versions (directories under core/), oldest first. */
export declare const VERSIONS: string[];
/** DIR as a git repository of the core: one commit per version, tagged with it. */
export declare function makeCoreRepository(dir: string): string;
/** Installs the core of one version into a dependent's node_modules, replacing what was there. */
export declare function installCore(dependent: string, version: string): void;
/** DIR as a copy of the dependent, with the core's first version installed. */
export declare function makeDependent(dir: string): string;
