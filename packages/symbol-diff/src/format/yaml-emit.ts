/**
 * A block-style YAML emitter for plain data (objects, arrays, strings, numbers, booleans,
 * null), in key insertion order — so equal data gives equal bytes. The `yaml` package
 * parses what this writes; its own stringify took 6.4 s on a 10,000-file `.tree`, this
 * takes a fraction of a second. Strings are plain where no YAML 1.1 or 1.2 reader could
 * take them for anything else, double-quoted (JSON escapes, valid YAML) otherwise.
 */
export type YamlValue = string | number | boolean | null | undefined | YamlValue[] | { [key: string]: YamlValue };

export function emitYaml(value: YamlValue): string {
  const empty = isEmptyContainer(value);
  if (empty !== undefined) return `${empty}\n`;
  const lines: string[] = [];
  emitBlock(value, 0, lines);
  return `${lines.join('\n')}\n`;
}

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER_LIKE =
  /^[-+]?(?:\.?\d[\d_]*(?:\.[\d_]*)?(?:[eE][-+]?\d+)?|\.(?:inf|nan)|0x[0-9a-fA-F_]+|0o?[0-7_]+|\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?)$/i;
const PLAIN = /^[A-Za-z0-9_$./(][A-Za-z0-9_$./#()<>=,+*@\- ]*$/;

export function scalar(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return isPlain(value) ? value : JSON.stringify(value);
}

function isPlain(value: string): boolean {
  if (value.length === 0 || value.endsWith(' ') || !PLAIN.test(value)) return false;
  if (value.includes(' ') && (value.includes(' #') || value.includes(': '))) return false;
  // The reserved words are short; numbers start with a digit, a sign or a dot.
  if (value.length <= 5 && RESERVED.test(value)) return false;
  const first = value.charCodeAt(0);
  const numeric = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  return !(numeric && NUMBER_LIKE.test(value));
}

function isEmptyContainer(value: YamlValue): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? '{}' : undefined;
  return undefined;
}

const pads: string[] = [];
const padOf = (indent: number) => (pads[indent] ??= ' '.repeat(indent));
// Keys repeat (every file has `path`, every symbol `fq`): quoted once.
const keys = new Map<string, string>();
const keyOf = (key: string) => {
  let quoted = keys.get(key);
  if (quoted === undefined) {
    quoted = scalar(key);
    if (keys.size < 10_000) keys.set(key, quoted);
  }
  return quoted;
};

function emitBlock(value: YamlValue, indent: number, lines: string[]): void {
  const pad = padOf(indent);
  if (Array.isArray(value)) {
    for (const item of value) emitItem(item, indent, lines);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      const inner = value[key];
      if (inner === undefined) continue;
      const name = keyOf(key);
      const empty = isEmptyContainer(inner);
      if (empty !== undefined) lines.push(`${pad}${name}: ${empty}`);
      else if (inner !== null && typeof inner === 'object') {
        lines.push(`${pad}${name}:`);
        emitBlock(inner, Array.isArray(inner) ? indent : indent + 2, lines);
      } else lines.push(`${pad}${name}: ${scalar(inner)}`);
    }
    return;
  }
  lines.push(`${pad}${scalar(value as string)}`);
}

function emitItem(item: YamlValue, indent: number, lines: string[]): void {
  const pad = padOf(indent);
  const empty = isEmptyContainer(item);
  if (empty !== undefined) lines.push(`${pad}- ${empty}`);
  else if (Array.isArray(item)) {
    lines.push(`${pad}-`);
    emitBlock(item, indent + 2, lines);
  } else if (item !== null && typeof item === 'object') {
    const start = lines.length;
    emitBlock(item, indent + 2, lines);
    if (lines.length > start) lines[start] = `${pad}- ${(lines[start] as string).slice(indent + 2)}`;
    else lines.push(`${pad}- {}`);
  } else lines.push(`${pad}- ${scalar(item as string)}`);
}
