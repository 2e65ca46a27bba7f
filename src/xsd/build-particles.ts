import type { Element } from '@xmldom/xmldom';
import type { AnyParticle, ElementParticle, Form, ModelGroup, Particle, TypeId, Wildcard } from '../model/types';
import { attr, childElements, NS , localName } from '../xml/dom-utils';
import { buildAnonymousComplex } from './build-complex-type';
import { anonymousSimple } from './build-simple-type';
import { ANY_TYPE, describe, occurs, SchemaBuilder, xsdBoolean } from './schema-builder';
import type { IndexedComponent, SchemaContext } from './schema-index';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const GROUPS = new Set(['sequence', 'choice', 'all']);

/**
 * Builds a model group (sequence/choice/all), expanding `xs:group` references in place (each expansion keeps the
 * group's name). `owner` is the id of the type being built, used to name anonymous types inside it.
 */
export function buildModelGroup(b: SchemaBuilder, el: Element, ctx: SchemaContext, owner: string, from: IndexedComponent | undefined, groupStack: readonly string[] = []): ModelGroup {
  const kind = localName(el) as ModelGroup['kind'];
  const { minOccurs, maxOccurs } = occurs(b, el, ctx);
  const particles: Particle[] = [];
  for (const child of childElements(el)) {
    if (child.namespaceURI !== NS.xs) continue;
    const p = buildParticle(b, child, ctx, owner, from, groupStack, kind === 'all');
    if (p) particles.push(p);
  }
  return { kind, minOccurs, maxOccurs, particles, source: b.source(el, ctx) };
}

export function buildParticle(b: SchemaBuilder, child: Element, ctx: SchemaContext, owner: string, from: IndexedComponent | undefined, groupStack: readonly string[], inAll = false): Particle | undefined {
  const name = localName(child);
  if (name === 'annotation') return undefined;
  if (inAll && name !== 'element') {
    b.report('W2T501', `xs:${name} is not allowed in xs:all; it is read as if it were in a sequence`, child, ctx);
  }
  if (name === 'element') return buildLocalElement(b, child, ctx, owner, from);
  if (GROUPS.has(name)) return buildModelGroup(b, child, ctx, owner, from, groupStack);
  if (name === 'group') return expandGroupRef(b, child, ctx, owner, from, groupStack);
  if (name === 'any') return buildAny(b, child, ctx);
  b.report('W2T501', `xs:${name} is not allowed in a model group; skipped`, child, ctx);
  return undefined;
}

function expandGroupRef(b: SchemaBuilder, el: Element, ctx: SchemaContext, owner: string, from: IndexedComponent | undefined, groupStack: readonly string[]): ModelGroup | undefined {
  const ref = attr(el, 'ref');
  if (ref === undefined) {
    b.report('W2T600', 'a local xs:group needs a ref attribute', el, ctx);
    return undefined;
  }
  const q = b.qname(el, ref, ctx);
  if (!q) return undefined;
  const group = b.lookup('group', q, from);
  if (!group) {
    b.report('W2T303', `group ${describe(q)} is not defined; its content is missing from this type`, el, ctx);
    return { kind: 'sequence', minOccurs: 0, maxOccurs: 1, particles: [buildAnyFallback(ctx)], group: q, source: b.source(el, ctx) };
  }
  if (groupStack.includes(group.id)) {
    b.report('W2T502', `group ${describe(q)} contains itself`, el, ctx);
    return undefined;
  }
  const { minOccurs, maxOccurs } = occurs(b, el, ctx);
  const body = childElements(group.element).find((c) => c.namespaceURI === NS.xs && GROUPS.has(localName(c)));
  if (!body) {
    b.report('W2T600', `group ${describe(q)} has no sequence, choice or all`, group.element, group.schema);
    return { kind: 'sequence', minOccurs, maxOccurs, particles: [], group: q, source: b.source(el, ctx) };
  }
  // Elements in the group take the group's schema (its namespace and form defaults), not the referencing one.
  const inner = buildModelGroup(b, body, group.schema, owner, group, [...groupStack, group.id]);
  return { ...inner, minOccurs, maxOccurs, group: q };
}

/** A stand-in for content that could not be resolved: lax wildcard, so nothing received is dropped. */
function buildAnyFallback(ctx: SchemaContext): AnyParticle {
  return { kind: 'any', minOccurs: 0, maxOccurs: 'unbounded', wildcard: { namespace: '##any', processContents: 'lax', targetNamespace: ctx.tns }, source: { file: ctx.label, line: 0, column: 0 } };
}

export function buildWildcard(b: SchemaBuilder, el: Element, ctx: SchemaContext): Wildcard {
  const pc = attr(el, 'processContents')?.trim() ?? 'strict';
  let processContents: Wildcard['processContents'] = 'strict';
  if (pc === 'lax' || pc === 'skip' || pc === 'strict') processContents = pc;
  else b.report('W2T503', `processContents="${pc}" is not strict, lax or skip; strict is used`, el, ctx);
  return { namespace: attr(el, 'namespace')?.trim() || '##any', processContents, targetNamespace: ctx.tns };
}

