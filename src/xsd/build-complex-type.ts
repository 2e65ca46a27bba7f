import type { Element } from '@xmldom/xmldom';
import { builtinId, builtinOf, isBuiltinName, soapEncBuiltin } from '../model/builtins';
import type { AttributeUse, ComplexTypeDef, ContentModel, Facets, QName, TypeId, Wildcard } from '../model/types';
import { attr, childElements, NS , localName } from '../xml/dom-utils';
import { buildAttributes } from './build-attributes';
import { buildModelGroup, buildParticle } from './build-particles';
import { anonymousSimple, readFacets } from './build-simple-type';
import { ANY_SIMPLE_TYPE, ANY_TYPE, SchemaBuilder, xsdBoolean } from './schema-builder';
import type { IndexedComponent, SchemaContext } from './schema-index';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const PARTICLES = new Set(['sequence', 'choice', 'all', 'group']);

export function buildAnonymousComplex(b: SchemaBuilder, el: Element, ctx: SchemaContext, hint: string, context: string): TypeId {
  const id = b.anonymousId(hint);
  // Registered before its content is built, so a recursive reference to an enclosing element still resolves.
  const def = buildComplexType(b, el, ctx, id, undefined, context);
  b.addAnonymous(def);
  return id;
}

/** Builds an `xs:complexType`: plain content, complexContent or simpleContent, with its attributes. */
export function buildComplexType(b: SchemaBuilder, el: Element, ctx: SchemaContext, id: TypeId, name: QName | undefined, context: string | undefined, from?: IndexedComponent): ComplexTypeDef {
  const def: Mutable<ComplexTypeDef> = {
    kind: 'complex',
    id,
    tsName: '',
    abstract: xsdBoolean(b, el, 'abstract', ctx),
    mixed: xsdBoolean(b, el, 'mixed', ctx),
    content: { kind: 'empty' },
    attributes: [],
    derivedTypes: [],
    source: b.source(el, ctx),
  };
  if (name) def.name = name;
  if (context) def.context = context;
  const doc = b.doc(el);
  if (doc) def.doc = doc;
  const children = childElements(el).filter((c) => c.namespaceURI === NS.xs && localName(c) !== 'annotation');
  const first = children[0];
  if (first && localName(first) === 'complexContent') {
    if (attr(first, 'mixed') !== undefined) def.mixed = xsdBoolean(b, first, 'mixed', ctx);
    buildComplexContent(b, first, ctx, def, from);
  } else if (first && localName(first) === 'simpleContent') {
    buildSimpleContent(b, first, ctx, def, from);
  } else {
    buildPlainContent(b, children, ctx, def, from);
  }
  for (const extra of children.slice(1)) {
    if (first && (localName(first) === 'complexContent' || localName(first) === 'simpleContent')) {
      b.report('W2T501', `xs:${localName(extra)} after xs:${localName(first)} is not allowed; skipped`, extra, ctx);
    }
  }
  markWcfProfile(def);
  // soapenc:Array itself (a part typed soapenc:Array): an array of values each typed by its xsi:type.
  if ((name?.ns === NS.soapEnc11 || name?.ns === NS.soapEnc12) && name.local === 'Array') {
    def.soapArray = { itemType: ANY_TYPE };
    def.content = { kind: 'empty' };
    def.attributes = [];
    delete def.anyAttribute;
  }
  return def;
}

function buildPlainContent(b: SchemaBuilder, children: Element[], ctx: SchemaContext, def: Mutable<ComplexTypeDef>, from?: IndexedComponent): void {
  const particleEl = children.find((c) => PARTICLES.has(localName(c)));
  if (particleEl) def.content = particleContent(b, particleEl, ctx, def.id, from);
  else if (def.mixed) def.content = { kind: 'elements', particle: { kind: 'sequence', minOccurs: 1, maxOccurs: 1, particles: [], source: def.source } };
  const attrs = buildAttributes(b, children, ctx, from);
  def.attributes = attrs.attributes;
  if (attrs.anyAttribute) def.anyAttribute = attrs.anyAttribute;
  for (const c of children) {
    if (c !== particleEl && !['attribute', 'attributeGroup', 'anyAttribute'].includes(localName(c))) {
      b.report('W2T501', `xs:${localName(c)} is not allowed here; skipped`, c, ctx);
    }
  }
}

function particleContent(b: SchemaBuilder, el: Element, ctx: SchemaContext, owner: string, from?: IndexedComponent): ContentModel {
  if (localName(el) === 'group') {
    // A group reference as the whole content expands to the group's own sequence/choice/all.
    const g = buildParticle(b, el, ctx, owner, from, []);
    return g && g.kind !== 'element' && g.kind !== 'any' ? { kind: 'elements', particle: g } : { kind: 'empty' };
  }
  return { kind: 'elements', particle: buildModelGroup(b, el, ctx, owner, from) };
}

