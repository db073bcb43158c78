export { splitLines } from './lines.js';
export { type DiffOptions, diffLines, type Hunk } from './myers.js';
