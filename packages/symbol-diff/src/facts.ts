/**
 * What the analysis of one file yields: everything later steps need, computed from the
 * file's text alone. Nothing here depends on the file's path or on other files, so facts
 * are cached by content hash and a moved file is never re-analysed. Linking (module
 * resolution, fully-qualified names, the public API) happens afterwards on these facts.
 */

/** Bumped whenever the analysis changes what it yields: cached facts of another version are ignored. */
export const ANALYZER_VERSION = 3;

export type Lang = 'typescript' | 'tsx' | 'javascript' | 'jsx' | 'declaration';

export type SymbolKind =
  | 'class'
  | 'interface'
  | 'type'
  | 'enum'
  | 'function'
  | 'variable'
  | 'namespace'
  | 'constructor'
  | 'method'
  | 'property'
  | 'accessor'
  | 'enum-member';

export interface DocFacts {
  /** The comment text, whitespace collapsed. */
  text: string;
  /** Release tags as written (`public`, `internal`, `beta`, `alpha`, `experimental`). */
  tags: string[];
  since?: string;
  /** The `@deprecated` text, or true when the tag has none. */
  deprecated?: string | true;
}

export interface BindingFacts {
  /** The property of the argument object this binding reads. */
  property: string;
  /** The local name inside the callable. */
  local: string;
  default?: string;
}

export interface ParamFacts {
  name: string;
  optional: boolean;
  rest: boolean;
  /** The initializer's text, for a parameter with a default value. */
  default?: string;
  type?: string;
  /** Properties read from a destructured object parameter: `{ encoding = 'utf8' }`. */
  bindings?: BindingFacts[];
  /** Properties of an inline object type: `(options: { encoding?: string })`. */
  members?: Array<{ name: string; type: string; optional: boolean }>;
}

export interface SymbolFacts {
  /** Symbol path inside the module: `BaseValidator`, `BaseValidator.validate`, `NS.helper`. */
  path: string;
  kind: SymbolKind;
  line: number;
  /** For top-level declarations: exported by their own `export` keyword (`default` for `export default`). */
  exported?: 'named' | 'default';
  static?: boolean;
  protected?: boolean;
  optional?: boolean;
  callable?: boolean;
  /** The declaration without body, docs or own name, whitespace collapsed (`$` stands for the name). */
  signature: string;
  /** Hash of the signature with the name: what the `.tree` records as `sig_sha`. */
  sigHash: string;
  /** Hash of the whole declaration with its own name masked: equal for a pure rename. */
  shapeHash: string;
  /** Hash of the body with the name and parameter names masked: equal when only parameters were renamed. */
  bodyHash?: string;
  /** Bottom-k sketch of the declaration's token trigrams (own name, parameters and file-level names masked), base64 of sorted uint32s. */
  sketch: string;
  doc?: DocFacts;
  params?: ParamFacts[];
  /** Overloaded callables: the parameter lists of the overload signatures. */
  overloads?: ParamFacts[][];
  returnType?: string;
  /** Declared type of a property or variable. */
  type?: string;
  heritage?: { extends: string[]; implements: string[] };
  /** The name this declaration merely forwards to: `const Old = New`, `class Old extends New {}`, `old() { return this.neu() }` → `this.neu`. */
  aliasOf?: string;
  /** Distinct literals and non-keyword names in the declaration besides its own: how much it says. */
  content?: number;
  /** File-level names (imports and top-level declarations) the declaration mentions. */
  references?: string[];
  /** Type parameter count. */
  typeParams?: number;
}

export interface ImportFacts {
  specifier: string;
  line: number;
  typeOnly: boolean;
  default?: string;
  namespace?: string;
  names: Array<{ imported: string; local: string; typeOnly: boolean }>;
}

export type ExportFacts =
  /** `export { local as exported }`, `export class X`, `export default X`. */
  | { kind: 'local'; exported: string; local: string; typeOnly: boolean; line: number; doc?: DocFacts }
  /** `export { imported as exported } from 'specifier'`. */
  | {
      kind: 'from';
      specifier: string;
      exported: string;
      imported: string;
      typeOnly: boolean;
      line: number;
      doc?: DocFacts;
    }
  /** `export * from 'specifier'`, or `export * as ns from 'specifier'` when `as` is set. */
  | { kind: 'star'; specifier: string; as?: string; typeOnly: boolean; line: number; doc?: DocFacts };

export interface FileFacts {
  analyzer: number;
  symbols: SymbolFacts[];
  imports: ImportFacts[];
  exports: ExportFacts[];
  /** Sketch of the whole file, for matching moved files whose text changed. */
  sketch: string;
  /** Syntax errors the parser recovered from. */
  parseErrors: number;
}

export function langOf(path: string): Lang | undefined {
  if (/\.d\.[mc]?ts$/.test(path)) return 'declaration';
  if (/\.[mc]?ts$/.test(path)) return 'typescript';
  if (path.endsWith('.tsx')) return 'tsx';
  if (/\.[mc]?js$/.test(path)) return 'javascript';
  if (path.endsWith('.jsx')) return 'jsx';
  return undefined;
}
