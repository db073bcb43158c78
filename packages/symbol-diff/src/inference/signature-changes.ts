import type { ParamFacts } from '../facts.js';
import type { SymbolRecord } from '../snapshot/model.js';
import type { InferenceContext, SymbolMatch } from './context.js';

/** Confidence of a parameter rename by what the bodies say. */
const SAME_BODY = 1;
const NO_BODY = 0.9;
const CHANGED_BODY = 0.75;

/**
 * Rules `arg-rename` and `arg-add-default`, over every pair of matched callables of the
 * public API: a parameter renamed at the same position with the same type (and, for full
 * confidence, a body equal once parameters are numbered — the seed's "same body + param
 * rename"), a named parameter (a property of a destructured or inline-typed options
 * argument) renamed likewise, a new optional parameter with a default. Everything else
 * that changes what callers may pass — removed or retyped parameters, new required ones,
 * changed return types or overload sets — is reported unresolved.
 */
export function inferSignatureChanges(ctx: InferenceContext): void {
  const renamedTypes = renamedTypeNames(ctx);
  for (const match of ctx.matches.values()) {
    const { from: a, to: b } = match;
    if (!a.facts.callable || !b.facts.callable || !ctx.isApi(a)) continue;
    new SignatureComparison(ctx, match, renamedTypes).run();
  }
}

class SignatureComparison {
  private readonly a: SymbolRecord;
  private readonly b: SymbolRecord;

  constructor(
    private readonly ctx: InferenceContext,
    private readonly match: SymbolMatch,
    private readonly renamedTypes: Map<string, string>,
  ) {
    this.a = match.from;
    this.b = match.to;
  }

  run(): void {
    const { a, b } = this;
    if (a.facts.overloads || b.facts.overloads) {
      this.compareOverloads();
      return;
    }
    const before = a.facts.params ?? [];
    const after = b.facts.params ?? [];
    const shared = Math.min(before.length, after.length);
    // Once one parameter changed incompatibly, positions no longer line up reliably (a
    // parameter inserted in the middle): report, but infer no renames or new defaults.
    const unresolvedBefore = this.ctx.unresolved.length;
    const operationsBefore = this.ctx.operations.length;
    for (let i = 0; i < shared; i++) this.compareParam(before[i] as ParamFacts, after[i] as ParamFacts, i);
    for (let i = shared; i < after.length; i++) {
      const param = after[i] as ParamFacts;
      if (param.optional || param.rest) this.addDefault(param.name, i, false, param.default);
      else this.unresolved('param.added_required', `new required parameter ${param.name} at position ${i + 1}`);
    }
    for (let i = shared; i < before.length; i++) {
      const param = before[i] as ParamFacts;
      this.unresolved('param.removed', `parameter ${param.name} (position ${i + 1}) was removed`);
    }
    const incompatible = this.ctx.unresolved
      .slice(unresolvedBefore)
      .some((u) => u.kind === 'param.changed' || u.kind === 'param.removed' || u.kind === 'param.added_required');
    if (incompatible) this.ctx.operations.splice(operationsBefore);
    const returnsBefore = this.translateTypes(a.facts.returnType);
    const returnsAfter = normalizeType(b.facts.returnType);
    if (returnsBefore && returnsAfter && returnsBefore !== returnsAfter) {
      this.unresolved('return.changed', `return type ${returnsBefore} became ${returnsAfter}`);
    }
  }

  private compareParam(x: ParamFacts, y: ParamFacts, position: number): void {
    // Options written inline are compared property by property, not as one type text.
    const inline = (p: ParamFacts) => p.members !== undefined || (p.bindings !== undefined && p.type === undefined);
    const named = inline(x) && inline(y);
    const typeBefore = this.translateTypes(x.type);
    const typeAfter = normalizeType(y.type);
    if (x.rest !== y.rest || (!named && typeBefore && typeAfter && typeBefore !== typeAfter)) {
      this.unresolved('param.changed', `parameter ${x.name}: ${x.type ?? 'untyped'} became ${y.type ?? 'untyped'}`);
      return;
    }
    if (x.optional && !y.optional) {
      this.unresolved('param.changed', `parameter ${x.name} became required`);
      return;
    }
    if (x.name !== y.name && !x.name.startsWith('$arg') && !y.name.startsWith('$arg')) {
      this.argRename(x.name, y.name, position, false, y);
    }
    if (named) this.compareNamed(x, y, position);
  }

  /** Properties of an options argument the callable destructures or types inline. */
  private compareNamed(x: ParamFacts, y: ParamFacts, position: number): void {
    const before = namedProperties(x);
    const after = namedProperties(y);
    const removed = [...before.keys()].filter((name) => !after.has(name));
    const added = [...after.keys()].filter((name) => !before.has(name));
    for (const name of removed) {
      const old = before.get(name) as NamedProperty;
      const twins = added.filter((other) => sameRole(old, after.get(other) as NamedProperty));
      if (twins.length === 1) {
        const twin = twins[0] as string;
        added.splice(added.indexOf(twin), 1);
        this.argRename(name, twin, position, true, after.get(twin) as NamedProperty);
      } else {
        this.unresolved('param.removed', `property ${name} of argument ${position + 1} was removed`);
      }
    }
    for (const name of added) {
      const property = after.get(name) as NamedProperty;
      if (property.optional) this.addDefault(name, position, true, property.default);
      else this.unresolved('param.added_required', `new required property ${name} of argument ${position + 1}`);
    }
  }

