import type { Element } from '@xmldom/xmldom';
import { builtinOf } from '../model/builtins';
import type { BuiltinName, EnumValue, Facets, QName, SimpleTypeDef, TypeId } from '../model/types';
import { attr, childElements, NS , localName } from '../xml/dom-utils';
import { ANY_SIMPLE_TYPE, SchemaBuilder } from './schema-builder';
import type { IndexedComponent, SchemaContext } from './schema-index';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const WELL_KNOWN: Readonly<Record<string, SimpleTypeDef['wellKnown']>> = { guid: 'guid', char: 'char', duration: 'duration' };

/**
 * Builds an `xs:simpleType` (named or anonymous): restriction with facets, list, or union.
 * `id`/`name`/`context` identify it; `from` is the indexed component for named types (for redefine lookups).
 */
export function buildSimpleType(b: SchemaBuilder, el: Element, ctx: SchemaContext, id: TypeId, name: QName | undefined, context: string | undefined, from?: IndexedComponent): SimpleTypeDef {
  const def: Mutable<SimpleTypeDef> = { kind: 'simple', id, tsName: '', variety: 'atomic', facets: {}, source: b.source(el, ctx) };
  if (name) def.name = name;
  if (context) def.context = context;
  const doc = b.doc(el);
  if (doc) def.doc = doc;
  if (name && name.ns === NS.msSerialization && WELL_KNOWN[name.local]) def.wellKnown = WELL_KNOWN[name.local];
  const body = childElements(el).find((c) => c.namespaceURI === NS.xs && localName(c) !== 'annotation');
  if (!body) {
    b.report('W2T600', 'xs:simpleType needs a restriction, list or union', el, ctx);
    def.base = ANY_SIMPLE_TYPE;
    def.builtin = 'anySimpleType';
    return def;
  }
  if (localName(body) === 'restriction') {
    const inline = childElements(body).find((c) => c.namespaceURI === NS.xs && localName(c) === 'simpleType');
    let base: TypeId;
    if (attr(body, 'base') !== undefined) base = b.typeRef(body, 'base', ctx, from, ANY_SIMPLE_TYPE);
    else if (inline) base = anonymousSimple(b, inline, ctx, id, 'base');
    else {
      b.report('W2T600', 'xs:restriction needs a base attribute or an inline xs:simpleType', body, ctx);
      base = ANY_SIMPLE_TYPE;
    }
    def.base = base;
    const { facets, enumeration } = readFacets(b, body, ctx);
    def.facets = facets;
    const baseDef = b.ensure(base);
    if (baseDef?.kind === 'simple') {
      def.variety = baseDef.variety;
      if (baseDef.builtin) def.builtin = baseDef.builtin;
      if (baseDef.itemType) def.itemType = baseDef.itemType;
      if (baseDef.memberTypes) def.memberTypes = baseDef.memberTypes;
      if (!enumeration && baseDef.enumeration) def.enumeration = baseDef.enumeration;
      if (!def.wellKnown && baseDef.wellKnown) def.wellKnown = baseDef.wellKnown;
    } else if (baseDef?.kind === 'complex') {
      b.report('W2T501', `a simple type cannot restrict complex type ${base}; anySimpleType is used`, body, ctx);
      def.builtin = 'anySimpleType';
    } else {
      def.builtin = builtinOf(base) ?? 'anySimpleType';
      if (b.isBuilding(base)) b.report('W2T502', `simple type ${id} derives from itself`, body, ctx);
    }
    if (enumeration) def.enumeration = enumeration;
  } else if (localName(body) === 'list') {
    def.variety = 'list';
    const inline = childElements(body).find((c) => c.namespaceURI === NS.xs && localName(c) === 'simpleType');
    if (attr(body, 'itemType') !== undefined) def.itemType = b.typeRef(body, 'itemType', ctx, from, ANY_SIMPLE_TYPE);
    else if (inline) def.itemType = anonymousSimple(b, inline, ctx, id, 'item');
    else {
      b.report('W2T600', 'xs:list needs an itemType attribute or an inline xs:simpleType', body, ctx);
      def.itemType = ANY_SIMPLE_TYPE;
    }
  } else if (localName(body) === 'union') {
    def.variety = 'union';
    const members: TypeId[] = [];
    const listed = attr(body, 'memberTypes');
    if (listed !== undefined) {
      for (const token of listed.split(/\s+/).filter(Boolean)) {
        const member = resolveToken(b, body, token, ctx, from);
        if (member) members.push(member);
      }
    }
    let n = 0;
    for (const inline of childElements(body)) {
      if (inline.namespaceURI === NS.xs && localName(inline) === 'simpleType') members.push(anonymousSimple(b, inline, ctx, id, `member${++n}`));
    }
    if (!members.length) b.report('W2T600', 'xs:union needs memberTypes or inline xs:simpleType members', body, ctx);
    def.memberTypes = members;
  } else {
    b.report('W2T501', `xs:${localName(body)} is not allowed in xs:simpleType; anySimpleType is used`, body, ctx);
    def.base = ANY_SIMPLE_TYPE;
    def.builtin = 'anySimpleType';
  }
  return def;
}

