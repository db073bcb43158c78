import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitYaml, scalar, type YamlValue } from './yaml-emit.js';

const key = fc.oneof(fc.string(), fc.constantFrom('true', 'no', '1.0', '@scope/pkg', '- x', 'a: b', '#', ''));
const leaf = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '0.9.0',
    '1.0',
    'yes',
    'null',
    '~',
    '@acme/core',
    'src/a#B.c',
    ' lead',
    'trail ',
    'x #y',
    '-1',
    '0x1F',
    '.inf',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<YamlValue> = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('emitYaml', () => {
  it('writes what a YAML parser reads back as the same data', () => {
    fc.assert(
      fc.property(value, (data) => {
        expect(parse(emitYaml(data))).toEqual(data === undefined ? null : data);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves plain what no reader could mistake, quotes the rest', () => {
    expect(scalar('0.9.0')).toBe('0.9.0');
    expect(scalar('src/validators/base#BaseValidator.validate')).toBe('src/validators/base#BaseValidator.validate');
    expect(scalar('@acme/core')).toBe('"@acme/core"');
    expect(scalar('1.0')).toBe('"1.0"');
    expect(scalar('no')).toBe('"no"');
    expect(emitYaml({ operations: [{ id: 'OP001', match: { from: 'a', to: 'b' } }], empty: [] })).toBe(
      'operations:\n- id: OP001\n  match:\n    from: a\n    to: b\nempty: []\n',
    );
  });
});
