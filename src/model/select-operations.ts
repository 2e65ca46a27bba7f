/**
 * `--operations`: a pure model transform that keeps only the chosen operations and what they can put on the wire.
 * A type is kept when a kept operation's body, header or fault reaches it through element and attribute types,
 * base types, simple-type bases/items/members, WCF array items, substitution group members, or derived types.
 * Subtypes are kept where a value may arrive as one via xsi:type: for every type declared on a kept element (or
 * part). A type kept only as the base of another (EWS's BaseRequestType) does not bring its other subtypes, else one
 * operation would keep every request type. Kept types list only kept subtypes in `derivedTypes`.
 */
import type { BindingOperation, ComplexTypeDef, ElementDecl, Model, ModelGroup, Particle, PortTypeOperation, QName, TypeDef, TypeId } from './types';
import { didYouMean } from '../util/did-you-mean';

export interface UnknownOperation {
  readonly name: string;
  readonly suggestion?: string;
}

export type SelectionResult = { readonly model: Model; readonly unknown?: undefined } | { readonly model?: undefined; readonly unknown: readonly UnknownOperation[] };

const clark = (q: QName) => `{${q.ns}}${q.local}`;

/** Names match a wsdl:operation name exactly, or the generated method name (`getFolder` for `GetFolder`). */
export function selectOperations(model: Model, names: readonly string[]): SelectionResult {
  const known = new Set<string>();
  for (const b of model.wsdl.bindings) for (const o of b.operations) known.add(o.name).add(o.tsName);
  for (const p of model.wsdl.portTypes) for (const o of p.operations) known.add(o.name);
  const unknown = names.filter((n) => !known.has(n)).map((name) => ({ name, suggestion: didYouMean(name, operationNames(model)) }));
  if (unknown.length) return { unknown };
  const wanted = new Set(names);
  const keepBindingOp = (o: BindingOperation) => wanted.has(o.name) || wanted.has(o.tsName);
  // A method name selects the wsdl:operation it was generated from, in the portType too.
  for (const b of model.wsdl.bindings) for (const o of b.operations) if (keepBindingOp(o)) wanted.add(o.name);
  const keepPortTypeOp = (o: PortTypeOperation) => wanted.has(o.name);

  const bindings = model.wsdl.bindings.map((b) => ({ ...b, operations: b.operations.filter(keepBindingOp) })).filter((b) => b.operations.length);
  const keptBindings = new Set(bindings.map((b) => clark(b.name)));
  const portTypes = model.wsdl.portTypes.map((p) => ({ ...p, operations: p.operations.filter(keepPortTypeOp) })).filter((p) => p.operations.length);
  const services = model.wsdl.services.map((s) => ({ ...s, ports: s.ports.filter((p) => keptBindings.has(clark(p.binding))) })).filter((s) => s.ports.length);

  const reach = new Reachability(model);
  const messages = new Set<string>();
  for (const b of bindings) {
    for (const o of b.operations) {
      for (const m of [o.input, o.output]) {
        if (!m) continue;
        messages.add(clark(m.message));
        for (const p of m.body) reach.part(p.element, p.type);
        for (const h of m.headers) {
          messages.add(clark(h.message));
          reach.part(h.element, h.type);
        }
      }
      for (const f of o.faults) {
        messages.add(clark(f.message));
        reach.part(f.element, f.type);
      }
    }
  }
  for (const p of portTypes) for (const o of p.operations) for (const m of [o.input, o.output, ...o.faults]) if (m) messages.add(clark(m.message));
  const keptMessages = model.wsdl.messages.filter((m) => messages.has(clark(m.name)));
  // Operations only in a portType (no binding) still reach their messages' parts.
  for (const m of keptMessages) for (const p of m.parts) reach.part(p.element, p.type);
  reach.run();

  return {
    model: {
      ...model,
      types: model.types.filter((t) => reach.types.has(t.id)).map((t) => (t.kind === 'complex' && t.derivedTypes.some((d) => !reach.types.has(d)) ? { ...t, derivedTypes: t.derivedTypes.filter((d) => reach.types.has(d)) } : t)),
      elements: model.elements.filter((e) => reach.elements.has(clark(e.name))),
      attributes: model.attributes.filter((a) => reach.attributes.has(clark(a.name))),
      groups: model.groups.filter((g) => reach.groups.has(clark(g.name))),
      attributeGroups: model.attributeGroups.filter((g) => reach.attributeGroups.has(clark(g.name))),
      wsdl: { ...model.wsdl, messages: keptMessages, portTypes, bindings, services },
    },
  };
}

