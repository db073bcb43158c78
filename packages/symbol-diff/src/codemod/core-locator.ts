import type { TS } from '../analysis/typescript.js';
import type { CorePackage } from '../manifest/manifest.js';
import { joinPath, modulePath } from '../snapshot/paths.js';

/** Where a declaration the type checker found lives in the core: the keys an operation may have. */
export interface CoreLocation {
  package: string;
  /** `<package> <module>#<path>` for each module the file may stand for (a built `dist/a.d.ts` stands for `src/a`). */
  keys: string[];
  /** For a property of an options argument: `<package> <callable fq>|<position>|<key>` per module. */
  argumentKeys: string[];
}

const DEFAULT_SOURCE_DIRS = [
  { out: 'dist', src: 'src' },
  { out: 'lib', src: 'src' },
  { out: 'build', src: 'src' },
];

/**
 * Maps declarations of installed core packages back to the fully-qualified names of the
 * manifest. The installed files may be the sources (a workspace link) or their build
 * (`dist/validators/base.d.ts` for `src/validators/base`): the package's source directories
 * from the manifest, then the usual layouts, give the candidates.
 */
export class CoreLocator {
  constructor(
    private readonly ts: typeof TS,
    private readonly roots: ReadonlyMap<string, string>,
    private readonly packages: readonly CorePackage[],
  ) {}

  /** The core package a file belongs to, if any. */
  packageOf(fileName: string): string | undefined {
    for (const [name, root] of this.roots) if (fileName.startsWith(`${root}/`)) return name;
    return undefined;
  }

  locate(declaration: TS.Node): CoreLocation | undefined {
    const file = declaration.getSourceFile().fileName;
    const pkg = this.packageOf(file);
    if (!pkg) return undefined;
    const modules = this.modulesOf(pkg, file.slice((this.roots.get(pkg) as string).length + 1));
    const argument = this.argumentPath(declaration);
    const path = argument ? undefined : this.symbolPath(declaration);
    return {
      package: pkg,
      keys: path ? modules.map((module) => `${pkg} ${module}#${path}`) : [],
      argumentKeys: argument
        ? modules.map((module) => `${pkg} ${module}#${argument.callable}|${argument.position}|${argument.key}`)
        : [],
    };
  }

  private modulesOf(pkg: string, relative: string): string[] {
    const module = modulePath(relative);
    const declared = this.packages.find((p) => p.name === pkg)?.source_dirs ?? [];
    const modules = [module];
    for (const { out, src } of [...declared, ...DEFAULT_SOURCE_DIRS]) {
      if (module.startsWith(`${out}/`)) modules.push(joinPath(src, module.slice(out.length + 1)));
    }
    return [...new Set(modules)];
  }

  /** `Class.member`, `Options.key`, `NS.fn`, `default` — the symbol path a declaration has in a snapshot. */
  symbolPath(node: TS.Node): string | undefined {
    const own = this.ownName(node);
    if (own === undefined) return undefined;
    const owner = this.ownerPath(node.parent);
    if (owner === null) return undefined;
    return owner ? `${owner}.${own}` : own;
  }

  private ownName(node: TS.Node): string | undefined {
    const { ts } = this;
    if (ts.isConstructorDeclaration(node)) return 'constructor';
    if (ts.isParameter(node) && ts.isIdentifier(node.name) && ts.isConstructorDeclaration(node.parent))
      return node.name.text;
    if (ts.isVariableDeclaration(node) || ts.isBindingElement(node)) {
      return ts.isIdentifier(node.name) ? node.name.text : undefined;
    }
    if (ts.isExportAssignment(node)) return 'default';
    const name = (node as TS.NamedDeclaration).name;
    if (!name) {
      return (ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node)) && hasDefault(ts, node)
        ? 'default'
        : undefined;
    }
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
    return undefined;
  }

  /** The path of the container a member is declared in: '' at the top of a module, null when it has none. */
  private ownerPath(parent: TS.Node | undefined): string | null {
    const { ts } = this;
    let node = parent;
    while (node && (ts.isVariableDeclarationList(node) || ts.isVariableStatement(node))) node = node.parent;
    if (!node || ts.isSourceFile(node)) return '';
    if (ts.isModuleBlock(node)) node = node.parent;
    if (ts.isConstructorDeclaration(node)) node = node.parent;
    while (
      node &&
      (ts.isTypeLiteralNode(node) || ts.isIntersectionTypeNode(node) || ts.isParenthesizedTypeNode(node))
    ) {
      node = node.parent;
    }
    if (!node) return null;
    if (
      ts.isClassDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isModuleDeclaration(node)
    ) {
      const path = this.symbolPath(node);
      return path ?? null;
    }
    return null;
  }

  /** A function expression takes the name of what it is assigned to (`export const read = (…) => …`). */
  private callablePath(node: TS.Node): string | undefined {
    const { ts } = this;
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.parent) {
      if (ts.isVariableDeclaration(node.parent) || ts.isPropertyDeclaration(node.parent))
        return this.symbolPath(node.parent);
    }
    return this.symbolPath(node);
  }

  /** A property of an inline-typed or destructured parameter: the callable, the position, the key. */
  private argumentPath(node: TS.Node): { callable: string; position: number; key: string } | undefined {
    const { ts } = this;
    let key: string | undefined;
    let container: TS.Node | undefined;
    if ((ts.isPropertySignature(node) || ts.isMethodSignature(node)) && ts.isTypeLiteralNode(node.parent)) {
      key = this.ownName(node);
      container = node.parent.parent;
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const name = node.propertyName ?? node.name;
      key = ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
      container = node.parent.parent;
    }
    while (container && (ts.isUnionTypeNode(container) || ts.isParenthesizedTypeNode(container)))
      container = container.parent;
    if (!key || !container || !ts.isParameter(container)) return undefined;
    const callable = container.parent;
    const callablePath = ts.isFunctionLike(callable) ? this.callablePath(callable) : undefined;
    if (!callablePath) return undefined;
    const params = (callable as TS.SignatureDeclaration).parameters.filter(
      (p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'),
    );
    return { callable: callablePath, position: params.indexOf(container) + 1, key };
  }
}

function hasDefault(ts: typeof TS, node: TS.Node): boolean {
  return (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []).some(
    (m) => m.kind === ts.SyntaxKind.DefaultKeyword,
  );
}
