/** A replaced region: `oldCount` lines at `oldStart` became `newCount` lines at `newStart` (0-based). */
export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

export interface DiffOptions {
  algorithm?: 'myers';
}

/**
 * Myers' O(ND) difference of two line sequences, with common prefix and suffix trimmed
 * first. Lines are compared by exact string equality (terminators included).
 */
export function diffLines(a: readonly string[], b: readonly string[], _options: DiffOptions = {}): Hunk[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;

  const ids = new Map<string, number>();
  const intern = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const x = Int32Array.from(a.slice(prefix, a.length - suffix), intern);
  const y = Int32Array.from(b.slice(prefix, b.length - suffix), intern);
  const removed = new Uint8Array(x.length);
  const added = new Uint8Array(y.length);
  markChanges(x, y, removed, added);
  return collectHunks(removed, added, prefix);
}

// Greedy forward Myers, keeping the frontier of every round (the "V" arrays), then a
// backtrack from the end: each round contributes exactly one edit, the snakes between
// edits are common lines.
function markChanges(x: Int32Array, y: Int32Array, removed: Uint8Array, added: Uint8Array): void {
  const n = x.length;
  const m = y.length;
  const offset = n + m + 1;
  const v = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= n + m; d++) {
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let i = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i++;
        j++;
      }
      v[offset + k] = i;
      if (i >= n && j >= m) {
        trace.push(v.slice());
        break outer;
      }
    }
    trace.push(v.slice());
  }
  let i = n;
  let j = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1] as Int32Array;
    const k = i - j;
    const down = k === -d || (k !== d && (previous[offset + k - 1] as number) < (previous[offset + k + 1] as number));
    const previousK = down ? k + 1 : k - 1;
    const previousI = previous[offset + previousK] as number;
    const previousJ = previousI - previousK;
    if (down) added[previousJ] = 1;
    else removed[previousI] = 1;
    i = previousI;
    j = previousJ;
  }
}

function collectHunks(removed: Uint8Array, added: Uint8Array, base: number): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < removed.length || j < added.length) {
    if ((i < removed.length && removed[i]) || (j < added.length && added[j])) {
      const oldStart = i;
      const newStart = j;
      while (i < removed.length && removed[i]) i++;
      while (j < added.length && added[j]) j++;
      hunks.push({
        oldStart: base + oldStart,
        oldCount: i - oldStart,
        newStart: base + newStart,
        newCount: j - newStart,
      });
    } else {
      i++;
      j++;
    }
  }
  return hunks;
}