function buildComplexContent(b: SchemaBuilder, cc: Element, ctx: SchemaContext, def: Mutable<ComplexTypeDef>, from?: IndexedComponent): void {
  const derivation = childElements(cc).find((c) => c.namespaceURI === NS.xs && (localName(c) === 'extension' || localName(c) === 'restriction'));
  if (!derivation) {
    b.report('W2T600', 'xs:complexContent needs an extension or a restriction', cc, ctx);
    return;
  }
  const method = localName(derivation) as 'extension' | 'restriction';
  const baseName = attr(derivation, 'base');
  const baseQ = method === 'restriction' && baseName !== undefined ? b.qname(derivation, baseName, ctx) : undefined;
  if (baseQ && (baseQ.ns === NS.soapEnc11 || baseQ.ns === NS.soapEnc12) && baseQ.local === 'Array') {
    // An encoded array. Toolkits (gSOAP, .NET) also write soapenc:Array and soapenc:arrayType in the SOAP 1.2
    // encoding namespace, which declares neither: they mean the same here, and are not looked up.
    const children = childElements(derivation).filter((c) => c.namespaceURI === NS.xs && localName(c) !== 'annotation');
    const particleEl = children.find((c) => PARTICLES.has(localName(c)));
    if (particleEl) def.content = particleContent(b, particleEl, ctx, def.id, from);
    soapArray(b, derivation, children, ctx, def);
    return;
  }
  const base = baseName !== undefined ? b.typeRef(derivation, 'base', ctx, from) : ANY_TYPE;
  if (attr(derivation, 'base') === undefined) b.report('W2T600', `xs:${method} needs a base`, derivation, ctx);
  // Restricting anyType is how a plain complex type is spelled out in full; it derives from nothing useful.
  if (!(method === 'restriction' && base === ANY_TYPE)) def.derivation = { method, base };
  const baseDef = b.ensure(base);
  if (baseDef?.kind === 'simple' || (builtinOf(base) && base !== ANY_TYPE)) {
    b.report('W2T501', `complexContent cannot derive from simple type ${base}; read as simpleContent`, derivation, ctx);
    delete def.derivation;
    def.content = { kind: 'simple', valueType: base, facets: {} };
  }
  if (b.isBuilding(base) && base === def.id) b.report('W2T502', `type ${def.id} derives from itself`, derivation, ctx);
  const children = childElements(derivation).filter((c) => c.namespaceURI === NS.xs && localName(c) !== 'annotation');
  const particleEl = children.find((c) => PARTICLES.has(localName(c)));
  if (particleEl) def.content = particleContent(b, particleEl, ctx, def.id, from);
  const attrs = buildAttributes(b, children, ctx, from);
  def.attributes = attrs.attributes;
  if (attrs.anyAttribute) def.anyAttribute = attrs.anyAttribute;
}

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';

/**
 * A soapenc:Array restriction: its item type from `wsdl:arrayType="ns:T[]"` (the form WSDL 1.1 section 5 and every
 * rpc/encoded toolkit writes), else from the single element of its content. Its content and attributes are the
 * encoding's, not the type's: they are dropped, the type is an array of its items.
 */
function soapArray(b: SchemaBuilder, derivation: Element, children: Element[], ctx: SchemaContext, def: Mutable<ComplexTypeDef>): void {
  let itemType: TypeId | undefined;
  for (const a of children.filter((c) => localName(c) === 'attribute')) {
    const at = a.getAttributeNodeNS(WSDL_NS, 'arrayType');
    if (!at) continue;
    const m = /^\s*([^\s\[\]]+)((?:\[[^\]]*\])+)\s*$/.exec(at.value);
    const dims = m ? m[2]!.match(/\[[^\]]*\]/g)! : [];
    if (!m || dims.some((d) => d !== '[]')) {
      b.report('W2T760', `wsdl:arrayType="${at.value}" is not a one-dimensional array of a named type (T[]); multi-dimensional, jagged and sized array types are not supported: items are read as anyType`, a, ctx);
      itemType = ANY_TYPE;
      break;
    }
    const q = b.qname(a, m[1]!, ctx);
    if (!q) break;
    const enc = q.ns === NS.xs ? (isBuiltinName(q.local) ? q.local : undefined) : soapEncBuiltin(q.ns, q.local);
    if (enc) itemType = builtinId(enc);
    else {
      const target = b.lookup('type', q);
      if (!target) b.report('W2T300', `wsdl:arrayType item type ${q.local} is not defined; anyType is used`, a, ctx);
      itemType = target?.id ?? ANY_TYPE;
    }
    break;
  }
  if (itemType === undefined && def.content.kind === 'elements') {
    const items = def.content.particle.particles;
    if (items.length === 1 && items[0]!.kind === 'element') itemType = items[0]!.type;
  }
  if (itemType === undefined) {
    b.report('W2T760', `soapenc:Array restriction ${def.name?.local ?? ''} gives no item type (no wsdl:arrayType, no single item element): items are read as anyType`, derivation, ctx);
    itemType = ANY_TYPE;
  }
  def.soapArray = { itemType };
  delete def.derivation;
  def.content = { kind: 'empty' };
  def.attributes = [];
  delete def.anyAttribute;
}

