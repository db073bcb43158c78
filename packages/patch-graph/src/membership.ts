/**
 * A channel's set of changes as a bitset over change row ids: bit `id` of byte `id >> 3`.
 * A channel of 1,200 changes is 150 bytes, so a fork copies it whole, and "is this change in
 * the channel" — asked for every edge of a file at output — is a shift and a mask.
 */
export type Members = Uint8Array;

export const EMPTY_MEMBERS: Members = new Uint8Array(0);

export function hasMember(members: Members, id: number): boolean {
  const byte = id >> 3;
  return byte < members.length && ((members[byte] as number) & (1 << (id & 7))) !== 0;
}

/** A copy of `members` with `id` present or absent (the input is left alone: rows share blobs). */
export function withMember(members: Members, id: number, present: boolean): Members {
  const byte = id >> 3;
  const size = present ? Math.max(members.length, byte + 1) : members.length;
  const next = new Uint8Array(size);
  next.set(members);
  if (byte >= size) return next;
  if (present) next[byte] = (next[byte] as number) | (1 << (id & 7));
  else next[byte] = (next[byte] as number) & ~(1 << (id & 7));
  return trimmed(next);
}

/** The set of `ids`. */
export function membersOf(ids: Iterable<number>): Members {
  const list = [...ids];
  const highest = list.reduce((max, id) => Math.max(max, id), -1);
  const members = new Uint8Array((highest >> 3) + 1);
  for (const id of list) members[id >> 3] = (members[id >> 3] as number) | (1 << (id & 7));
  return trimmed(members);
}

/** The changes in exactly one of two sets. */
export function xorMembers(a: Members, b: Members): Members {
  const out = new Uint8Array(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/** The ids present, ascending. */
export function memberIds(members: Members): number[] {
  const ids: number[] = [];
  for (let byte = 0; byte < members.length; byte++) {
    const bits = members[byte] as number;
    if (bits === 0) continue;
    for (let bit = 0; bit < 8; bit++) if (bits & (1 << bit)) ids.push(byte * 8 + bit);
  }
  return ids;
}

export function memberCount(members: Members): number {
  let count = 0;
  for (const bits of members) {
    let b = bits;
    while (b) {
      b &= b - 1;
      count++;
    }
  }
  return count;
}

/** Trailing zero bytes dropped, so equal sets have equal blobs. */
function trimmed(members: Members): Members {
  let end = members.length;
  while (end > 0 && members[end - 1] === 0) end--;
  return end === members.length ? members : members.slice(0, end);
}
