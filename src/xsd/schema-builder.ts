import type { Element } from '@xmldom/xmldom';
import { DiagnosticBag, Location } from '../diagnostics/diagnostic';
import type { DiagnosticCode } from '../diagnostics/catalogue';
import { builtinId, isBuiltinName, soapEncBuiltin } from '../model/builtins';
import type { QName, SourceRef, TypeDef, TypeId } from '../model/types';
import { attr, documentationOf, location, NS , canonicalNamespace } from '../xml/dom-utils';
import { clark, ComponentKind, IndexedComponent, SchemaContext, SchemaIndex } from './schema-index';

export const ANY_TYPE: TypeId = builtinId('anyType');
export const ANY_SIMPLE_TYPE: TypeId = builtinId('anySimpleType');

/**
 * Shared state of one schema-to-model transform: the index, the diagnostics and the types built so far.
 * Types are built on demand and memoized by id, so references may point forwards and cycles are caught.
 */
export class SchemaBuilder {
  readonly types = new Map<TypeId, TypeDef>();
  /** Anonymous types in the order met, appended after the named ones. */
  readonly anonymous: TypeDef[] = [];
  private readonly building = new Set<TypeId>();
  private readonly anonymousIds = new Set<string>();
  /** Type of each global element declaration, computed once so every ref shares one anonymous type. */
  readonly globalElementTypes = new Map<Element, TypeId>();

  constructor(
    readonly index: SchemaIndex,
    readonly diags: DiagnosticBag,
    private readonly buildType: (b: SchemaBuilder, c: IndexedComponent) => TypeDef,
  ) {}

  at(el: Element, ctx: SchemaContext): Location {
    return location(el, ctx.label);
  }

  source(el: Element, ctx: SchemaContext): SourceRef {
    return { file: ctx.label, line: el.lineNumber ?? 0, column: el.columnNumber ?? 0 };
  }

  report(code: DiagnosticCode, message: string, el: Element, ctx: SchemaContext): void {
    this.diags.add(code, message, this.at(el, ctx));
  }

  doc(el: Element): string | undefined {
    return documentationOf(el, NS.xs);
  }

  /**
   * Resolves a QName-valued attribute in the scope of `el`. An unprefixed name takes the default namespace in
   * scope (XSD rules), or no namespace when there is none. Reports W2T309 for an undeclared prefix.
   */
  qname(el: Element, value: string, ctx: SchemaContext): QName | undefined {
    const v = value.trim();
    const colon = v.indexOf(':');
    const prefix = colon < 0 ? null : v.slice(0, colon);
    const local = colon < 0 ? v : v.slice(colon + 1);
    if (prefix === 'xml') return { ns: NS.xml, local };
    // xmldom answers the default namespace for '' only, not for null.
    const ns = el.lookupNamespaceURI(prefix ?? '');
    if (ns === null && prefix !== null) {
      this.report('W2T309', `prefix "${prefix}" in "${v}" is not declared`, el, ctx);
      return undefined;
    }
    return { ns: canonicalNamespace(ns ?? ''), local };
  }

  /**
   * The model id of a referenced type; reports W2T300 and falls back to `fallback` when it does not exist: anyType
   * for elements and complex-type bases, anySimpleType where only a simple type may stand (attributes, simple-type
   * bases, list items), whose values are strings, not raw XML.
   */
  typeRef(el: Element, attrName: string, ctx: SchemaContext, from?: IndexedComponent, fallback: TypeId = ANY_TYPE): TypeId {
    const value = attr(el, attrName)!;
    const q = this.qname(el, value, ctx);
    if (!q) return fallback;
    const used = fallback === ANY_TYPE ? 'anyType' : 'anySimpleType';
    if (q.ns === NS.xs) {
      if (isBuiltinName(q.local)) return builtinId(q.local);
      this.report('W2T300', `xs:${q.local} is not an XSD built-in type; ${used} is used`, el, ctx);
      return fallback;
    }
    const enc = soapEncBuiltin(q.ns, q.local);
    if (enc) return builtinId(enc);
    const target = this.lookup('type', q, from);
    if (!target) {
      this.report('W2T300', `type ${describe(q)} is not defined; ${used} is used`, el, ctx);
      return fallback;
    }
    return target.id;
  }

  /** Looks up a component; inside a redefinition, a self-reference means the original. */
  lookup(kind: ComponentKind, q: QName, from?: IndexedComponent): IndexedComponent | undefined {
    const found = this.index.get(kind, q);
    if (found && from?.redefines && found === from && kind === from.kind) return from.redefines;
    if (found && from?.redefines && clark(q) === clark(from.name) && kind === from.kind) return from.redefines;
    return found;
  }

  /** Builds (once) and returns the named type with this id, or undefined for built-ins and unknown ids. */
  ensure(id: TypeId): TypeDef | undefined {
    const known = this.types.get(id);
    if (known) return known;
    const component = this.componentById(id);
    if (!component) return undefined;
    if (this.building.has(id)) return undefined;
    this.building.add(id);
    try {
      const def = this.buildType(this, component);
      this.types.set(id, def);
      return def;
    } finally {
      this.building.delete(id);
    }
  }

  isBuilding(id: TypeId): boolean {
    return this.building.has(id);
  }

  private componentById(id: TypeId): IndexedComponent | undefined {
    return this.index.typesById.get(id);
  }

  /** A unique id for an anonymous type declared at `hint` (e.g. `{ns}Order#type`). */
  anonymousId(hint: string): TypeId {
    let id = `${hint}#type`;
    for (let n = 2; this.anonymousIds.has(id) || this.types.has(id); n++) id = `${hint}#type${n}`;
    this.anonymousIds.add(id);
    return id;
  }

  addAnonymous(def: TypeDef): void {
    this.types.set(def.id, def);
    this.anonymous.push(def);
  }
}

export function describe(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}

/** Parses minOccurs/maxOccurs; invalid values are reported (W2T503) and read as 1. */
export function occurs(b: SchemaBuilder, el: Element, ctx: SchemaContext): { minOccurs: number; maxOccurs: number | 'unbounded' } {
  const minRaw = attr(el, 'minOccurs');
  const maxRaw = attr(el, 'maxOccurs');
  let minOccurs = 1;
  let maxOccurs: number | 'unbounded' = 1;
  if (minRaw !== undefined) {
    if (/^\s*\d+\s*$/.test(minRaw)) minOccurs = Number(minRaw);
    else b.report('W2T503', `minOccurs="${minRaw}" is not a non-negative integer; 1 is used`, el, ctx);
  }
  if (maxRaw !== undefined) {
    if (maxRaw.trim() === 'unbounded') maxOccurs = 'unbounded';
    else if (/^\s*\d+\s*$/.test(maxRaw)) maxOccurs = Number(maxRaw);
    else b.report('W2T503', `maxOccurs="${maxRaw}" is neither a non-negative integer nor "unbounded"; 1 is used`, el, ctx);
  }
  if (maxOccurs !== 'unbounded' && maxOccurs < minOccurs) {
    b.report('W2T503', `maxOccurs (${maxOccurs}) is less than minOccurs (${minOccurs}); maxOccurs=${minOccurs} is used`, el, ctx);
    maxOccurs = minOccurs;
  }
  return { minOccurs, maxOccurs };
}

export function xsdBoolean(b: SchemaBuilder, el: Element, name: string, ctx: SchemaContext): boolean {
  const v = attr(el, name);
  if (v === undefined) return false;
  const t = v.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  b.report('W2T503', `${name}="${v}" is not a boolean; false is used`, el, ctx);
  return false;
}
