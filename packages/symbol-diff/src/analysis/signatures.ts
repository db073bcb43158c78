import type { ParamFacts } from '../facts.js';
import type { TS } from './typescript.js';

const SIGNATURE_LIMIT = 400;

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Declaration text without leading `export`/`default`/`declare`, whitespace collapsed. */
export function declarationText(text: string): string {
  return collapse(text).replace(/^(?:(?:export|default|declare)\s+)+/, '');
}

/** The signature as stored: cut, since only its hash must be exact. */
export function storedSignature(full: string): string {
  return full.length > SIGNATURE_LIMIT ? `${full.slice(0, SIGNATURE_LIMIT)}…` : full;
}

export function nodeText(node: TS.Node, sf: TS.SourceFile): string {
  return collapse(sf.text.slice(node.getStart(sf), node.end));
}

/** A parameter as call sites see it: name, optionality, default, type, and named properties. */
export function paramFacts(
  ts: typeof TS,
  sf: TS.SourceFile,
  param: TS.ParameterDeclaration,
  index: number,
): ParamFacts {
  const facts: ParamFacts = {
    name: ts.isIdentifier(param.name) ? param.name.text : `$arg${index}`,
    optional: param.questionToken !== undefined || param.initializer !== undefined,
    rest: param.dotDotDotToken !== undefined,
  };
  if (param.initializer) facts.default = nodeText(param.initializer, sf);
  if (param.type) facts.type = nodeText(param.type, sf);
  if (ts.isObjectBindingPattern(param.name)) {
    facts.bindings = [];
    for (const element of param.name.elements) {
      if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
      const property = element.propertyName ? propertyNameText(ts, element.propertyName) : element.name.text;
      if (property === undefined) continue;
      facts.bindings.push({
        property,
        local: element.name.text,
        ...(element.initializer ? { default: nodeText(element.initializer, sf) } : {}),
      });
    }
  }
  if (param.type && ts.isTypeLiteralNode(param.type)) {
    facts.members = [];
    for (const member of param.type.members) {
      if (!ts.isPropertySignature(member)) continue;
      const name = propertyNameText(ts, member.name);
      if (name === undefined) continue;
      facts.members.push({
        name,
        type: member.type ? nodeText(member.type, sf) : 'any',
        optional: member.questionToken !== undefined,
      });
    }
  }
  return facts;
}

/** `this` parameters are not passed by callers. */
export function callerParams(ts: typeof TS, params: readonly TS.ParameterDeclaration[]) {
  return params.filter((param) => !(ts.isIdentifier(param.name) && param.name.text === 'this'));
}

/** The text of a property name a caller writes, or undefined for computed names. */
export function propertyNameText(ts: typeof TS, name: TS.PropertyName | TS.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return undefined;
  return undefined;
}
