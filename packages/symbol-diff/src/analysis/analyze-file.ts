import {
  ANALYZER_VERSION,
  type DocFacts,
  type FileFacts,
  type Lang,
  type SymbolFacts,
  type SymbolKind,
} from '../facts.js';
import { readDocBlock } from './jsdoc.js';
import { readExportDeclaration, readImport, readImportEquals, type SyntaxContext } from './module-syntax.js';
import {
  callerParams,
  collapse,
  declarationText,
  nodeText,
  paramFacts,
  propertyNameText,
  storedSignature,
} from './signatures.js';
import {
  scanTokens,
  shortHash,
  sketchTokens,
  type TokenMask,
  type TokenStream,
  tokenRange,
  tokenText,
} from './tokens.js';
import type { TS } from './typescript.js';

const FILE_NAMES: Record<Lang, string> = {
  typescript: 'module.ts',
  tsx: 'module.tsx',
  javascript: 'module.js',
  jsx: 'module.jsx',
  declaration: 'module.d.ts',
};

/** Keyword tokens that say how a declaration is exported, not what it is. */
const EXPORT_WORDS = new Set(['export', 'default', 'declare']);

/** Which declaration wins when several share a name (declaration merging). */
const KIND_RANK: Record<string, number> = { class: 0, function: 1, enum: 2, interface: 3, type: 4, variable: 5 };

/**
 * Analyses one file's text with TypeScript's parser (the one ts-morph bundles) and returns
 * its facts. Syntax only — no type checker and no other file — so it is cheap, runs in
 * worker threads, and its result is a pure function of (language, text).
 */
export function analyzeSource(ts: typeof TS, lang: Lang, text: string): FileFacts {
  return new FileAnalysis(ts, lang, text).run();
}

type CallableNode =
  | TS.FunctionDeclaration
  | TS.MethodDeclaration
  | TS.MethodSignature
  | TS.ConstructorDeclaration
  | TS.ArrowFunction
  | TS.FunctionExpression;

interface Pending {
  facts: SymbolFacts;
  node: TS.Node;
  ownName: string;
  /** Parameter names, masked by position so a parameter rename leaves the sketch alone. */
  params?: Map<string, string>;
}

class FileAnalysis implements SyntaxContext {
  readonly sf: TS.SourceFile;
  private readonly tokens: TokenStream;
  private readonly pending: Pending[] = [];
  private readonly pendingOf = new Map<SymbolFacts, Pending>();
  private readonly facts: FileFacts;
  private readonly ambient: boolean;

