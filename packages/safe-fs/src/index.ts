export {
  type AtomicWriteHooks,
  type AtomicWriteOptions,
  fsyncDirectory,
  temporarySibling,
  writeFileAtomic,
} from './atomic-write.js';
export { recoverDirectorySwap, replaceDirectory } from './directory-swap.js';
export { acquireLock, type FileLock, type LockOptions, type LockOwner, readLockOwner, withLock } from './file-lock.js';
export { currentProcess, isProcessAlive, type ProcessIdentity } from './process-identity.js';