  private argRename(
    from: string,
    to: string,
    position: number,
    named: boolean,
    after: { default?: string; optional: boolean },
  ) {
    const { a, b } = this;
    const bodies = a.facts.bodyHash !== undefined && b.facts.bodyHash !== undefined;
    const sameBody = bodies && a.facts.bodyHash === b.facts.bodyHash;
    const confidence = Math.min(this.match.confidence, sameBody ? SAME_BODY : bodies ? CHANGED_BODY : NO_BODY);
    this.ctx.operations.push({
      kind: 'arg.rename',
      rule: 'arg-rename',
      package: a.package,
      match: {
        callable: a.fq,
        from,
        to,
        position: position + 1,
        named,
        ...(after.default !== undefined ? { default: after.default } : {}),
        required: !after.optional,
      },
      evidence: {
        ...(b.fq !== a.fq ? { callable_to: b.fq } : {}),
        body: sameBody ? 'same' : bodies ? 'changed' : 'declaration',
        ...(a.facts.bodyHash ? { body_from: a.facts.bodyHash } : {}),
        ...(b.facts.bodyHash ? { body_to: b.facts.bodyHash } : {}),
      },
      confidence,
    });
  }

  private addDefault(name: string, position: number, named: boolean, value: string | undefined) {
    const { a, b } = this;
    this.ctx.operations.push({
      kind: 'arg.add_default',
      rule: 'arg-add-default',
      package: a.package,
      match: {
        callable: a.fq,
        name,
        position: position + 1,
        named,
        ...(value !== undefined ? { default: value } : {}),
      },
      evidence: { ...(b.fq !== a.fq ? { callable_to: b.fq } : {}), sig_from: a.facts.sigHash, sig_to: b.facts.sigHash },
      confidence: Math.min(this.match.confidence, value !== undefined ? 1 : NO_BODY),
    });
  }

  /** Overload sets: adding signatures is compatible, changing or removing one is not. */
  private compareOverloads(): void {
    const render = (lists: ParamFacts[][] | undefined, params: ParamFacts[] | undefined, translate: boolean) =>
      (lists ?? [params ?? []]).map((list) =>
        list
          .map(
            (p) =>
              `${p.rest ? '...' : ''}${p.optional ? '?' : ''}${translate ? this.translateTypes(p.type) : normalizeType(p.type)}`,
          )
          .join(','),
      );
    const before = render(this.a.facts.overloads, this.a.facts.params, true);
    const after = new Set(render(this.b.facts.overloads, this.b.facts.params, false));
    const lost = before.filter((signature) => !after.has(signature));
    if (lost.length > 0)
      this.unresolved('overloads.changed', `${lost.length} overload signature(s) changed or were removed`);
  }

  /** A type written in `from`, with the names of renamed types replaced by their new names. */
  private translateTypes(text: string | undefined): string {
    return normalizeType(text).replace(/[A-Za-z_$][\w$]*/g, (word) => this.renamedTypes.get(word) ?? word);
  }

  private unresolved(
    kind: 'param.removed' | 'param.added_required' | 'param.changed' | 'return.changed' | 'overloads.changed',
    detail: string,
  ) {
    this.ctx.unresolved.push({
      kind,
      package: this.a.package,
      fq: this.a.fq,
      detail,
      exposures: this.ctx.exposureNames(this.a),
    });
  }
}

/**
 * A type as written, with what formatting changes removed: blanks around brackets and
 * commas, a leading union bar, trailing commas, and `T[]` written as `Array<T>` for a simple `T`.
 */
export function normalizeType(text: string | undefined): string {
  if (!text) return '';
  return text
    .replace(/\s*([<>()[\]{},|&:;=])\s*/g, '$1')
    .replace(/^\|/, '')
    .replace(/,([>\])}])/g, '$1')
    .replace(/\bArray<([\w$.]+)>/g, '$1[]');
}

interface NamedProperty {
  type?: string;
  default?: string;
  optional: boolean;
}

function namedProperties(param: ParamFacts): Map<string, NamedProperty> {
  const properties = new Map<string, NamedProperty>();
  for (const member of param.members ?? []) {
    properties.set(member.name, { type: member.type, optional: member.optional });
  }
  for (const binding of param.bindings ?? []) {
    const known = properties.get(binding.property);
    properties.set(binding.property, {
      ...(known?.type !== undefined ? { type: known.type } : {}),
      ...(binding.default !== undefined ? { default: binding.default } : {}),
      optional: known?.optional ?? binding.default !== undefined,
    });
  }
  return properties;
}

function sameRole(a: NamedProperty, b: NamedProperty): boolean {
  return a.type === b.type && a.default === b.default && a.optional === b.optional;
}

/** Old → new names of renamed top-level types, so `(v: BaseValidator)` equals `(v: ValidatorBase)`. */
function renamedTypeNames(ctx: InferenceContext): Map<string, string> {
  const names = new Map<string, string>();
  for (const match of ctx.matches.values()) {
    const before = match.from.facts.path;
    const after = match.to.facts.path;
    if (!before.includes('.') && before !== after) names.set(before, after);
  }
  return names;
}
