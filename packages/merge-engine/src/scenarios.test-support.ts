import fc from 'fast-check';

// A small alphabet makes sides collide often; blank lines and braces exercise
// ZEALOUS_ALNUM, CRLF lines the marker line endings.
const line = fc.constantFrom(
  'a\n',
  'b\n',
  'c\n',
  'd\n',
  'e\n',
  'f\n',
  '\n',
  '}\n',
  '{\n',
  '  x = 1;\n',
  'g\r\n',
  '--\n',
  // Letters outside ASCII are not alphanumeric for git (its own ctype table).
  'é→\n',
);

interface Edit {
  at: number;
  remove: number;
  insert: string[];
}
// Mostly distinct lines among a few repeated ones, as in code: what patience and histogram
// anchor on.
const codeLine = fc.oneof(
  { arbitrary: fc.nat(80).map((n) => `line ${n}\n`), weight: 4 },
  { arbitrary: fc.constantFrom('\n', '}\n', '  return;\n'), weight: 1 },
);

const editsOf = (lines: fc.Arbitrary<string>) =>
  fc.array(fc.record({ at: fc.nat(), remove: fc.nat(3), insert: fc.array(lines, { maxLength: 3 }) }), {
    maxLength: 4,
  });

function applyEdits(base: readonly string[], list: readonly Edit[]): string[] {
  const out = [...base];
  for (const edit of list) {
    const at = out.length === 0 ? 0 : edit.at % (out.length + 1);
    out.splice(at, edit.remove, ...edit.insert);
  }
  return out;
}

const join = (lines: string[], chop: boolean) => {
  const text = lines.join('');
  return chop && text.endsWith('\n') ? text.slice(0, -1) : text;
};

const scenarioOf = (lines: fc.Arbitrary<string>) =>
  fc
    .tuple(fc.array(lines, { maxLength: 25 }), editsOf(lines), editsOf(lines), fc.boolean(), fc.boolean(), fc.boolean())
    .map(([base, e1, e2, c0, c1, c2]) => ({
      base: join(base, c0),
      ours: join(applyEdits(base, e1), c1),
      theirs: join(applyEdits(base, e2), c2),
    }));

/** Random base/ours/theirs: a base of up to 25 lines, each side a few edits of it. */
export const scenario = scenarioOf(line);

/** The same over code-like lines: mostly distinct, a few repeated. */
export const codeScenario = scenarioOf(codeLine);
