export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * JSON with object keys sorted and no whitespace: the same value always gives the same bytes,
 * which is what a content hash over a serialization needs (JSON.stringify keeps insertion order).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot serialize the number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        // A change lists a range per line: arrays of finite numbers are JSON.stringify's bytes
        // already, and serializing them natively is several times quicker.
        return value.every(isFiniteNumberOrTuple) ? JSON.stringify(value) : `[${value.map(canonicalJson).join(',')}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot serialize a ${typeof value}`);
  }
}

const isFiniteNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isFiniteNumberOrTuple = (value: unknown): boolean =>
  isFiniteNumber(value) || (Array.isArray(value) && value.every(isFiniteNumber));
