export {
  type AtomicWriteHooks,
  type AtomicWriteOptions,
  type FileToWrite,
  fsyncDirectory,
  temporarySibling,
  writeFileAtomic,
  writeFilesAtomic,
} from './atomic-write.js';
export { type DirectorySwapHooks, interruptedSwap, recoverDirectorySwap, replaceDirectory } from './directory-swap.js';
export { acquireLock, type FileLock, type LockOptions, type LockOwner, readLockOwner, withLock } from './file-lock.js';
export { currentProcess, isProcessAlive, type ProcessIdentity } from './process-identity.js';
