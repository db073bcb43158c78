import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outputOf } from './output-bytes.js';
import { LineItem, type OutputItem } from './output-items.js';
import { itemAt, itemCount, PlainLines } from './plain-lines.js';

const linesArbitrary = fc.array(
  fc.record({ vertex: fc.integer({ min: 2, max: 1_000_000 }), text: fc.string({ maxLength: 12 }) }),
  { maxLength: 40 },
);

describe('PlainLines', () => {
  it('reads as the items it was made from: by index, whole, and as bytes', () => {
    fc.assert(
      fc.property(linesArbitrary, (lines) => {
        const items = lines.map(({ vertex, text }) => LineItem.of(vertex, Buffer.from(`${text}\n`)));
        const output = outputOf(items);
        const plain = new PlainLines(
          Int32Array.from(items, (item) => item.vertex),
          output,
        );
        const view = (item: OutputItem | undefined) =>
          item?.kind === 'line' ? [item.vertex, Buffer.from(item.bytes).toString(), item.zombie] : item;
        expect(itemCount(plain)).toBe(items.length);
        for (let i = -1; i <= items.length; i++) expect(view(itemAt(plain, i))).toEqual(view(items[i]));
        expect(plain.items.map(view)).toEqual(items.map(view));
        expect(Buffer.from(outputOf(plain.items).bytes).equals(Buffer.from(output.bytes))).toBe(true);
      }),
    );
  });

  it('are read by the same functions as an array of items', () => {
    const items = [LineItem.of(7, Buffer.from('a\n')), LineItem.of(9, Buffer.from('b'))];
    expect(itemCount({ items, conflicts: [] })).toBe(2);
    expect(itemAt({ items, conflicts: [] }, 1)).toBe(items[1]);
  });

  it('refuse offsets that are not one per line plus the end', () => {
    expect(() => new PlainLines(new Int32Array(2), { bytes: new Uint8Array(0), offsets: new Int32Array(2) })).toThrow(
      'one offset per line',
    );
  });
});
