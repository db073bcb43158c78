import type { TS } from '../analysis/typescript.js';
import type { CoreLocator } from './core-locator.js';
import type { OperationIndex, Replacement } from './operation-index.js';

/** One textual replacement in a dependent's file, and the operation that asks for it. */
export interface Edit {
  file: string;
  start: number;
  end: number;
  text: string;
  opId: string;
  line: number;
  column: number;
  /** The text replaced. */
  before: string;
}

/** A use of the core the codemod could not settle: the same name means a core and a non-core declaration. */
export interface SkippedUse {
  file: string;
  line: number;
  name: string;
  reason: string;
}

/** A use of the core API found in a dependent: an imported name or a member reached through a core type. */
export interface CoreUse {
  file: string;
  line: number;
  column: number;
  package: string;
  /** `@acme/core:BaseValidator` for an import, `src/validators/base#BaseValidator.validate` for a member. */
  name: string;
}

export interface FinderContext {
  ts: typeof TS;
  checker: TS.TypeChecker;
  languageService: TS.LanguageService;
  locator: CoreLocator;
  index: OperationIndex;
  /** The dependent's own files: references found elsewhere are never edited. */
  ownFiles: ReadonlySet<string>;
}

interface Binding {
  specifier: string;
  /** The public name imported, `*` for a namespace. */
  imported: string;
}

/**
 * Finds the edits a manifest asks of one file of a dependent. All are decided against the
 * file as it is (a rename chain `A → B`, `B → C` rewrites `A` to `B` and `B` to `C`, never `A`
 * to `C`), and each names its operation. Imports are matched by specifier and public name;
 * everything reached through a value — members, option keys, named arguments — by what the
 * type checker says the name is declared as in the core.
 */
export class EditFinder {
  readonly edits: Edit[] = [];
  readonly skipped: SkippedUse[] = [];
  readonly uses: CoreUse[] = [];
  private readonly bindings = new Map<TS.Symbol, Binding>();
  private readonly renamedLocals = new Map<TS.Symbol, Replacement>();
  private identifiers: Set<string> | undefined;
  private readonly ts: typeof TS;

  constructor(
    private readonly ctx: FinderContext,
    private readonly sf: TS.SourceFile,
    private readonly collectUses = false,
  ) {
    this.ts = ctx.ts;
  }

  run(): this {
    for (const statement of this.sf.statements) this.moduleStatement(statement);
    this.visit(this.sf);
    return this;
  }

  // ── imports and re-exports ──────────────────────────────────────────────