function buildAny(b: SchemaBuilder, el: Element, ctx: SchemaContext): AnyParticle {
  const { minOccurs, maxOccurs } = occurs(b, el, ctx);
  return { kind: 'any', minOccurs, maxOccurs, wildcard: buildWildcard(b, el, ctx), source: b.source(el, ctx) };
}

function buildLocalElement(b: SchemaBuilder, el: Element, ctx: SchemaContext, owner: string, from: IndexedComponent | undefined): ElementParticle | AnyParticle | undefined {
  const { minOccurs, maxOccurs } = occurs(b, el, ctx);
  reportIdentityConstraints(b, el, ctx);
  const ref = attr(el, 'ref');
  if (ref !== undefined) {
    const q = b.qname(el, ref, ctx);
    if (!q) return undefined;
    const global = b.lookup('element', q, from);
    if (!global) {
      b.report('W2T301', `element ${describe(q)} is not defined; a lax wildcard stands in for it`, el, ctx);
      return { kind: 'any', minOccurs, maxOccurs, wildcard: { namespace: q.ns || '##local', processContents: 'lax', targetNamespace: ctx.tns }, source: b.source(el, ctx) };
    }
    const type = globalElementType(b, global);
    const particle: Mutable<ElementParticle> = {
      kind: 'element',
      name: q,
      tsName: '',
      type,
      nillable: xsdBoolean(b, global.element, 'nillable', global.schema),
      minOccurs,
      maxOccurs,
      form: 'qualified',
      ref: q,
      source: b.source(el, ctx),
    };
    copyValueConstraints(global.element, particle);
    const doc = b.doc(el) ?? b.doc(global.element);
    if (doc) particle.doc = doc;
    return particle;
  }
  const local = attr(el, 'name');
  if (local === undefined) {
    b.report('W2T600', 'a local xs:element needs a name or a ref', el, ctx);
    return undefined;
  }
  const formAttr = attr(el, 'form')?.trim();
  const form: Form = formAttr === 'qualified' || formAttr === 'unqualified' ? formAttr : ctx.elementFormDefault;
  const particle: Mutable<ElementParticle> = {
    kind: 'element',
    name: { ns: form === 'qualified' ? ctx.tns : '', local },
    tsName: '',
    type: elementType(b, el, ctx, `${owner.replace(/#type\d*$/, '')}/${local}`, from),
    nillable: xsdBoolean(b, el, 'nillable', ctx),
    minOccurs,
    maxOccurs,
    form,
    source: b.source(el, ctx),
  };
  copyValueConstraints(el, particle);
  const doc = b.doc(el);
  if (doc) particle.doc = doc;
  return particle;
}

function copyValueConstraints(el: Element, target: { default?: string; fixed?: string }): void {
  const d = attr(el, 'default');
  const f = attr(el, 'fixed');
  if (d !== undefined) target.default = d;
  if (f !== undefined) target.fixed = f;
}

/** The type of an element declaration: `type=`, an inline type, the substitution head's type, or anyType. */
export function elementType(b: SchemaBuilder, el: Element, ctx: SchemaContext, hint: string, from: IndexedComponent | undefined): TypeId {
  if (attr(el, 'type') !== undefined) return b.typeRef(el, 'type', ctx, from);
  for (const c of childElements(el)) {
    if (c.namespaceURI !== NS.xs) continue;
    if (localName(c) === 'complexType') return buildAnonymousComplex(b, c, ctx, hint, `element ${attr(el, 'name') ?? ''}`);
    if (localName(c) === 'simpleType') return anonymousSimple(b, c, ctx, hint, 'value');
  }
  const head = attr(el, 'substitutionGroup');
  if (head !== undefined) {
    const q = b.qname(el, head.trim().split(/\s+/)[0]!, ctx);
    const headDecl = q && b.lookup('element', q);
    if (headDecl && headDecl.element !== el) return globalElementType(b, headDecl);
  }
  return ANY_TYPE;
}

/** The type of a global element, computed once per declaration (refs to it share the anonymous type). */
export function globalElementType(b: SchemaBuilder, global: IndexedComponent): TypeId {
  const known = b.globalElementTypes.get(global.element);
  if (known) return known;
  b.globalElementTypes.set(global.element, ANY_TYPE);
  const type = elementType(b, global.element, global.schema, `{${global.name.ns}}${global.name.local}`, global);
  b.globalElementTypes.set(global.element, type);
  return type;
}

export function reportIdentityConstraints(b: SchemaBuilder, el: Element, ctx: SchemaContext): void {
  for (const c of childElements(el)) {
    if (c.namespaceURI === NS.xs && (localName(c) === 'key' || localName(c) === 'keyref' || localName(c) === 'unique')) {
      b.report('W2T506', `identity constraint xs:${localName(c)} does not change the wire format and is not enforced`, c, ctx);
    }
  }
}