function resolveToken(b: SchemaBuilder, el: Element, token: string, ctx: SchemaContext, from?: IndexedComponent): TypeId | undefined {
  const q = b.qname(el, token, ctx);
  if (!q) return undefined;
  if (q.ns === NS.xs) {
    const bi = builtinOf(`{${q.ns}}${q.local}`);
    if (bi) return `{${q.ns}}${bi}`;
  }
  const found = b.lookup('type', q, from);
  if (found) return found.id;
  b.report('W2T300', `union member type ${q.ns ? `{${q.ns}}` : ''}${q.local} is not defined; anySimpleType is used`, el, ctx);
  return ANY_SIMPLE_TYPE;
}

export function anonymousSimple(b: SchemaBuilder, el: Element, ctx: SchemaContext, ownerId: string, role: string): TypeId {
  const id = b.anonymousId(`${ownerId.replace(/#type\d*$/, '')}/${role}`);
  const def = buildSimpleType(b, el, ctx, id, undefined, `${role} of ${ownerId}`);
  b.addAnonymous(def);
  return id;
}

const NUMERIC_FACETS = ['length', 'minLength', 'maxLength', 'totalDigits', 'fractionDigits'] as const;
const VALUE_FACETS = ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'] as const;

/** Reads the facets of an xs:restriction (simple type or simpleContent). */
export function readFacets(b: SchemaBuilder, restriction: Element, ctx: SchemaContext): { facets: Facets; enumeration?: EnumValue[] } {
  const facets: Mutable<Facets> = {};
  const patterns: string[] = [];
  const enumeration: EnumValue[] = [];
  for (const f of childElements(restriction)) {
    if (f.namespaceURI !== NS.xs) continue;
    const value = attr(f, 'value');
    const name = localName(f);
    if (name === 'annotation' || name === 'simpleType' || name === 'attribute' || name === 'attributeGroup' || name === 'anyAttribute') continue;
    if (name === 'sequence' || name === 'choice' || name === 'all' || name === 'group') continue;
    const known = name === 'enumeration' || name === 'pattern' || name === 'whiteSpace' || (NUMERIC_FACETS as readonly string[]).includes(name) || (VALUE_FACETS as readonly string[]).includes(name);
    if (!known) {
      b.report('W2T501', `facet xs:${name} is not supported; ignored`, f, ctx);
      continue;
    }
    if (value === undefined) {
      b.report('W2T600', `facet xs:${name} needs a value`, f, ctx);
      continue;
    }
    if (name === 'enumeration') {
      const ev: { value: string; tsName: string; doc?: string } = { value, tsName: '' };
      const doc = b.doc(f);
      if (doc) ev.doc = doc;
      enumeration.push(ev);
    } else if (name === 'pattern') patterns.push(value);
    else if ((NUMERIC_FACETS as readonly string[]).includes(name)) {
      if (/^\s*\d+\s*$/.test(value)) (facets as Record<string, number>)[name] = Number(value);
      else b.report('W2T503', `facet xs:${name}="${value}" is not a non-negative integer; ignored`, f, ctx);
    } else if ((VALUE_FACETS as readonly string[]).includes(name)) (facets as Record<string, string>)[name] = value.trim();
    else if (name === 'whiteSpace') {
      const v = value.trim();
      if (v === 'preserve' || v === 'replace' || v === 'collapse') facets.whiteSpace = v;
      else b.report('W2T503', `facet xs:whiteSpace="${value}" is not preserve, replace or collapse; ignored`, f, ctx);
    }
  }
  if (patterns.length) facets.patterns = patterns;
  return enumeration.length ? { facets, enumeration } : { facets };
}

export type { BuiltinName };