  constructor(
    readonly ts: typeof TS,
    lang: Lang,
    private readonly text: string,
  ) {
    const scriptKind =
      lang === 'tsx'
        ? ts.ScriptKind.TSX
        : lang === 'jsx'
          ? ts.ScriptKind.JSX
          : lang === 'javascript'
            ? ts.ScriptKind.JS
            : ts.ScriptKind.TS;
    this.sf = ts.createSourceFile(FILE_NAMES[lang], text, ts.ScriptTarget.Latest, true, scriptKind);
    this.tokens = scanTokens(ts, text, lang === 'tsx' || lang === 'jsx');
    this.ambient = lang === 'declaration';
    const parseErrors = (this.sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
    this.facts = {
      analyzer: ANALYZER_VERSION,
      symbols: [],
      imports: [],
      exports: [],
      sketch: sketchTokens(this.tokens, 0, this.tokens.texts.length),
      parseErrors,
    };
  }

  run(): FileFacts {
    this.statements(this.sf.statements, '', this.ambient);
    this.finish();
    return this.facts;
  }

  line(node: TS.Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1;
  }

  doc(node: TS.Node, sameLine = false): DocFacts | undefined {
    const leading = this.ts.getLeadingCommentRanges(this.text, node.pos) ?? [];
    // A comment on the line of the previous token counts as its trailing comment, unless
    // asked for: `export { New, /** @deprecated *\/ New as Old }`.
    const inline = sameLine ? (this.ts.getTrailingCommentRanges(this.text, node.pos) ?? []) : [];
    return readDocBlock(this.text, [...inline, ...leading]);
  }

  private statements(statements: readonly TS.Statement[], prefix: string, ambient: boolean): void {
    const { ts } = this;
    const topLevel = prefix === '';
    const functions = new Map<string, TS.FunctionDeclaration[]>();
    for (const statement of statements) {
      const exportKind = this.exportKind(statement);
      // Inside a namespace only exported declarations are reachable (in an ambient one, all are).
      if (!topLevel && !exportKind && !ambient) continue;
      if (topLevel && exportKind) this.exportDeclared(statement, exportKind);
      if (ts.isFunctionDeclaration(statement)) {
        const name = statement.name?.text ?? 'default';
        const group = functions.get(name);
        if (group) group.push(statement);
        else functions.set(name, [statement]);
      } else if (ts.isClassDeclaration(statement)) {
        this.classLike(statement, prefix + (statement.name?.text ?? 'default'), exportKind);
      } else if (ts.isInterfaceDeclaration(statement)) {
        this.interfaceLike(statement, prefix + statement.name.text, exportKind);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        this.typeAlias(statement, prefix + statement.name.text, exportKind);
      } else if (ts.isEnumDeclaration(statement)) {
        this.enumLike(statement, prefix + statement.name.text, exportKind);
      } else if (ts.isVariableStatement(statement)) {
        this.variables(statement, prefix, exportKind);
      } else if (ts.isModuleDeclaration(statement)) {
        this.namespace(statement, prefix, exportKind, ambient);
      } else if (topLevel) {
        this.moduleSyntax(statement);
      }
    }
    for (const [name, group] of functions) this.functionGroup(group, prefix + name, this.exportKind(group[0]));
  }

  private moduleSyntax(statement: TS.Statement): void {
    const { ts } = this;
    if (ts.isImportDeclaration(statement)) {
      const facts = readImport(this, statement);
      if (facts) this.facts.imports.push(facts);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const facts = readImportEquals(this, statement);
      if (facts) this.facts.imports.push(facts);
    } else if (ts.isExportDeclaration(statement)) {
      this.facts.exports.push(...readExportDeclaration(this, statement));
    } else if (ts.isExportAssignment(statement)) {
      this.exportAssignment(statement);
    }
  }

  /** `export default <expression>` and `export = <expression>`. */
  private exportAssignment(node: TS.ExportAssignment): void {
    const { ts } = this;
    const expression = node.expression;
    const line = this.line(node);
    if (ts.isIdentifier(expression)) {
      this.facts.exports.push({ kind: 'local', exported: 'default', local: expression.text, typeOnly: false, line });
      return;
    }
    const callable = ts.isArrowFunction(expression) || ts.isFunctionExpression(expression);
    const kind: SymbolKind = callable ? 'function' : ts.isClassExpression(expression) ? 'class' : 'variable';
    const facts = this.symbol(node, 'default', kind, 'default', declarationText(nodeText(node, this.sf)));
    if (callable) this.callableFacts(facts, expression, 'default');
    this.facts.exports.push({ kind: 'local', exported: 'default', local: 'default', typeOnly: false, line });
  }

  private exportDeclared(statement: TS.Statement, kind: 'named' | 'default'): void {
    const { ts } = this;
    const line = this.line(statement);
    const names: string[] = [];
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        names.push(...bindingNames(ts, declaration.name));
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
      (statement.name || kind === 'default')
    ) {
      names.push(statement.name?.text ?? 'default');
    } else if (
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name))
    ) {
      names.push((statement.name as TS.Identifier).text);
    }
    const typeOnly = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
    for (const name of names) {
      const exported = kind === 'default' ? 'default' : name;
      // Overloads repeat `export function f`: one export of f.
      if (this.facts.exports.some((e) => e.kind === 'local' && e.exported === exported && e.local === name)) continue;
      this.facts.exports.push({ kind: 'local', exported, local: name, typeOnly, line });
    }
  }

  private exportKind(node: TS.Node | undefined): 'named' | 'default' | undefined {
    if (!node || !this.ts.canHaveModifiers(node)) return undefined;
    const modifiers = this.ts.getModifiers(node) ?? [];
    if (!modifiers.some((m) => m.kind === this.ts.SyntaxKind.ExportKeyword)) return undefined;
    return modifiers.some((m) => m.kind === this.ts.SyntaxKind.DefaultKeyword) ? 'default' : 'named';
  }

  private hasModifier(node: TS.Node, kind: TS.SyntaxKind): boolean {
    return this.ts.canHaveModifiers(node) && (this.ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
  }

  /** Records a declaration; hashes and sketches are filled in once every name of the file is known. */
  private symbol(
    node: TS.Node,
    path: string,
    kind: SymbolKind,
    ownName: string,
    signature: string,
    docNode: TS.Node = node,
  ): SymbolFacts {
    const facts: SymbolFacts = {
      path,
      kind,
      line: this.line(node),
      signature,
      sigHash: '',
      shapeHash: '',
      sketch: '',
    };
    const doc = this.doc(docNode);
    if (doc) facts.doc = doc;
    const entry = { facts, node, ownName };
    this.pending.push(entry);
    this.pendingOf.set(facts, entry);
    return facts;
  }

  private functionGroup(group: TS.FunctionDeclaration[], path: string, exportKind: 'named' | 'default' | undefined) {
    const [implementation, overloads] = splitOverloads(group);
    const first = group[0] as TS.FunctionDeclaration;
    const name = first.name?.text ?? 'default';
    const signature = overloads.map((node) => this.headerText(node, node.body)).join(' | ');
    const facts = this.symbol(first, path, 'function', name, signature);
    if (exportKind) facts.exported = exportKind;
    this.callableFacts(facts, implementation, name, overloads);
  }

  /**
   * Parameters as callers see them: an overloaded callable's implementation signature is
   * invisible to callers, so its overload signatures stand for it (the body still comes
   * from the implementation).
   */
  private callableFacts(facts: SymbolFacts, node: CallableNode, ownName: string, signatures: CallableNode[] = [node]) {
    const { ts } = this;
    facts.callable = true;
    const paramsOf = (callable: CallableNode) =>
      callerParams(ts, callable.parameters).map((param, i) => paramFacts(ts, this.sf, param, i));
    facts.params = paramsOf(signatures[0] ?? node);
    if (signatures.length > 1) facts.overloads = signatures.map(paramsOf);
    const returns = (signatures[0] ?? node).type;
    if (returns) facts.returnType = nodeText(returns, this.sf);
    if (node.typeParameters) facts.typeParams = node.typeParameters.length;
    const pending = this.pendingOf.get(facts);
    if (pending) pending.params = this.paramPlaceholders(callerParams(ts, node.parameters));
    const body = 'body' in node ? node.body : undefined;
    if (body) {
      const params = callerParams(ts, node.parameters);
      facts.bodyHash = this.bodyHash(body, ownName, params);
      const target = forwardingTarget(ts, body, params);
      if (target) facts.aliasOf = target;
    }
  }

  /** Hash of a body with the callable's own name and its parameter names replaced by positions. */
  private bodyHash(body: TS.Node, ownName: string, params: readonly TS.ParameterDeclaration[]): string {
    const placeholders = this.paramPlaceholders(params);
    placeholders.set(ownName, '$SELF');
    const [from, to] = tokenRange(this.tokens, body.getStart(this.sf), body.end);
    return shortHash(tokenText(this.tokens, from, to, (token) => placeholders.get(token) ?? token));
  }

  private paramPlaceholders(params: readonly TS.ParameterDeclaration[]): Map<string, string> {
    const { ts } = this;
    const placeholders = new Map<string, string>();
    params.forEach((param, i) => {
      if (ts.isIdentifier(param.name)) placeholders.set(param.name.text, `$P${i}`);
      else if (ts.isObjectBindingPattern(param.name)) {
        param.name.elements.forEach((element, j) => {
          if (ts.isIdentifier(element.name)) placeholders.set(element.name.text, `$P${i}.${j}`);
        });
      }
    });
    return placeholders;
  }

  private headerText(node: TS.Node, body: TS.Node | undefined): string {
    const end = body ? body.getStart(this.sf) : node.end;
    return declarationText(this.text.slice(node.getStart(this.sf), end)).replace(/;$/, '');
  }

  private classLike(node: TS.ClassDeclaration, path: string, exportKind: 'named' | 'default' | undefined) {
    const { ts } = this;
    const facts = this.symbol(node, path, 'class', node.name?.text ?? 'default', this.containerHeader(node));
    if (exportKind) facts.exported = exportKind;
    facts.heritage = this.heritage(node.heritageClauses);
    if (node.typeParameters) facts.typeParams = node.typeParameters.length;
    const base = facts.heritage.extends;
    if (node.members.length === 0 && base.length === 1 && facts.heritage.implements.length === 0) {
      facts.aliasOf = base[0] as string;
    }
    const groups = new Map<string, TS.ClassElement[]>();
    for (const member of node.members) {
      if (this.hasModifier(member, ts.SyntaxKind.PrivateKeyword)) continue;
      if (ts.isConstructorDeclaration(member)) {
        this.parameterProperties(member, path);
        groups.set('constructor', [...(groups.get('constructor') ?? []), member]);
        continue;
      }
      const name = member.name ? propertyNameText(ts, member.name) : undefined;
      if (name === undefined) continue;
      const isStatic = this.hasModifier(member, ts.SyntaxKind.StaticKeyword);
      const key = `${isStatic ? 'static ' : ''}${name}`;
      groups.set(key, [...(groups.get(key) ?? []), member]);
    }
    for (const [key, members] of groups) this.classMember(members, path, key.replace(/^static /, ''));
  }

  private classMember(members: TS.ClassElement[], owner: string, name: string) {
    const { ts } = this;
    const first = members[0] as TS.ClassElement;
    const path = `${owner}.${name}`;
    const isStatic = this.hasModifier(first, ts.SyntaxKind.StaticKeyword);
    const isProtected = this.hasModifier(first, ts.SyntaxKind.ProtectedKeyword);
    let facts: SymbolFacts;
    if (ts.isMethodDeclaration(first) || ts.isConstructorDeclaration(first)) {
      const callables = members as Array<TS.MethodDeclaration | TS.ConstructorDeclaration>;
      const [implementation, overloads] = splitOverloads(callables);
      const signature = overloads.map((m) => this.headerText(m, m.body)).join(' | ');
      const kind = ts.isConstructorDeclaration(first) ? 'constructor' : 'method';
      facts = this.symbol(first, path, kind, name, signature);
      this.callableFacts(facts, implementation, name, overloads);
      if ((first as TS.MethodDeclaration).questionToken) facts.optional = true;
    } else if (ts.isGetAccessorDeclaration(first) || ts.isSetAccessorDeclaration(first)) {
      const accessors = members as TS.AccessorDeclaration[];
      const signature = accessors.map((m) => this.headerText(m, m.body)).join(' | ');
      facts = this.symbol(first, path, 'accessor', name, signature);
      const getter = accessors.find((m) => ts.isGetAccessorDeclaration(m));
      if (getter?.type) facts.type = nodeText(getter.type, this.sf);
      const target = getter?.body ? forwardingTarget(ts, getter.body, [], true) : undefined;
      if (target) facts.aliasOf = target;
    } else if (ts.isPropertyDeclaration(first)) {
      facts = this.symbol(first, path, 'property', name, declarationText(nodeText(first, this.sf)).replace(/;$/, ''));
      if (first.type) facts.type = nodeText(first.type, this.sf);
      if (first.questionToken) facts.optional = true;
      const init = first.initializer;
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) this.callableFacts(facts, init, name);
    } else {
      return;
    }
    if (isStatic) facts.static = true;
    if (isProtected) facts.protected = true;
  }

  /** `constructor(public readonly name: string)` declares a property too. */
  private parameterProperties(ctor: TS.ConstructorDeclaration, owner: string) {
    const { ts } = this;
    for (const param of ctor.parameters) {
      if (!ts.isParameterPropertyDeclaration(param, ctor) || !ts.isIdentifier(param.name)) continue;
      if (this.hasModifier(param, ts.SyntaxKind.PrivateKeyword)) continue;
      const facts = this.symbol(
        param,
        `${owner}.${param.name.text}`,
        'property',
        param.name.text,
        nodeText(param, this.sf),
      );
      if (param.type) facts.type = nodeText(param.type, this.sf);
      if (this.hasModifier(param, ts.SyntaxKind.ProtectedKeyword)) facts.protected = true;
    }
  }

  private interfaceLike(node: TS.InterfaceDeclaration, path: string, exportKind: 'named' | 'default' | undefined) {
    const facts = this.symbol(node, path, 'interface', node.name.text, this.containerHeader(node));
    if (exportKind) facts.exported = exportKind;
    facts.heritage = this.heritage(node.heritageClauses);
    if (node.typeParameters) facts.typeParams = node.typeParameters.length;
    if (node.members.length === 0 && facts.heritage.extends.length === 1) facts.aliasOf = facts.heritage.extends[0];
    this.typeMembers(node.members, path);
  }

  private typeAlias(node: TS.TypeAliasDeclaration, path: string, exportKind: 'named' | 'default' | undefined) {
    const { ts } = this;
    const facts = this.symbol(node, path, 'type', node.name.text, declarationText(nodeText(node, this.sf)));
    if (exportKind) facts.exported = exportKind;
    if (node.typeParameters) facts.typeParams = node.typeParameters.length;
    const target = node.type;
    if (ts.isTypeReferenceNode(target)) {
      const own = (node.typeParameters ?? []).map((p) => p.name.text).join(',');
      const passed = (target.typeArguments ?? []).map((a) => nodeText(a, this.sf)).join(',');
      if (own === passed) facts.aliasOf = nodeText(target.typeName, this.sf);
    }
    for (const literal of typeLiterals(ts, target)) this.typeMembers(literal.members, path);
  }

  private typeMembers(members: readonly TS.TypeElement[], owner: string) {
    const { ts } = this;
    const groups = new Map<string, TS.TypeElement[]>();
    for (const member of members) {
      if (!(ts.isPropertySignature(member) || ts.isMethodSignature(member))) continue;
      const name = propertyNameText(ts, member.name);
      if (name === undefined) continue;
      groups.set(name, [...(groups.get(name) ?? []), member]);
    }
    for (const [name, group] of groups) {
      const first = group[0] as TS.PropertySignature | TS.MethodSignature;
      const path = `${owner}.${name}`;
      const signature = group.map((m) => declarationText(nodeText(m, this.sf)).replace(/[;,]$/, '')).join(' | ');
      if (ts.isMethodSignature(first)) {
        const facts = this.symbol(first, path, 'method', name, signature);
        this.callableFacts(facts, first, name, group as TS.MethodSignature[]);
        if (first.questionToken) facts.optional = true;
      } else {
        const facts = this.symbol(first, path, 'property', name, signature);
        if (first.type) facts.type = nodeText(first.type, this.sf);
        if (first.questionToken) facts.optional = true;
        if (first.type && ts.isFunctionTypeNode(first.type)) {
          facts.callable = true;
          facts.params = callerParams(ts, first.type.parameters).map((p, i) => paramFacts(ts, this.sf, p, i));
        }
      }
    }
  }

  private enumLike(node: TS.EnumDeclaration, path: string, exportKind: 'named' | 'default' | undefined) {
    const { ts } = this;
    const facts = this.symbol(node, path, 'enum', node.name.text, this.containerHeader(node));
    if (exportKind) facts.exported = exportKind;
    for (const member of node.members) {
      const name = propertyNameText(ts, member.name as TS.PropertyName);
      if (name === undefined) continue;
      this.symbol(member, `${path}.${name}`, 'enum-member', name, nodeText(member, this.sf));
    }
  }

  private variables(statement: TS.VariableStatement, prefix: string, exportKind: 'named' | 'default' | undefined) {
    const { ts } = this;
    statement.declarationList.declarations.forEach((declaration, index) => {
      // The doc comment sits before the statement, and belongs to its first declarator.
      const docNode = index === 0 ? statement : declaration;
      if (!ts.isIdentifier(declaration.name)) {
        for (const name of bindingNames(ts, declaration.name)) {
          const facts = this.symbol(
            declaration,
            prefix + name,
            'variable',
            name,
            nodeText(declaration, this.sf),
            docNode,
          );
          if (exportKind) facts.exported = exportKind;
        }
        return;
      }
      const name = declaration.name.text;
      const init = declaration.initializer;
      const callable = init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init));
      const signature = callable
        ? `${name}${declaration.type ? `: ${nodeText(declaration.type, this.sf)}` : ''} = ${this.headerText(init, init.body)}`
        : nodeText(declaration, this.sf);
      const facts = this.symbol(
        declaration,
        prefix + name,
        callable ? 'function' : 'variable',
        name,
        signature,
        docNode,
      );
      if (exportKind) facts.exported = exportKind;
      if (declaration.type) facts.type = nodeText(declaration.type, this.sf);
      if (callable) this.callableFacts(facts, init, name);
      else if (init && (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init))) {
        facts.aliasOf = nodeText(init, this.sf);
      }
    });
  }

  private namespace(
    node: TS.ModuleDeclaration,
    prefix: string,
    exportKind: 'named' | 'default' | undefined,
    ambient: boolean,
  ) {
    const { ts } = this;
    // `declare module 'x'` and `declare global` augment other modules: not this module's API.
    if (!ts.isIdentifier(node.name) || (node.flags & ts.NodeFlags.GlobalAugmentation) !== 0) return;
    const path = prefix + node.name.text;
    const facts = this.symbol(node, path, 'namespace', node.name.text, `namespace ${path}`);
    if (exportKind) facts.exported = exportKind;
    const inner = ambient || this.hasModifier(node, ts.SyntaxKind.DeclareKeyword);
    const body = node.body;
    if (body && ts.isModuleBlock(body)) this.statements(body.statements, `${path}.`, inner);
    else if (body && ts.isModuleDeclaration(body)) this.namespace(body, `${path}.`, 'named', inner);
  }

  private containerHeader(node: TS.ClassDeclaration | TS.InterfaceDeclaration | TS.EnumDeclaration): string {
    return declarationText(this.text.slice(node.getStart(this.sf), node.members.pos))
      .replace(/\{$/, '')
      .trim();
  }

  private heritage(clauses: readonly TS.HeritageClause[] | undefined) {
    const { ts } = this;
    const result = { extends: [] as string[], implements: [] as string[] };
    for (const clause of clauses ?? []) {
      const target = clause.token === ts.SyntaxKind.ExtendsKeyword ? result.extends : result.implements;
      for (const type of clause.types) target.push(nodeText(type.expression, this.sf));
    }
    return result;
  }

  /** Hashes, sketches and references need every name of the file: computed last. */
  private finish() {
    const fileNames = new Set<string>();
    for (const imported of this.facts.imports) {
      if (imported.default) fileNames.add(imported.default);
      if (imported.namespace) fileNames.add(imported.namespace);
      for (const name of imported.names) fileNames.add(name.local);
    }
    for (const { facts } of this.pending) if (!facts.path.includes('.')) fileNames.add(facts.path);

    const byPath = new Map<string, Pending>();
    for (const entry of this.pending) {
      const { facts, node, ownName, params } = entry;
      const [from, to] = tokenRange(this.tokens, node.getStart(this.sf), node.end);
      const mask: TokenMask = (token) => (token === ownName ? '$SELF' : EXPORT_WORDS.has(token) ? '' : token);
      const masked = tokenText(this.tokens, from, to, mask);
      facts.shapeHash = shortHash(`${facts.kind} ${masked}`);
      // The sketch is the declaration's structure: what it names elsewhere in the file is left
      // to the usage graph, so a rename of a type it mentions does not make it look different.
      const sketchMask: TokenMask = (token) =>
        params?.get(token) ?? (token !== ownName && fileNames.has(token) ? '$REF' : mask(token));
      facts.sketch = sketchTokens(this.tokens, from, to, sketchMask);
      facts.sigHash = shortHash(`${facts.kind} ${ownName} ${facts.signature}`);
      facts.signature = storedSignature(facts.signature);
      const references = new Set<string>();
      const content = new Set<string>();
      const top = facts.path.split('.')[0];
      for (let i = from; i < to; i++) {
        const token = this.tokens.texts[i] as string;
        if (token !== top && fileNames.has(token)) references.add(token);
        if (token !== ownName && !params?.has(token) && isContentToken(token)) content.add(token);
      }
      if (references.size > 0) facts.references = [...references].sort();
      if (content.size > 0) facts.content = content.size;
      const existing = byPath.get(facts.path);
      if (!existing) byPath.set(facts.path, entry);
      else if ((KIND_RANK[facts.kind] ?? 9) < (KIND_RANK[existing.facts.kind] ?? 9)) byPath.set(facts.path, entry);
    }
    this.facts.symbols = [...byPath.values()].map((entry) => entry.facts).sort((a, b) => a.line - b.line);
  }
}

