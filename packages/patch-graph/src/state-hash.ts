import { blake3Digest, contentId } from '@lineage/content-hash';

/**
 * The state of a channel depends only on the *set* of its changes. Each change contributes a
 * 512-bit digest (two domain-separated BLAKE3-256 digests of the change hash), and the state is
 * their sum modulo 2^512: addition is commutative and associative, so any application order
 * gives the same sum; it is a group, so unrecord subtracts in O(1) and a state is updated
 * incrementally. This is the AdHash construction (Bellare–Micciancio); Pijul uses a scalar
 * multiplication on Ed25519 for the same purpose. With 512-bit digests the generalized-birthday
 * attack on additive hashes stays far beyond reach for the set sizes a repository sees.
 * The text form is the BLAKE3 content id of the accumulator, so it reads like any other hash.
 */
const MODULUS = 1n << 512n;
const DOMAIN = 'lineage patch-graph state v1';

export type StateAccumulator = bigint;

export const EMPTY_STATE: StateAccumulator = 0n;

function changeDigest(changeHash: string): bigint {
  let value = 0n;
  for (const half of ['high', 'low']) {
    for (const byte of blake3Digest(`${DOMAIN} ${half}\0${changeHash}`)) value = (value << 8n) | BigInt(byte);
  }
  return value;
}

export function addChange(state: StateAccumulator, changeHash: string): StateAccumulator {
  return (state + changeDigest(changeHash)) % MODULUS;
}

export function removeChange(state: StateAccumulator, changeHash: string): StateAccumulator {
  return (state - changeDigest(changeHash) + MODULUS) % MODULUS;
}

export function encodeAccumulator(state: StateAccumulator): string {
  return state.toString(16).padStart(128, '0');
}

export function decodeAccumulator(text: string): StateAccumulator {
  return BigInt(`0x${text}`);
}

/** The printable state hash of an accumulator. */
export function stateHash(state: StateAccumulator): string {
  return contentId(encodeAccumulator(state));
}

/**
 * A state as stored text (the accumulator, 128 hex digits): what a tag keeps so that a later
 * tag over a superset of its changes can add the rest, instead of summing every change again.
 */
export const EMPTY_STATE_SUM = encodeAccumulator(EMPTY_STATE);

export function addToStateSum(sum: string, changeHashes: Iterable<string>): string {
  let state = decodeAccumulator(sum);
  for (const hash of changeHashes) state = addChange(state, hash);
  return encodeAccumulator(state);
}

export function stateHashOfSum(sum: string): string {
  return stateHash(decodeAccumulator(sum));
}
