import { createInterface } from 'node:readline';
import { LineageError } from '@lineage/errors';

/** Strips ANSI colour codes: widths are measured on what a person sees. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/**
 * Columns padded to their widest cell (colour codes not counted), two spaces apart; the last
 * column is not padded, so lines carry no trailing blanks.
 */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell));
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell))))
      .join('  ')
      .trimEnd(),
  );
}

export interface Progress {
  /** What is being done now; shown after the delay, on one line redrawn in place. */
  update(message: string): void;
  /** Clears the line; nothing more is drawn. */
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner on `stream` for work that lasts: nothing is drawn before `delayMs` (quick commands
 * stay silent), and nothing at all unless `enabled` — callers enable it only on a terminal, so
 * pipes and logs never see control characters.
 */
export function createProgress(
  stream: NodeJS.WritableStream,
  { enabled, delayMs = 1000, intervalMs = 80 }: { enabled: boolean; delayMs?: number; intervalMs?: number },
): Progress {
  if (!enabled) return { update() {}, stop() {} };
  let message = '';
  let frame = 0;
  let drawn = false;
  const draw = () => {
    drawn = true;
    stream.write(`\r\u001b[2K${FRAMES[frame++ % FRAMES.length]} ${message}`);
  };
  let timer: NodeJS.Timeout | undefined;
  const start = setTimeout(() => {
    draw();
    timer = setInterval(draw, intervalMs).unref();
  }, delayMs).unref();
  return {
    update(next) {
      message = next;
    },
    stop() {
      clearTimeout(start);
      clearInterval(timer);
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}

export interface Choice<T extends string> {
  /** The letter a person types. */
  key: string;
  value: T;
  label: string;
}

/** Asks on the terminal until one of the choices is typed (its key or its whole word). */
export async function choose<T extends string>(
  question: string,
  choices: readonly Choice<T>[],
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stderr,
  },
): Promise<T> {
  const menu = choices.map((choice) => `[${choice.key}] ${choice.label}`).join(', ');
  io.output.write(`${question} ${menu}: `);
  // Lines are read as they come (typed ahead or not); the input ending (Ctrl-D) is a refusal.
  for await (const line of createInterface({ input: io.input, terminal: false })) {
    const answer = line.trim().toLowerCase();
    const picked = choices.find((choice) => answer === choice.key || answer === choice.value);
    if (picked) return picked.value;
    io.output.write(`please answer one of: ${choices.map((choice) => choice.key).join(', ')}\n${question} ${menu}: `);
  }
  throw new LineageError('CANCELLED', 'no answer: cancelled, nothing was changed');
}
