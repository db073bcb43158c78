import { describe, expect, it } from 'vitest';
import { colorWanted, createStyle } from './index.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('colour', () => {
  it('follows the terminal unless told otherwise', () => {
    expect(colorWanted(tty, undefined, {})).toBe(true);
    expect(colorWanted(pipe, undefined, {})).toBe(false);
    expect(colorWanted(pipe, true, {})).toBe(true);
    expect(colorWanted(tty, false, {})).toBe(false);
  });

  it('honours NO_COLOR over everything but an explicit --color', () => {
    expect(colorWanted(tty, undefined, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(tty, undefined, { NO_COLOR: '' })).toBe(true);
    expect(colorWanted(pipe, true, { NO_COLOR: '1' })).toBe(true);
    expect(colorWanted(pipe, undefined, { FORCE_COLOR: '1' })).toBe(true);
  });

  it('styles only when enabled', () => {
    expect(createStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(createStyle(false).red('x')).toBe('x');
  });
});