function operationNames(model: Model): string[] {
  return [...new Set([...model.wsdl.bindings.flatMap((b) => b.operations.map((o) => o.name)), ...model.wsdl.portTypes.flatMap((p) => p.operations.map((o) => o.name))])];
}

class Reachability {
  readonly types = new Set<TypeId>();
  /** Types declared on a kept element or part: their subtypes may appear via xsi:type. */
  private readonly polymorphic = new Set<TypeId>();
  readonly elements = new Set<string>();
  readonly attributes = new Set<string>();
  readonly groups = new Set<string>();
  readonly attributeGroups = new Set<string>();
  private readonly typeById = new Map<TypeId, TypeDef>();
  private readonly elementByName = new Map<string, ElementDecl>();
  private readonly membersOf = new Map<string, ElementDecl[]>();
  private readonly queue: TypeId[] = [];

  constructor(model: Model) {
    for (const t of model.types) this.typeById.set(t.id, t);
    for (const e of model.elements) {
      this.elementByName.set(clark(e.name), e);
      if (e.substitutionGroup) {
        const head = clark(e.substitutionGroup);
        this.membersOf.set(head, [...(this.membersOf.get(head) ?? []), e]);
      }
    }
  }

  part(element: QName | undefined, type: TypeId | undefined): void {
    if (element) this.element(element);
    if (type) this.type(type);
  }

  run(): void {
    for (let id = this.queue.pop(); id !== undefined; id = this.queue.pop()) {
      const t = this.typeById.get(id);
      if (!t) continue; // an XSD built-in
      if (t.kind === 'simple') {
        for (const ref of [t.base, t.itemType, ...(t.memberTypes ?? [])]) if (ref) this.type(ref, false);
        continue;
      }
      this.complex(t);
    }
  }

  private complex(t: ComplexTypeDef): void {
    if (t.derivation) this.type(t.derivation.base, false);
    if (t.content.kind === 'simple') this.type(t.content.valueType, false);
    if (t.content.kind === 'elements') this.group(t.content.particle);
    for (const a of t.attributes) {
      this.type(a.type);
      if (a.ref) this.attributes.add(clark(a.ref));
      if (a.group) this.attributeGroups.add(clark(a.group));
    }
    if (t.wcfArray) this.type(t.wcfArray.itemType);
    if (t.soapArray) this.type(t.soapArray.itemType);
  }

  private group(g: ModelGroup): void {
    if (g.group) this.groups.add(clark(g.group));
    for (const p of g.particles) this.particle(p);
  }

  private particle(p: Particle): void {
    if (p.kind === 'any') return; // wildcard content stays raw XML: it reaches no generated type
    if (p.kind !== 'element') return this.group(p);
    this.type(p.type);
    if (p.ref) this.element(p.ref);
    for (const s of p.substitutes ?? []) this.element(s);
  }

  private element(name: QName): void {
    const key = clark(name);
    if (this.elements.has(key)) return;
    this.elements.add(key);
    const decl = this.elementByName.get(key);
    if (decl) this.type(decl.type);
    // Members of a substitution group may stand in for the head wherever it is referenced.
    for (const m of this.membersOf.get(key) ?? []) this.element(m.name);
  }

  private type(id: TypeId, polymorphic = true): void {
    if (!this.types.has(id)) {
      this.types.add(id);
      this.queue.push(id);
    }
    if (!polymorphic || this.polymorphic.has(id)) return;
    this.polymorphic.add(id);
    const t = this.typeById.get(id);
    if (t?.kind === 'complex') for (const d of t.derivedTypes) this.type(d, true);
  }
}