/** Words of the language and its built-in types: they say nothing about what a declaration means. */
const KEYWORDS = new Set(
  (
    'abstract any as async await bigint boolean break case catch class const constructor continue declare default delete ' +
    'do else enum export extends false finally for from function get if implements import in infer instanceof interface ' +
    'is keyof let namespace never new null number object of override private protected public readonly return set ' +
    'static string super switch symbol this throw true try type typeof undefined unique unknown var void while with yield'
  ).split(' '),
);

/** A literal, or a name that is not a keyword: the tokens that carry a declaration's meaning. */
function isContentToken(token: string): boolean {
  if (/^['"`\d]/.test(token)) return true;
  return /^[A-Za-z_$][\w$]*$/.test(token) && !KEYWORDS.has(token);
}

/** The implementation (the declaration with a body) and the signatures callers see. */
function splitOverloads<T extends { body?: unknown }>(group: T[]): [T, T[]] {
  const implementation = group.find((node) => node.body !== undefined);
  if (!implementation) return [group[group.length - 1] as T, group];
  const signatures = group.filter((node) => node !== implementation);
  return [implementation, signatures.length > 0 ? signatures : [implementation]];
}

function bindingNames(ts: typeof TS, name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...bindingNames(ts, element.name));
  }
  return names;
}

