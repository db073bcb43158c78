import type { ChangeManifest, CorePackage } from '../manifest/manifest.js';
import type { Operation } from '../manifest/operations.js';

export interface Replacement {
  op: Operation;
  /** The name to write instead. */
  to: string;
}

/** A move of names between entry points: all of them when `names` is undefined. */
export interface ImportMove {
  op: Operation;
  to: string;
  names?: Set<string>;
}

/**
 * The operations of a manifest at or above a confidence, keyed the way the codemods meet
 * them in a dependent: declarations by fully-qualified name (a member reached through a
 * typed receiver, an option key), public names by import specifier, named arguments by
 * callable and position, entry points and files by path.
 */
export class OperationIndex {
  /** `<package> <module>#<path>` → new last segment. */
  readonly declarations = new Map<string, Replacement>();
  /** `<package> <callable fq>|<position>|<key>` → new key. */
  readonly namedArguments = new Map<string, Replacement>();
  /** `<specifier>\0<public name>` → new public name. */
  readonly publicNames = new Map<string, Replacement>();
  readonly importMoves = new Map<string, ImportMove[]>();
  /** `<package>` → old module → [new module, op]. */
  readonly fileMoves = new Map<string, Map<string, [string, Operation]>>();
  /** Last segments of renamed members and keys: a cheap filter before asking the type checker. */
  readonly memberNames = new Set<string>();
  readonly packages: CorePackage[];

  constructor(manifest: ChangeManifest, operations: readonly Operation[]) {
    this.packages = manifest.core.packages;
    for (const op of operations) this.add(op);
  }

  private add(op: Operation): void {
    const m = op.match as Record<string, string | number | boolean | string[]>;
    switch (op.kind) {
      case 'rename.symbol':
      case 'rename.callable': {
        const to = lastSegment(String(m.to));
        if (String(m.from) !== String(m.to)) {
          this.declarations.set(`${op.package} ${m.module}#${m.from}`, { op, to });
          if (String(m.from).includes('.')) this.memberNames.add(lastSegment(String(m.from)));
        }
        for (const rename of op.imports ?? []) {
          this.publicNames.set(`${rename.specifier}\0${rename.from}`, { op, to: rename.to });
        }
        break;
      }
      case 'config.key_rename':
        this.declarations.set(`${op.package} ${m.module}#${m.type}.${m.from}`, { op, to: String(m.to) });
        this.memberNames.add(String(m.from));
        break;
      case 'arg.rename':
        if (m.named === true) {
          this.namedArguments.set(`${op.package} ${m.callable}|${m.position}|${m.from}`, { op, to: String(m.to) });
          this.memberNames.add(String(m.from));
        }
        break;
      case 'rename.import': {
        const moves = this.importMoves.get(String(m.from)) ?? [];
        moves.push({ op, to: String(m.to), ...(Array.isArray(m.names) ? { names: new Set(m.names) } : {}) });
        this.importMoves.set(String(m.from), moves);
        break;
      }
      case 'move.file': {
        const moves = this.fileMoves.get(op.package) ?? new Map<string, [string, Operation]>();
        moves.set(String(m.module_from), [String(m.module_to), op]);
        this.fileMoves.set(op.package, moves);
        break;
      }
      default:
        // arg.add_default and positional arg.rename change nothing a caller wrote.
        break;
    }
  }

  /** The entry point a public name of `specifier` moved to, if any. */
  movedSpecifier(specifier: string, name: string | undefined): ImportMove | undefined {
    return this.importMoves.get(specifier)?.find((move) => !move.names || (name !== undefined && move.names.has(name)));
  }

  isCoreSpecifier(specifier: string): string | undefined {
    return this.packages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`))?.name;
  }
}

export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
