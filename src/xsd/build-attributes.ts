import type { Element } from '@xmldom/xmldom';
import type { AttributeUse, Form, QName, TypeId, Wildcard } from '../model/types';
import { attr, childElements, NS , localName } from '../xml/dom-utils';
import { buildWildcard } from './build-particles';
import { anonymousSimple } from './build-simple-type';
import { ANY_SIMPLE_TYPE, describe, SchemaBuilder } from './schema-builder';
import type { IndexedComponent, SchemaContext } from './schema-index';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface BuiltAttributes {
  readonly attributes: AttributeUse[];
  readonly anyAttribute?: Wildcard;
}

/** Reads `xs:attribute`, `xs:attributeGroup ref` (flattened) and `xs:anyAttribute` among `children`. */
export function buildAttributes(b: SchemaBuilder, children: readonly Element[], ctx: SchemaContext, from: IndexedComponent | undefined, groupStack: readonly string[] = []): BuiltAttributes {
  const attributes: AttributeUse[] = [];
  let anyAttribute: Wildcard | undefined;
  for (const c of children) {
    if (c.namespaceURI !== NS.xs) continue;
    if (localName(c) === 'attribute') {
      const a = buildAttribute(b, c, ctx, from);
      if (a) attributes.push(a);
    } else if (localName(c) === 'attributeGroup') {
      const expanded = expandAttributeGroup(b, c, ctx, from, groupStack);
      attributes.push(...expanded.attributes);
      if (expanded.anyAttribute) anyAttribute = anyAttribute ?? expanded.anyAttribute;
    } else if (localName(c) === 'anyAttribute') {
      anyAttribute = buildWildcard(b, c, ctx);
    }
  }
  return anyAttribute ? { attributes, anyAttribute } : { attributes };
}

function expandAttributeGroup(b: SchemaBuilder, el: Element, ctx: SchemaContext, from: IndexedComponent | undefined, groupStack: readonly string[]): BuiltAttributes {
  const ref = attr(el, 'ref');
  if (ref === undefined) {
    b.report('W2T600', 'a local xs:attributeGroup needs a ref attribute', el, ctx);
    return { attributes: [] };
  }
  const q = b.qname(el, ref, ctx);
  if (!q) return { attributes: [] };
  const group = b.lookup('attributeGroup', q, from);
  if (!group) {
    b.report('W2T304', `attributeGroup ${describe(q)} is not defined; its attributes are missing from this type`, el, ctx);
    return { attributes: [] };
  }
  if (groupStack.includes(group.id)) {
    b.report('W2T502', `attributeGroup ${describe(q)} contains itself`, el, ctx);
    return { attributes: [] };
  }
  const inner = buildAttributes(b, childElements(group.element), group.schema, group, [...groupStack, group.id]);
  return { ...inner, attributes: inner.attributes.map((a) => (a.group ? a : { ...a, group: q })) };
}

function buildAttribute(b: SchemaBuilder, el: Element, ctx: SchemaContext, from: IndexedComponent | undefined): AttributeUse | undefined {
  const useRaw = attr(el, 'use')?.trim();
  let use: AttributeUse['use'] = 'optional';
  if (useRaw === 'required' || useRaw === 'prohibited' || useRaw === 'optional') use = useRaw;
  else if (useRaw !== undefined) b.report('W2T503', `use="${useRaw}" is not optional, required or prohibited; optional is used`, el, ctx);
  const ref = attr(el, 'ref');
  if (ref !== undefined) {
    const q = b.qname(el, ref, ctx);
    if (!q) return undefined;
    const global = b.lookup('attribute', q, from);
    let type: TypeId = ANY_SIMPLE_TYPE;
    let globalEl: Element | undefined;
    if (global) {
      globalEl = global.element;
      type = attributeType(b, global.element, global.schema, `{${q.ns}}@${q.local}`, global);
    } else if (q.ns === NS.xml) {
      // xml:lang, xml:space, xml:base, xml:id are built into XML itself.
      type = `{${NS.xs}}string`;
    } else b.report('W2T302', `attribute ${describe(q)} is not defined; anySimpleType is used`, el, ctx);
    const a: Mutable<AttributeUse> = { name: q, tsName: '', type, use, form: 'qualified', ref: q, source: b.source(el, ctx) };
    copyValueConstraints(globalEl, a);
    copyValueConstraints(el, a);
    const doc = b.doc(el) ?? (globalEl && b.doc(globalEl));
    if (doc) a.doc = doc;
    return a;
  }
  const local = attr(el, 'name');
  if (local === undefined) {
    b.report('W2T600', 'a local xs:attribute needs a name or a ref', el, ctx);
    return undefined;
  }
  const formAttr = attr(el, 'form')?.trim();
  const form: Form = formAttr === 'qualified' || formAttr === 'unqualified' ? formAttr : ctx.attributeFormDefault;
  const name: QName = { ns: form === 'qualified' ? ctx.tns : '', local };
  const a: Mutable<AttributeUse> = {
    name,
    tsName: '',
    type: attributeType(b, el, ctx, `${from ? from.id : `{${ctx.tns}}`}@${local}`, from),
    use,
    form,
    source: b.source(el, ctx),
  };
  copyValueConstraints(el, a);
  const doc = b.doc(el);
  if (doc) a.doc = doc;
  return a;
}

export function attributeType(b: SchemaBuilder, el: Element, ctx: SchemaContext, hint: string, from: IndexedComponent | undefined): TypeId {
  if (attr(el, 'type') !== undefined) return b.typeRef(el, 'type', ctx, from, ANY_SIMPLE_TYPE);
  const inline = childElements(el).find((c) => c.namespaceURI === NS.xs && localName(c) === 'simpleType');
  if (inline) return anonymousSimple(b, inline, ctx, hint, 'value');
  return ANY_SIMPLE_TYPE;
}

function copyValueConstraints(el: Element | undefined, target: { default?: string; fixed?: string }): void {
  if (!el) return;
  const d = attr(el, 'default');
  const f = attr(el, 'fixed');
  if (d !== undefined) target.default = d;
  if (f !== undefined) target.fixed = f;
}
