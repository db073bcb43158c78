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
  const inX = new Int32Array(local.size);
  const inY = new Int32Array(local.size);
  for (const l of localX) inX[l] = (inX[l] as number) + 1;
  for (const l of localY) inY[l] = (inY[l] as number) + 1;
  return { inX, inY, localX, localY };
}
