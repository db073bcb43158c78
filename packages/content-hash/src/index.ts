export { decodeBase32, encodeBase32 } from './base32.js';
export {
  blake3Digest,
  CONTENT_ID_LENGTH,
  contentId,
  contentIdOfParts,
  createContentHasher,
  type HashInput,
  isContentId,
  loadFastHashing,
  parseContentId,
  sha256Digest,
  sha256Hex,
} from './content-id.js';
export {
  computeDirHash,
  createExcludeMatcher,
  DEFAULT_DIRHASH_EXCLUDES,
  type DirHash,
  type DirHashOptions,
  type FileDigest,
  hashFileDigests,
} from './dirhash.js';
