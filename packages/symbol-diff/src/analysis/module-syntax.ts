import type { DocFacts, ExportFacts, ImportFacts } from '../facts.js';
import type { TS } from './typescript.js';

/** Context the import/export readers need from the file analysis. */
export interface SyntaxContext {
  ts: typeof TS;
  sf: TS.SourceFile;
  line(node: TS.Node): number;
  doc(node: TS.Node, sameLine?: boolean): DocFacts | undefined;
}

export function readImport(ctx: SyntaxContext, node: TS.ImportDeclaration): ImportFacts | undefined {
  const { ts } = ctx;
  if (!ts.isStringLiteral(node.moduleSpecifier)) return undefined;
  const clause = node.importClause;
  const facts: ImportFacts = {
    specifier: node.moduleSpecifier.text,
    line: ctx.line(node),
    typeOnly: clause?.isTypeOnly ?? false,
    names: [],
  };
  if (clause?.name) facts.default = clause.name.text;
  const bindings = clause?.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) facts.namespace = bindings.name.text;
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      facts.names.push({
        imported: moduleExportName(ts, element.propertyName ?? element.name),
        local: element.name.text,
        typeOnly: facts.typeOnly || element.isTypeOnly,
      });
    }
  }
  return facts;
}

/** `import x = require('y')`: the local name stands for the whole module. */
export function readImportEquals(ctx: SyntaxContext, node: TS.ImportEqualsDeclaration): ImportFacts | undefined {
  const { ts } = ctx;
  const reference = node.moduleReference;
  if (!ts.isExternalModuleReference(reference) || !ts.isStringLiteral(reference.expression)) return undefined;
  return {
    specifier: reference.expression.text,
    line: ctx.line(node),
    typeOnly: node.isTypeOnly,
    namespace: node.name.text,
    names: [],
  };
}

export function readExportDeclaration(ctx: SyntaxContext, node: TS.ExportDeclaration): ExportFacts[] {
  const { ts } = ctx;
  const line = ctx.line(node);
  const doc = ctx.doc(node);
  const withDoc = doc ? { doc } : {};
  const specifier =
    node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
  const clause = node.exportClause;
  if (!clause) {
    return specifier === undefined ? [] : [{ kind: 'star', specifier, typeOnly: node.isTypeOnly, line, ...withDoc }];
  }
  if (ts.isNamespaceExport(clause)) {
    if (specifier === undefined) return [];
    const as = moduleExportName(ts, clause.name);
    return [{ kind: 'star', specifier, as, typeOnly: node.isTypeOnly, line, ...withDoc }];
  }
  return clause.elements.map((element): ExportFacts => {
    const exported = moduleExportName(ts, element.name);
    const source = moduleExportName(ts, element.propertyName ?? element.name);
    const typeOnly = node.isTypeOnly || element.isTypeOnly;
    // A doc comment may sit on one specifier: `export { New, /** @deprecated *\/ New as Old }`.
    const own = ctx.doc(element, true);
    const docs = own ? { doc: own } : withDoc;
    return specifier === undefined
      ? { kind: 'local', exported, local: source, typeOnly, line: ctx.line(element), ...docs }
      : { kind: 'from', specifier, exported, imported: source, typeOnly, line: ctx.line(element), ...docs };
  });
}

function moduleExportName(ts: typeof TS, name: TS.ModuleExportName): string {
  return ts.isIdentifier(name) ? name.text : name.text;
}
