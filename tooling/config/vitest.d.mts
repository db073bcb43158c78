import type { TestProjectInlineConfiguration, UserWorkspaceConfig } from 'vitest/config';
export declare function packageProject(packageDir: string, test?: UserWorkspaceConfig['test']): UserWorkspaceConfig;
export type { TestProjectInlineConfiguration };
