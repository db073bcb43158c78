import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** The definition, element by element: what the native path for number arrays must equal. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${reference((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  it('equals the element-by-element definition, number arrays and ranges included', () => {
    const numbers = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    const value = fc.oneof(
      fc.jsonValue({ noUnicodeString: false }),
      fc.array(numbers),
      fc.array(fc.tuple(fc.nat(), fc.nat())),
      fc.record({ ranges: fc.array(fc.tuple(fc.nat(), fc.nat())), up: fc.array(fc.tuple(fc.string(), fc.nat())) }),
    );
    fc.assert(fc.property(value, (v) => canonicalJson(v) === reference(v)));
  });

  it('sorts keys whatever the insertion order', () => {
    expect(canonicalJson({ b: [1, [2, 3]], a: { d: 1, c: 'x' } })).toBe('{"a":{"c":"x","d":1},"b":[1,[2,3]]}');
  });

  it('refuses numbers JSON cannot carry, inside arrays too', () => {
    expect(() => canonicalJson([1, Number.NaN])).toThrow(/NaN/);
    expect(() => canonicalJson([[0, Number.POSITIVE_INFINITY]])).toThrow(/Infinity/);
  });
});
