import { LineageError, NotFoundError, quoteInput, UsageError } from '@lineage/errors';

/**
 * The catalogue of this package's errors. Each code is stable (the CLI prints it and
 * pipelines key on it); each message says what was wrong, each hint what to do.
 */
export const SymbolDiffErrorCode = {
  notAGitRepository: 'NOT_A_GIT_REPOSITORY',
  unknownRef: 'UNKNOWN_REF',
  gitFailed: 'GIT_FAILED',
  noSourcesAtRef: 'NO_SOURCES_AT_REF',
  badOption: 'BAD_OPTION',
  manifestNotFound: 'MANIFEST_NOT_FOUND',
  manifestUnreadable: 'MANIFEST_UNREADABLE',
  manifestForOtherCore: 'MANIFEST_FOR_OTHER_CORE',
  targetNotFound: 'TARGET_NOT_FOUND',
  targetNotAPackage: 'TARGET_NOT_A_PACKAGE',
  targetEditedDuringApply: 'TARGET_EDITED_DURING_APPLY',
  chainAfterEarlierPass: 'CHAIN_AFTER_EARLIER_PASS',
  checkpointExists: 'CHECKPOINT_EXISTS',
  checkpointNotFound: 'CHECKPOINT_NOT_FOUND',
  checkpointInvalid: 'CHECKPOINT_INVALID',
  checkpointTargetChanged: 'CHECKPOINT_TARGET_CHANGED',
  checkpointVersionMismatch: 'CHECKPOINT_VERSION_MISMATCH',
  registryUriInvalid: 'REGISTRY_URI_INVALID',
  registryEntryNotFound: 'REGISTRY_ENTRY_NOT_FOUND',
  workerFailed: 'ANALYSIS_WORKER_FAILED',
} as const;

const C = SymbolDiffErrorCode;

export function notAGitRepository(path: string, cause?: unknown): NotFoundError {
  return new NotFoundError(C.notAGitRepository, `${quoteInput(path)} is not a git repository`, {
    hint: 'pass the path of a git clone (a bare repository works too), e.g. --core-path ./core',
    cause,
    details: { path },
  });
}

export function unknownRef(repository: string, ref: string): NotFoundError {
  return new NotFoundError(C.unknownRef, `${quoteInput(ref)} is not a commit, tag or branch of ${repository}`, {
    hint: 'list the tags with `git tag` (fetch them first with `git fetch --tags`) and pass one of them',
    details: { repository, ref },
  });
}

export function gitFailed(args: readonly string[], stderr: string): LineageError {
  return new LineageError(C.gitFailed, `git ${args.join(' ')} failed: ${stderr.trim().slice(0, 400)}`, {
    hint: 'check that git is installed and the repository is readable',
    details: { args: [...args] },
  });
}

export function noSourcesAtRef(repository: string, ref: string): NotFoundError {
  return new NotFoundError(C.noSourcesAtRef, `${repository} at ${ref} holds no TypeScript or JavaScript sources`, {
    hint: 'point --core-path at the core library (or the directory of its package inside a monorepo)',
    details: { repository, ref },
  });
}

export function badOption(name: string, value: unknown, expected: string): UsageError {
  return new UsageError(C.badOption, `${name} must be ${expected}, got ${quoteInput(String(value))}`, {
    hint: `pass ${name} as ${expected}`,
    details: { option: name },
  });
}

export function manifestNotFound(path: string): NotFoundError {
  return new NotFoundError(C.manifestNotFound, `no manifest at ${quoteInput(path)}`, {
    hint: 'pass the change_manifest.yaml written by `onx-manifest generate`, its directory, or a registry:// URI',
    details: { path },
  });
}

export function manifestUnreadable(source: string, problem: string, cause?: unknown): UsageError {
  return new UsageError(C.manifestUnreadable, `${source} is not a readable change manifest: ${problem}`, {
    hint: 'regenerate it with `onx-manifest generate`; a manifest starts with `manifest_version: 1`',
    cause,
    details: { source, problem },
  });
}

export function manifestForOtherCore(manifestCore: readonly string[], target: string): UsageError {
  return new UsageError(
    C.manifestForOtherCore,
    `the manifest migrates ${manifestCore.join(', ')}, which ${target} does not depend on`,
    {
      hint: 'pick the manifest of a core library this package depends on (see its package.json)',
      details: { core: [...manifestCore], target },
    },
  );
}