function buildSimpleContent(b: SchemaBuilder, sc: Element, ctx: SchemaContext, def: Mutable<ComplexTypeDef>, from?: IndexedComponent): void {
  const derivation = childElements(sc).find((c) => c.namespaceURI === NS.xs && (localName(c) === 'extension' || localName(c) === 'restriction'));
  if (!derivation) {
    b.report('W2T600', 'xs:simpleContent needs an extension or a restriction', sc, ctx);
    def.content = { kind: 'simple', valueType: ANY_SIMPLE_TYPE, facets: {} };
    return;
  }
  const method = localName(derivation) as 'extension' | 'restriction';
  const base = attr(derivation, 'base') !== undefined ? b.typeRef(derivation, 'base', ctx, from, ANY_SIMPLE_TYPE) : ANY_SIMPLE_TYPE;
  const baseDef = b.ensure(base);
  let valueType: TypeId = base;
  let facets: Facets = {};
  if (baseDef?.kind === 'complex') {
    def.derivation = { method, base };
    valueType = baseDef.content.kind === 'simple' ? baseDef.content.valueType : ANY_SIMPLE_TYPE;
    if (baseDef.content.kind !== 'simple' && !baseDef.mixed) {
      b.report('W2T501', `simpleContent derives from ${base}, which has no simple content; anySimpleType is used`, derivation, ctx);
    }
  } else if (method === 'restriction') {
    b.report('W2T501', `simpleContent restriction must derive from a complex type with simple content, not ${base}`, derivation, ctx);
  }
  if (method === 'restriction') {
    const inline = childElements(derivation).find((c) => c.namespaceURI === NS.xs && localName(c) === 'simpleType');
    if (inline) valueType = anonymousSimple(b, inline, ctx, def.id, 'value');
    const read = readFacets(b, derivation, ctx);
    facets = read.facets;
    if (read.enumeration) {
      // Enumerated simple content becomes a named anonymous simple type so it gets a literal union too.
      valueType = restrictionType(b, derivation, ctx, def.id, valueType, read.facets, read.enumeration);
      facets = {};
    }
  }
  def.content = { kind: 'simple', valueType, facets };
  const children = childElements(derivation).filter((c) => c.namespaceURI === NS.xs);
  const attrs = buildAttributes(b, children, ctx, from);
  def.attributes = attrs.attributes;
  if (attrs.anyAttribute) def.anyAttribute = attrs.anyAttribute;
}

function restrictionType(b: SchemaBuilder, el: Element, ctx: SchemaContext, owner: string, base: TypeId, facets: Facets, enumeration: NonNullable<ReturnType<typeof readFacets>['enumeration']>): TypeId {
  const id = b.anonymousId(`${owner.replace(/#type\d*$/, '')}/value`);
  const baseDef = b.ensure(base);
  b.addAnonymous({
    kind: 'simple',
    id,
    tsName: '',
    context: `value of ${owner}`,
    variety: 'atomic',
    base,
    builtin: baseDef?.kind === 'simple' ? (baseDef.builtin ?? 'anySimpleType') : (builtinOf(base) ?? 'anySimpleType'),
    facets,
    enumeration,
    source: b.source(el, ctx),
  });
  return id;
}

/** WCF DataContract markers: `ArrayOf*` collections and IsReference contracts (ser:Id / ser:Ref). */
function markWcfProfile(def: Mutable<ComplexTypeDef>): void {
  if (def.attributes.some((a: AttributeUse) => a.ref?.ns === NS.msSerialization && (a.ref.local === 'Id' || a.ref.local === 'Ref'))) def.wcfIsReference = true;
  if (!def.name || !def.name.local.startsWith('ArrayOf') || def.derivation || def.attributes.length || def.anyAttribute) return;
  if (def.content.kind !== 'elements') return;
  const g = def.content.particle;
  if (g.kind !== 'sequence' || g.maxOccurs !== 1 || g.particles.length !== 1) return;
  const item = g.particles[0]!;
  if (item.kind !== 'element' || item.maxOccurs !== 'unbounded') return;
  def.wcfArray = { item: item.name, itemType: item.type, nillable: item.nillable };
}

export type { Wildcard };