function typeLiterals(ts: typeof TS, type: TS.TypeNode): TS.TypeLiteralNode[] {
  if (ts.isTypeLiteralNode(type)) return [type];
  if (ts.isParenthesizedTypeNode(type)) return typeLiterals(ts, type.type);
  if (ts.isIntersectionTypeNode(type)) return type.types.flatMap((t) => typeLiterals(ts, t));
  return [];
}

/**
 * The name a body only forwards to: `return next(a, b)`, `return this.next(...args)`, and for a getter `return this.next`. Deprecated aliases are
 * written this way; recognising them says what replaced the old name.
 */
function forwardingTarget(
  ts: typeof TS,
  body: TS.ConciseBody,
  params: readonly TS.ParameterDeclaration[],
  getter = false,
): string | undefined {
  let expression: TS.Expression | undefined;
  if (ts.isBlock(body)) {
    if (body.statements.length !== 1) return undefined;
    const only = body.statements[0] as TS.Statement;
    if (ts.isReturnStatement(only)) expression = only.expression;
    else if (ts.isExpressionStatement(only)) expression = only.expression;
  } else {
    expression = body;
  }
  if (!expression) return undefined;
  const calleeText = (node: TS.Expression): string | undefined =>
    ts.isIdentifier(node) || (ts.isPropertyAccessExpression(node) && isNamePath(ts, node))
      ? collapse(node.getText())
      : undefined;
  if (ts.isCallExpression(expression)) {
    const names = params.map((p) => (ts.isIdentifier(p.name) ? p.name.text : undefined));
    const args = expression.arguments;
    if (args.length > names.length) return undefined;
    const forwards = args.every((arg, i) => {
      const inner = ts.isSpreadElement(arg) ? arg.expression : arg;
      return ts.isIdentifier(inner) && inner.text === names[i];
    });
    return forwards ? calleeText(expression.expression) : undefined;
  }
  return getter ? calleeText(expression) : undefined;
}

function isNamePath(ts: typeof TS, node: TS.Expression): boolean {
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(node) && isNamePath(ts, node.expression);
}