export function targetNotFound(path: string): NotFoundError {
  return new NotFoundError(C.targetNotFound, `no directory at ${quoteInput(path)}`, {
    hint: 'pass the directory of the dependent package (the one holding its package.json)',
    details: { path },
  });
}

export function targetNotAPackage(path: string): UsageError {
  return new UsageError(C.targetNotAPackage, `${quoteInput(path)} is not a package: it has no package.json`, {
    hint: 'pass the directory of the dependent package (the one holding its package.json)',
    details: { path },
  });
}

export function targetEditedDuringApply(paths: readonly string[]): LineageError {
  return new LineageError(
    C.targetEditedDuringApply,
    `${paths.length} file(s) changed while the migration was being worked out: ${paths.slice(0, 5).join(', ')}`,
    {
      hint: 'nothing was changed; run apply again once nobody else is editing the package',
      kind: 'conflict',
      details: { paths: [...paths] },
    },
  );
}

export function chainAfterEarlierPass(
  operation: string,
  earlier: string,
  name: string,
  checkpoint: string,
  target: string,
  from: string,
): LineageError {
  return new LineageError(
    C.chainAfterEarlierPass,
    `${operation} renames ${name}, which ${earlier} produced in an earlier apply: applying it now would also rename what ${earlier} renamed`,
    {
      hint: `roll back first (onx-manifest rollback --package ${target} --to-version ${from} --checkpoint ${checkpoint}), then apply once with the lower --min-confidence; nothing was changed`,
      kind: 'conflict',
      details: { operation, earlier, name },
    },
  );
}

export function checkpointExists(dir: string): LineageError {
  return new LineageError(C.checkpointExists, `a checkpoint already exists in ${dir}`, {
    hint: 'roll back with it first, or choose another checkpoint directory; nothing was changed',
    details: { dir },
  });
}

export function checkpointNotFound(dir: string): NotFoundError {
  return new NotFoundError(C.checkpointNotFound, `no checkpoint in ${quoteInput(dir)}`, {
    hint: 'pass the checkpoint directory that apply reported',
    details: { dir },
  });
}

export function checkpointInvalid(dir: string, problem: string): LineageError {
  return new LineageError(C.checkpointInvalid, `the checkpoint in ${dir} is damaged: ${problem}`, {
    hint: 'restore the files from version control instead; nothing was changed',
    details: { dir, problem },
  });
}

export function checkpointTargetChanged(paths: readonly string[]): LineageError {
  return new LineageError(
    C.checkpointTargetChanged,
    `${paths.length} file(s) changed since the migration was applied: ${paths.slice(0, 5).join(', ')}`,
    {
      hint: 'rolling back would discard those edits; pass force to restore anyway. Nothing was changed',
      kind: 'conflict',
      details: { paths: [...paths] },
    },
  );
}

export function checkpointVersionMismatch(dir: string, wanted: string, recorded: string): UsageError {
  return new UsageError(
    C.checkpointVersionMismatch,
    `the checkpoint in ${dir} goes back to ${recorded}, not ${wanted}`,
    {
      hint: `pass --to-version ${recorded}, or the checkpoint taken before migrating from ${wanted}`,
      details: { dir, wanted, recorded },
    },
  );
}

export function registryUriInvalid(uri: string): UsageError {
  return new UsageError(C.registryUriInvalid, `${quoteInput(uri)} is not a registry URI`, {
    hint: 'write it as registry://core_migrations/<from>_<to>, e.g. registry://core_migrations/0.9.0_1.0.0',
    details: { uri },
  });
}

export function registryEntryNotFound(uri: string, registry: string): NotFoundError {
  return new NotFoundError(C.registryEntryNotFound, `${uri} is not in the registry at ${registry}`, {
    hint: 'publish the manifest first (onx-manifest publish), or check the versions',
    details: { uri, registry },
  });
}

export function workerFailed(message: string, cause?: unknown): LineageError {
  return new LineageError(C.workerFailed, `an analysis worker failed: ${message}`, {
    hint: 'run again with parallel 1 to see the failing file; nothing was written',
    cause,
  });
}
