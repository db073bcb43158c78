/**
 * Equivalence classes of lines, as xdiff's classifier (`xdl_classify_record`) assigns them:
 * every distinct line gets a small integer, and the diff compares integers. Interning the
 * lines of several texts in one `LineClasses` makes their classes comparable, which the
 * three-way merge needs (base, ours and theirs share one numbering).
 */
export class LineClasses {
  private readonly ids = new Map<string, number>();

  /** Class of one line (its terminator included: "a\n", "a\r\n" and "a" differ, as in git). */
  classOf(line: string): number {
    let id = this.ids.get(line);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(line, id);
    }
    return id;
  }

  classify(lines: readonly string[]): Int32Array {
    const out = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) out[i] = this.classOf(lines[i] as string);
    return out;
  }

  /**
   * Classifies `lines` that are mostly a copy of `reference` (already classified as
   * `referenceClasses`), as the sides of a merge are of their base: a line equal to the
   * reference line at the current offset takes its class without a hash lookup, and a
   * looked-up line re-synchronises the offset. The classes are the same as `classify`'s;
   * on large files with few changes this avoids most of the hashing.
   */
  classifyLike(lines: readonly string[], reference: readonly string[], referenceClasses: Int32Array): Int32Array {
    const out = new Int32Array(lines.length);
    let positionOf: Int32Array | undefined;
    let offset = 0;
    for (let j = 0; j < lines.length; j++) {
      const line = lines[j] as string;
      const i = j + offset;
      if (i >= 0 && i < reference.length && reference[i] === line) {
        out[j] = referenceClasses[i] as number;
        continue;
      }
      const id = this.classOf(line);
      out[j] = id;
      if (!positionOf) {
        positionOf = new Int32Array(this.ids.size).fill(-1);
        for (let k = reference.length - 1; k >= 0; k--) positionOf[referenceClasses[k] as number] = k;
      }
      const at = id < positionOf.length ? (positionOf[id] as number) : -1;
      if (at !== -1) offset = at - j;
    }
    return out;
  }

  get size(): number {
    return this.ids.size;
  }
}

/**
 * Occurrence counts of each class in two sequences (xdiff's `len1`/`len2`). Classes are
 * renumbered densely first, so a small sub-diff of a huge file (conflict refinement, the
 * histogram's fallback) costs in proportion to its own size.
 */
export function countOccurrences(
  x: Int32Array,
  y: Int32Array,
): { inX: Int32Array; inY: Int32Array; localX: Int32Array; localY: Int32Array } {
  let max = 0;
  for (const id of x) if (id > max) max = id;
  for (const id of y) if (id > max) max = id;
  // Classes numbered densely already (a whole-file diff) are renumbered through an array;
  // a small slice of a large numbering, through a map.
  if (max < 4 * (x.length + y.length) + 1024) {
    const table = new Int32Array(max + 1).fill(-1);
    let next = 0;
    const renumberDense = (seq: Int32Array) => {
      const out = new Int32Array(seq.length);
      for (let i = 0; i < seq.length; i++) {
        const id = seq[i] as number;
        let l = table[id] as number;
        if (l === -1) {
          l = next++;
          table[id] = l;
        }
        out[i] = l;
      }
      return out;
    };
    const denseX = renumberDense(x);
    const denseY = renumberDense(y);
    return withCounts(denseX, denseY, next);
  }
  const local = new Map<number, number>();
  const renumber = (seq: Int32Array) => {
    const out = new Int32Array(seq.length);
    for (let i = 0; i < seq.length; i++) {
      const id = seq[i] as number;
      let l = local.get(id);
      if (l === undefined) {
        l = local.size;
        local.set(id, l);
      }
      out[i] = l;
    }
    return out;
  };
  const localX = renumber(x);
  const localY = renumber(y);
  return withCounts(localX, localY, local.size);
}

function withCounts(localX: Int32Array, localY: Int32Array, classes: number) {
  const inX = new Int32Array(classes);
  const inY = new Int32Array(classes);
  for (const l of localX) inX[l] = (inX[l] as number) + 1;
  for (const l of localY) inY[l] = (inY[l] as number) + 1;
  return { inX, inY, localX, localY };
}
