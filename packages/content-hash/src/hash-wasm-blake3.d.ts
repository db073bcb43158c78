// hash-wasm publishes one file per algorithm; loading BLAKE3's alone (20 KB) instead of the
// package entry (2 MB, every algorithm) is what keeps loadFastHashing cheap.
declare module 'hash-wasm/dist/blake3.umd.min.js' {
  export { createBLAKE3 } from 'hash-wasm';

  const all: typeof import('hash-wasm');
  export default all;
}
