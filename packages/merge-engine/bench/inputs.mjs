// Deterministic benchmark inputs (a small LCG, so every run measures the same texts).
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['const', 'value', 'return', 'merge', 'line', 'total', 'index', 'result', 'count', 'next', 'items'];

function sourceLine(rnd, i) {
  const words = Array.from({ length: 5 }, () => WORDS[Math.floor(rnd() * WORDS.length)]);
  return `  ${words.join(' ')} = ${i} + ${Math.floor(rnd() * 1e6)}; // ${words[0]}\n`;
}

/**
 * About 11 MB in 200,000 lines; each side changes 1% of the lines (2,000), ours in the
 * first half of every hundred lines and theirs in the second, so the changes never overlap.
 */
export function largeTexts(lineCount = 200_000) {
  const rnd = random(42);
  const base = Array.from({ length: lineCount }, (_, i) => sourceLine(rnd, i));
  const ours = base.map((line, i) => (i % 100 === 17 ? `${line.trimEnd()} // ours\n` : line));
  const theirs = base.map((line, i) => (i % 100 === 71 ? `${line.trimEnd()} // theirs\n` : line));
  return { base: base.join(''), ours: ours.join(''), theirs: theirs.join('') };
}

/** 500 files of about 60 lines; 50 changed on each side, 10 of them on both. */
export function treeOfFiles(fileCount = 500, changedPerSide = 50) {
  const rnd = random(7);
  const enc = (s) => new Uint8Array(Buffer.from(s));
  const base = new Map();
  const ours = new Map();
  const theirs = new Map();
  for (let f = 0; f < fileCount; f++) {
    const lines = Array.from({ length: 60 }, (_, i) => sourceLine(rnd, i));
    const path = `skills/skill-${Math.floor(f / 10)}/file-${f}.md`;
    base.set(path, enc(lines.join('')));
    const oursChanged = f < changedPerSide;
    const theirsChanged = f >= changedPerSide - 10 && f < 2 * changedPerSide - 10;
    ours.set(path, enc(oursChanged ? lines.map((l, i) => (i === 5 ? 'ours\n' : l)).join('') : lines.join('')));
    theirs.set(path, enc(theirsChanged ? lines.map((l, i) => (i === 50 ? 'theirs\n' : l)).join('') : lines.join('')));
  }
  return { base, ours, theirs, changedPerSide };
}