  private moduleStatement(statement: TS.Statement): void {
    const { ts } = this;
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      if (!this.ctx.index.isCoreSpecifier(specifier)) return;
      const clause = statement.importClause;
      if (clause?.name) this.bind(clause.name, { specifier, imported: 'default' });
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.bind(bindings.name, { specifier, imported: '*' });
      const elements = bindings && ts.isNamedImports(bindings) ? [...bindings.elements] : [];
      this.moduleReference(
        statement,
        statement.moduleSpecifier,
        elements,
        clause?.name !== undefined || (bindings !== undefined && !ts.isNamedImports(bindings)),
      );
      for (const element of elements) this.importElement(specifier, element);
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const specifier = statement.moduleSpecifier.text;
      if (!this.ctx.index.isCoreSpecifier(specifier)) return;
      const clause = statement.exportClause;
      const elements = clause && ts.isNamedExports(clause) ? [...clause.elements] : [];
      this.moduleReference(statement, statement.moduleSpecifier, elements, !clause || !ts.isNamedExports(clause));
      for (const element of elements) this.reexportElement(specifier, element);
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      const literal = statement.moduleReference.expression;
      if (!this.ctx.index.isCoreSpecifier(literal.text)) return;
      this.bind(statement.name, { specifier: literal.text, imported: '*' });
      this.specifierEdit(literal, undefined);
    }
  }

  private bind(name: TS.Identifier, binding: Binding): void {
    const symbol = this.ctx.checker.getSymbolAtLocation(name);
    if (symbol) this.bindings.set(symbol, binding);
    this.use(name, binding.specifier, `${binding.specifier}:${binding.imported}`);
  }

  /**
   * The specifier of an import or re-export: moved as a whole (an entry point renamed, a file
   * moved and imported by path), or some of its names moved to another entry point — those
   * leave this declaration for a new one right after it.
   */
  private moduleReference(
    statement: TS.ImportDeclaration | TS.ExportDeclaration,
    literal: TS.StringLiteral,
    elements: Array<TS.ImportSpecifier | TS.ExportSpecifier>,
    hasOtherBindings: boolean,
  ): void {
    if (this.specifierEdit(literal, undefined)) return;
    const { index } = this.ctx;
    const specifier = literal.text;
    const moving = new Map<string, Array<TS.ImportSpecifier | TS.ExportSpecifier>>();
    for (const element of elements) {
      const move = index.movedSpecifier(specifier, (element.propertyName ?? element.name).text);
      if (move) moving.set(move.to, [...(moving.get(move.to) ?? []), element]);
    }
    if (moving.size === 0) return;
    const [target, moved] = [...moving.entries()][0] as [string, Array<TS.ImportSpecifier | TS.ExportSpecifier>];
    const op = index.movedSpecifier(specifier, (moved[0]?.propertyName ?? moved[0]?.name)?.text)?.op;
    if (!op) return;
    if (moving.size === 1 && moved.length === elements.length && !hasOtherBindings) {
      this.edit(literal.getStart(this.sf) + 1, literal.end - 1, target, op.id);
      return;
    }
    for (const [to, group] of moving) {
      const groupOp = index.movedSpecifier(specifier, (group[0]?.propertyName ?? group[0]?.name)?.text)?.op ?? op;
      for (const element of group) this.removeElement(element, groupOp.id);
      const keyword = this.ts.isImportDeclaration(statement) ? 'import' : 'export';
      const typeOnly = this.ts.isImportDeclaration(statement)
        ? statement.importClause?.isTypeOnly
        : statement.isTypeOnly;
      const names = group.map((element) => this.elementText(specifier, element)).join(', ');
      const quote = this.sf.text[literal.getStart(this.sf)] ?? "'";
      const text = `\n${keyword} ${typeOnly ? 'type ' : ''}{ ${names} } from ${quote}${to}${quote};`;
      this.edit(statement.end, statement.end, text, groupOp.id);
    }
  }

  /** An element as it reads once renamed, for a declaration it moves to. */
  private elementText(specifier: string, element: TS.ImportSpecifier | TS.ExportSpecifier): string {
    const imported = (element.propertyName ?? element.name).text;
    const renamed = this.ctx.index.publicNames.get(`${specifier}\0${imported}`)?.to ?? imported;
    const local = element.name.text;
    const type = element.isTypeOnly ? 'type ' : '';
    return renamed === local ? `${type}${local}` : `${type}${renamed} as ${local}`;
  }

  private removeElement(element: TS.ImportSpecifier | TS.ExportSpecifier, opId: string): void {
    const list = element.parent.elements;
    const at = list.indexOf(element as never);
    const start = at === 0 ? element.getStart(this.sf) : (list[at - 1] as TS.Node).end;
    const end = at === 0 && list.length > 1 ? (list[1] as TS.Node).getStart(this.sf) : element.end;
    this.edit(start, end, '', opId);
  }

  /** A specifier that moved as a whole: an entry point renamed, or a file imported by path that moved. */
  private specifierEdit(literal: TS.StringLiteral, name: string | undefined): boolean {
    const specifier = literal.text;
    const whole = this.ctx.index.movedSpecifier(specifier, name);
    const moved = whole && !whole.names ? { to: whole.to, op: whole.op } : this.deepImportMove(specifier);
    if (!moved) return false;
    this.edit(literal.getStart(this.sf) + 1, literal.end - 1, moved.to, moved.op.id);
    return true;
  }

  /** `@acme/core/dist/validators/base.js` after `src/validators/base` moved: the same form, the new path. */
  private deepImportMove(specifier: string) {
    const { index } = this.ctx;
    const pkg = index.isCoreSpecifier(specifier);
    const moves = pkg ? index.fileMoves.get(pkg) : undefined;
    if (!pkg || !moves || specifier === pkg) return undefined;
    const sub = specifier.slice(pkg.length + 1);
    const extension = /(\.d)?\.[mc]?[jt]sx?$/.exec(sub)?.[0] ?? '';
    const module = sub.slice(0, sub.length - extension.length);
    const layouts = [
      { out: '', src: '' },
      ...(index.packages.find((p) => p.name === pkg)?.source_dirs ?? []),
      { out: 'dist', src: 'src' },
      { out: 'lib', src: 'src' },
    ];
    for (const { out, src } of layouts) {
      if (out && !module.startsWith(`${out}/`)) continue;
      const source = out ? (src ? `${src}/${module.slice(out.length + 1)}` : module.slice(out.length + 1)) : module;
      const move = moves.get(source);
      if (!move) continue;
      const [target, op] = move;
      if (src && !target.startsWith(`${src}/`)) continue;
      const published = out ? `${out}/${src ? target.slice(src.length + 1) : target}` : target;
      return { to: `${pkg}/${published}${extension}`, op };
    }
    return undefined;
  }

  private importElement(specifier: string, element: TS.ImportSpecifier): void {
    const imported = (element.propertyName ?? element.name).text;
    this.bind(element.name, { specifier, imported });
    if (this.isBeingRemoved(element)) return;
    const replacement = this.ctx.index.publicNames.get(`${specifier}\0${imported}`);
    if (!replacement) return;
    if (element.propertyName) {
      this.replaceNode(element.propertyName, replacement.to, replacement.op.id);
      return;
    }
    const symbol = this.ctx.checker.getSymbolAtLocation(element.name);
    if (this.fileMentions(replacement.to) || !symbol) {
      // The new name is taken in this file: keep the local name as an alias.
      this.replaceNode(element.name, `${replacement.to} as ${imported}`, replacement.op.id);
    } else {
      this.replaceNode(element.name, replacement.to, replacement.op.id);
      this.renamedLocals.set(symbol, replacement);
    }
  }

  /** `export { Old } from 'core'` keeps exporting `Old`: the dependent's own API does not change. */
  private reexportElement(specifier: string, element: TS.ExportSpecifier): void {
    const imported = (element.propertyName ?? element.name).text;
    this.use(element.name, specifier, `${specifier}:${imported}`);
    if (this.isBeingRemoved(element)) return;
    const replacement = this.ctx.index.publicNames.get(`${specifier}\0${imported}`);
    if (!replacement) return;
    if (element.propertyName) this.replaceNode(element.propertyName, replacement.to, replacement.op.id);
    else this.replaceNode(element.name, `${replacement.to} as ${imported}`, replacement.op.id);
  }

  private isBeingRemoved(element: TS.Node): boolean {
    return this.edits.some(
      (edit) => edit.text === '' && edit.start <= element.getStart(this.sf) && element.end <= edit.end,
    );
  }

  private fileMentions(name: string): boolean {
    if (!this.identifiers) {
      this.identifiers = new Set();
      const collect = (node: TS.Node): void => {
        if (this.ts.isIdentifier(node)) this.identifiers?.add(node.text);
        this.ts.forEachChild(node, collect);
      };
      collect(this.sf);
    }
    return this.identifiers.has(name);
  }

  // ── references, members, keys ───────────────────────────────────────────

  private visit(node: TS.Node): void {
    const { ts } = this;
    if (ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier)) return;
    if (ts.isIdentifier(node)) this.identifier(node);
    else if (ts.isPropertyAccessExpression(node)) this.qualified(node.expression, node.name);
    else if (ts.isQualifiedName(node)) this.qualified(node.left, node.right);
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
      this.member(node.argumentExpression, node.argumentExpression.text, () =>
        this.ctx.checker.getSymbolAtLocation(node.argumentExpression),
      );
    } else if (ts.isObjectLiteralExpression(node)) this.objectKeys(node);
    else if (ts.isObjectBindingPattern(node)) this.bindingKeys(node);
    else if (ts.isJsxAttribute(node) && ts.isIdentifier(node.name)) {
      const name = node.name;
      this.member(name, name.text, () => this.ctx.checker.getSymbolAtLocation(name));
    } else if ((ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) && node.heritageClauses) this.overrides(node);
    else if (ts.isImportTypeNode(node)) this.importType(node);
    else if (ts.isCallExpression(node)) this.dynamicImport(node);
    ts.forEachChild(node, (child) => this.visit(child));
  }

  /** A reference to an imported name that was renamed (shadowing respected: by symbol, not by text). */
  private identifier(node: TS.Identifier): void {
    const { ts, ctx } = this;
    if (this.renamedLocals.size === 0) return;
    const parent = node.parent;
    if (ts.isImportSpecifier(parent)) return;
    if (ts.isShorthandPropertyAssignment(parent) && parent.name === node) {
      const symbol = ctx.checker.getShorthandAssignmentValueSymbol(parent);
      const replacement = symbol && this.renamedLocals.get(symbol);
      if (replacement) this.replaceNode(node, `${node.text}: ${replacement.to}`, replacement.op.id);
      return;
    }
    if (ts.isExportSpecifier(parent) && !parent.parent.parent.moduleSpecifier) {
      const symbol = ctx.checker.getExportSpecifierLocalTargetSymbol(parent);
      const replacement = symbol && this.renamedLocals.get(symbol);
      if (!replacement) return;
      if (parent.propertyName === node) this.replaceNode(node, replacement.to, replacement.op.id);
      else if (!parent.propertyName) this.replaceNode(node, `${replacement.to} as ${node.text}`, replacement.op.id);
      return;
    }
    if (
      (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) &&
      node !== (ts.isPropertyAccessExpression(parent) ? parent.expression : parent.left)
    ) {
      return;
    }
    const symbol = ctx.checker.getSymbolAtLocation(node);
    const replacement = symbol && this.renamedLocals.get(symbol);
    if (replacement) this.replaceNode(node, replacement.to, replacement.op.id);
  }

  /** `ns.Old` through a namespace import, `util.helper` through an imported namespace object, or a typed member. */
  private qualified(left: TS.Node, right: TS.Identifier | TS.PrivateIdentifier): void {
    if (!this.ts.isIdentifier(right)) return;
    const path = this.publicPath(left);
    if (path) {
      const name = path.path ? `${path.path}.${right.text}` : right.text;
      const replacement = this.ctx.index.publicNames.get(`${path.specifier}\0${name}`);
      this.use(right, path.specifier, `${path.specifier}:${name}`);
      if (replacement) {
        this.replaceNode(right, lastSegmentOf(replacement.to), replacement.op.id);
        return;
      }
    }
    this.member(right, right.text, () => this.ctx.checker.getSymbolAtLocation(right));
  }

  /** The public name an expression stands for when it is a namespace import or a name imported from the core. */
  private publicPath(node: TS.Node): { specifier: string; path: string } | undefined {
    const { ts } = this;
    if (ts.isIdentifier(node)) {
      const symbol = this.ctx.checker.getSymbolAtLocation(node);
      const binding = symbol && this.bindings.get(symbol);
      if (!binding) return undefined;
      return { specifier: binding.specifier, path: binding.imported === '*' ? '' : binding.imported };
    }
    if (ts.isPropertyAccessExpression(node) || ts.isQualifiedName(node)) {
      const inner = this.publicPath(ts.isPropertyAccessExpression(node) ? node.expression : node.left);
      const name = ts.isPropertyAccessExpression(node) ? node.name : node.right;
      if (!inner || !ts.isIdentifier(name)) return undefined;
      return { specifier: inner.specifier, path: inner.path ? `${inner.path}.${name.text}` : name.text };
    }
    return undefined;
  }

  /** A member or key whose name is renamed somewhere in the manifest: the checker says whether it is that one. */
  private member(
    node: TS.Node,
    name: string,
    resolve: () => TS.Symbol | undefined,
    write?: (to: string) => string,
  ): void {
    if (!this.ctx.index.memberNames.has(name) && !this.collectUses) return;
    const symbol = resolve();
    if (!symbol) return;
    const replacement = this.replacementFor(symbol, node, name);
    if (replacement) {
      const text = write ? write(replacement.to) : quoteLike(this.sf, node, replacement.to);
      this.replaceNode(node, text, replacement.op.id);
    }
  }

  private replacementFor(symbol: TS.Symbol, node: TS.Node, name: string): Replacement | undefined {
    const { checker, ts, locator, index } = this.ctx;
    const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const found: Replacement[] = [];
    let foreign = 0;
    for (const declaration of resolved.declarations ?? []) {
      const location = locator.locate(declaration);
      if (!location) {
        foreign++;
        continue;
      }
      const key = location.keys[0];
      if (this.collectUses && key) this.use(node, location.package, key.slice(location.package.length + 1));
      const replacement =
        location.keys.map((k) => index.declarations.get(k)).find(Boolean) ??
        location.argumentKeys.map((k) => index.namedArguments.get(k)).find(Boolean);
      if (replacement) found.push(replacement);
    }
    if (found.length === 0) return undefined;
    const targets = new Set(found.map((r) => r.to));
    if (foreign > 0 || targets.size > 1) {
      const start = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
      this.skipped.push({
        file: this.sf.fileName,
        line: start.line + 1,
        name,
        reason: foreign > 0 ? 'also declared outside the core' : `renamed differently: ${[...targets].join(', ')}`,
      });
      return undefined;
    }
    return found[0];
  }

  /** Keys of an object literal, by its contextual type: option bags, named arguments. */
  private objectKeys(node: TS.ObjectLiteralExpression): void {
    const { ts, checker } = this.ctx;
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property) || !property.name) continue;
      const name = property.name;
      const text =
        ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
      if (text === undefined || (!this.ctx.index.memberNames.has(text) && !this.collectUses)) continue;
      const resolve = () => {
        const contextual = checker.getContextualType(node);
        if (!contextual) return undefined;
        const types = contextual.isUnion() ? contextual.types : [contextual];
        for (const type of types) {
          const symbol = checker.getPropertyOfType(checker.getApparentType(type), text);
          if (symbol) return symbol;
        }
        return undefined;
      };
      const shorthand = ts.isShorthandPropertyAssignment(property);
      this.member(name, text, resolve, shorthand ? (to) => `${to}: ${text}` : undefined);
    }
  }

  /** Keys read by destructuring a core-typed value: `const { cacheTime } = options`. */
  private bindingKeys(node: TS.ObjectBindingPattern): void {
    const { ts, checker } = this.ctx;
    for (const element of node.elements) {
      if (element.dotDotDotToken) continue;
      const key = element.propertyName ?? element.name;
      if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) continue;
      const text = key.text;
      if (!this.ctx.index.memberNames.has(text) && !this.collectUses) continue;
      const resolve = () => checker.getPropertyOfType(checker.getApparentType(checker.getTypeAtLocation(node)), text);
      this.member(key, text, resolve, element.propertyName ? undefined : (to) => `${to}: ${text}`);
    }
  }

  /** A member a subclass or extending interface redeclares: renamed with its base, with every reference to it. */
  private overrides(node: TS.ClassLikeDeclaration | TS.InterfaceDeclaration): void {
    const { ts, checker } = this.ctx;
    const bases: TS.Type[] = [];
    for (const clause of node.heritageClauses ?? []) {
      for (const type of clause.types) bases.push(checker.getTypeAtLocation(type));
    }
    for (const member of node.members as ReadonlyArray<TS.ClassElement | TS.TypeElement>) {
      const name = member.name;
      if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) continue;
      if (!this.ctx.index.memberNames.has(name.text)) continue;
      const inherited = bases.map((base) => checker.getPropertyOfType(base, name.text)).find(Boolean);
      const replacement = inherited && this.replacementFor(inherited, name, name.text);
      if (!replacement) continue;
      this.replaceNode(name, replacement.to, replacement.op.id);
      this.renameReferences(name, replacement);
    }
  }

  private renameReferences(name: TS.Node, replacement: Replacement): void {
    const references = this.ctx.languageService.findReferences(this.sf.fileName, name.getStart(this.sf)) ?? [];
    for (const group of references) {
      for (const reference of group.references) {
        if (reference.isDefinition || !this.ctx.ownFiles.has(reference.fileName)) continue;
        if (reference.fileName !== this.sf.fileName) continue;
        const { start, length } = reference.textSpan;
        this.edit(start, start + length, replacement.to, replacement.op.id);
      }
    }
  }

  /** `import('@acme/core').Old` in a type. */
  private importType(node: TS.ImportTypeNode): void {
    const { ts } = this;
    const argument = node.argument;
    if (!ts.isLiteralTypeNode(argument) || !ts.isStringLiteral(argument.literal)) return;
    const specifier = argument.literal.text;
    if (!this.ctx.index.isCoreSpecifier(specifier)) return;
    this.specifierEdit(argument.literal, undefined);
    const qualifier = node.qualifier;
    const first = qualifier && (ts.isIdentifier(qualifier) ? qualifier : undefined);
    const replacement = first && this.ctx.index.publicNames.get(`${specifier}\0${first.text}`);
    if (first && replacement) this.replaceNode(first, replacement.to, replacement.op.id);
  }

  /** `import('@acme/core/x')` and `require('@acme/core/x')` whose entry point moved. */
  private dynamicImport(node: TS.CallExpression): void {
    const { ts } = this;
    const callee = node.expression;
    const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
    const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
    const argument = node.arguments[0];
    if ((!isImport && !isRequire) || !argument || !ts.isStringLiteral(argument)) return;
    if (this.ctx.index.isCoreSpecifier(argument.text)) this.specifierEdit(argument, undefined);
  }

  // ── edits ───────────────────────────────────────────────────────────────

  private replaceNode(node: TS.Node, text: string, opId: string): void {
    this.edit(node.getStart(this.sf), node.end, text, opId);
  }

  private edit(start: number, end: number, text: string, opId: string): void {
    if (this.edits.some((e) => e.start === start && e.end === end)) return;
    const position = this.sf.getLineAndCharacterOfPosition(start);
    this.edits.push({
      file: this.sf.fileName,
      start,
      end,
      text,
      opId,
      line: position.line + 1,
      column: position.character + 1,
      before: this.sf.text.slice(start, end),
    });
  }

  private use(node: TS.Node, pkg: string, name: string): void {
    if (!this.collectUses) return;
    const position = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const owner = this.ctx.index.isCoreSpecifier(pkg) ?? pkg;
    this.uses.push({
      file: this.sf.fileName,
      line: position.line + 1,
      column: position.character + 1,
      package: owner,
      name,
    });
  }
}

/** A new name written as the old one was: bare, or inside the same quotes. */
function quoteLike(sf: TS.SourceFile, node: TS.Node, name: string): string {
  const first = sf.text[node.getStart(sf)];
  return first === '"' || first === "'" || first === '`' ? `${first}${name}${first}` : name;
}

function lastSegmentOf(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
