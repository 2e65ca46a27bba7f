import { DiagnosticBag } from '../diagnostics/diagnostic';
import type { AttributeDecl, AttributeGroupDecl, ComplexTypeDef, ElementDecl, ElementParticle, GroupDecl, ModelGroup, Particle, QName, SchemaInfo, TypeDef, TypeId } from '../model/types';
import type { SchemaSource } from '../read/load-documents';
import { attr, childElements, NS , localName } from '../xml/dom-utils';
import { buildAttributes } from './build-attributes';
import { buildComplexType } from './build-complex-type';
import { attributeType } from './build-attributes';
import { buildModelGroup, globalElementType, reportIdentityConstraints } from './build-particles';
import { buildSimpleType } from './build-simple-type';
import { describe, SchemaBuilder, xsdBoolean } from './schema-builder';
import { clark, IndexedComponent, SchemaIndex } from './schema-index';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SchemaModel {
  readonly schemas: SchemaInfo[];
  readonly types: TypeDef[];
  readonly elements: ElementDecl[];
  readonly attributes: AttributeDecl[];
  readonly groups: GroupDecl[];
  readonly attributeGroups: AttributeGroupDecl[];
  readonly index: SchemaIndex;
}

function buildNamedType(b: SchemaBuilder, c: IndexedComponent): TypeDef {
  return localName(c.element) === 'complexType'
    ? buildComplexType(b, c.element, c.schema, c.id, c.name, undefined, c)
    : buildSimpleType(b, c.element, c.schema, c.id, c.name, undefined, c);
}

/** One transform per schema component: every named type, global element, attribute and group becomes IR. */
export function buildSchemaModel(sources: readonly SchemaSource[], diags: DiagnosticBag): SchemaModel {
  const index = new SchemaIndex(sources, diags);
  const b = new SchemaBuilder(index, diags, buildNamedType);
  const schemas: SchemaInfo[] = index.contexts.map((ctx) => ({
    targetNamespace: ctx.tns,
    elementFormDefault: ctx.elementFormDefault,
    attributeFormDefault: ctx.attributeFormDefault,
    source: b.source(ctx.element, ctx),
  }));

  for (const c of index.ordered.type) b.ensure(c.id);

  const elements: ElementDecl[] = index.ordered.element.map((c) => {
    const el = c.element;
    reportIdentityConstraints(b, el, c.schema);
    const decl: Mutable<ElementDecl> = {
      name: c.name,
      tsName: '',
      type: globalElementType(b, c),
      nillable: xsdBoolean(b, el, 'nillable', c.schema),
      abstract: xsdBoolean(b, el, 'abstract', c.schema),
      source: b.source(el, c.schema),
    };
    const head = attr(el, 'substitutionGroup');
    if (head !== undefined) {
      // XSD 1.1 allows a list; the first head is the one XSD 1.0 tools use.
      const q = b.qname(el, head.trim().split(/\s+/)[0]!, c.schema);
      if (q && !index.get('element', q)) b.report('W2T301', `substitution group head ${describe(q)} is not defined`, el, c.schema);
      if (q) decl.substitutionGroup = q;
    }
    const d = attr(el, 'default');
    const f = attr(el, 'fixed');
    if (d !== undefined) decl.default = d;
    if (f !== undefined) decl.fixed = f;
    const doc = b.doc(el);
    if (doc) decl.doc = doc;
    return decl;
  });

  const attributes: AttributeDecl[] = index.ordered.attribute.map((c) => {
    const decl: Mutable<AttributeDecl> = { name: c.name, type: attributeType(b, c.element, c.schema, `{${c.name.ns}}@${c.name.local}`, c), source: b.source(c.element, c.schema) };
    const d = attr(c.element, 'default');
    const f = attr(c.element, 'fixed');
    if (d !== undefined) decl.default = d;
    if (f !== undefined) decl.fixed = f;
    return decl;
  });

  const groups: GroupDecl[] = [];
  for (const c of index.ordered.group) {
    const body = childElements(c.element).find((x) => x.namespaceURI === NS.xs && ['sequence', 'choice', 'all'].includes(localName(x)));
    if (!body) continue;
    groups.push({ name: c.name, particle: buildModelGroup(b, body, c.schema, `{${c.name.ns}}${c.name.local}`, c, [c.id]), source: b.source(c.element, c.schema) });
  }
  const attributeGroups: AttributeGroupDecl[] = index.ordered.attributeGroup.map((c) => {
    const built = buildAttributes(b, childElements(c.element), c.schema, c, [c.id]);
    const decl: Mutable<AttributeGroupDecl> = { name: c.name, attributes: built.attributes, source: b.source(c.element, c.schema) };
    if (built.anyAttribute) decl.anyAttribute = built.anyAttribute;
    return decl;
  });

  const named = index.ordered.type.map((c) => b.types.get(c.id)).filter((t): t is TypeDef => !!t);
  const types = [...named, ...b.anonymous];
  linkDerivedTypes(types);
  linkSubstitutions(types, elements);
  return { schemas, types, elements, attributes, groups, attributeGroups, index };
}

function linkDerivedTypes(types: TypeDef[]): void {
  const byId = new Map<TypeId, TypeDef>(types.map((t) => [t.id, t]));
  for (const t of types) {
    if (t.kind !== 'complex' || !t.derivation) continue;
    const base = byId.get(t.derivation.base);
    if (base?.kind === 'complex') (base.derivedTypes as TypeId[]).push(t.id);
  }
}

/** Element refs to a substitution-group head list every element that may stand in for it, transitively. */
function linkSubstitutions(types: TypeDef[], elements: ElementDecl[]): void {
  const members = new Map<string, QName[]>();
  for (const e of elements) {
    if (!e.substitutionGroup) continue;
    const key = clark(e.substitutionGroup);
    members.set(key, [...(members.get(key) ?? []), e.name]);
  }
  if (!members.size) return;
  const closure = (head: QName): QName[] => {
    const out: QName[] = [];
    const seen = new Set<string>([clark(head)]);
    const queue = [...(members.get(clark(head)) ?? [])];
    while (queue.length) {
      const q = queue.shift()!;
      if (seen.has(clark(q))) continue;
      seen.add(clark(q));
      out.push(q);
      queue.push(...(members.get(clark(q)) ?? []));
    }
    return out;
  };
  const visit = (p: Particle): void => {
    if (p.kind === 'element') {
      if (p.ref) {
        const subs = closure(p.ref);
        if (subs.length) (p as Mutable<ElementParticle>).substitutes = subs;
      }
    } else if (p.kind !== 'any') (p as ModelGroup).particles.forEach(visit);
  };
  for (const t of types) if (t.kind === 'complex' && t.content.kind === 'elements') visit((t as ComplexTypeDef & { content: { particle: ModelGroup } }).content.particle);
}
