/**
 * Example instances of global elements, built from the model as XML trees (serialized by example-xml.ts): what the
 * generated decoder reads back and the generated encoder writes again (the tests check that round trip, and
 * xmllint --schema for MS-WMS). Built as XML rather than as TypeScript values so the example does not depend on the
 * generated value shapes, and so notes (a pattern we could not satisfy) can travel as XML comments.
 *
 * Rules: every required member present, optional members present once down to `maxDepth` (and never when their type
 * is already being built above them, which bounds recursion), choices take their first branch, enumerations their
 * first value, fixed/default values used, facets honoured where simple, wildcards left empty, abstract types and
 * elements replaced by their first concrete derived type (xsi:type) or substitute. Deterministic.
 */
import { wildcardAllows } from '@wsdl2ts/runtime';
import type { Wildcard, AttributeUse, ComplexTypeDef, ElementDecl, Facets, ModelGroup, Model, Particle, QName, SimpleTypeDef, TypeDef, TypeId } from '../model/types';
import { builtinOf } from '../model/builtins';
import { simpleExample } from './example-simple';

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface XmlNode {
  readonly name: QName;
  readonly attrs: { readonly name: QName; readonly value: string }[];
  readonly children: XmlNode[];
  text?: string;
  /** xsi:type of the concrete type used for an abstract (or derived) one. */
  xsiType?: QName;
  nil?: boolean;
  /** Extra prefix declarations the text needs (QName values). */
  readonly decls: { prefix: string; ns: string }[];
  /** Notes shown as an XML comment inside the element (e.g. a pattern the example does not satisfy). */
  readonly notes: string[];
}

export interface ExampleOptions {
  /** Optional members are included down to this element depth (default 4). */
  readonly maxDepth?: number;
  /** Optional members stop once this many elements were built (default 400), so huge schemas stay readable. */
  readonly maxElements?: number;
}

export class ExampleBuilder {
  private readonly types = new Map<TypeId, TypeDef>();
  private readonly elements = new Map<string, ElementDecl>();
  private readonly maxDepth: number;
  private readonly maxElements: number;
  private count = 0;
  private readonly stack: TypeId[] = [];

  constructor(
    private readonly model: Model,
    options: ExampleOptions = {},
  ) {
    for (const t of model.types) this.types.set(t.id, t);
    // Schema elements come before synthesized wrappers that share their name: the first one wins.
    for (const e of model.elements) if (!e.synthesized && !this.elements.has(key(e.name))) this.elements.set(key(e.name), e);
    this.maxDepth = options.maxDepth ?? 4;
    this.maxElements = options.maxElements ?? 400;
  }

  /** An instance of a global element (or of the synthesized wrapper with this id, when `synthesizedId` is given). */
  element(name: QName, synthesizedId?: string): XmlNode {
    this.count = 0;
    const decl = synthesizedId !== undefined ? this.model.elements.find((e) => e.synthesized === synthesizedId) : this.elements.get(key(name));
    if (!decl) throw new Error(`element {${name.ns}}${name.local} is not in the model`);
    const concrete = decl.abstract ? this.firstConcreteSubstitute(decl.name) : decl;
    if (!concrete) throw new Error(`element {${name.ns}}${name.local} is abstract and has no concrete substitute`);
    const node = newNode(concrete.name);
    this.fill(node, concrete.type, { fixed: concrete.fixed, default: concrete.default }, 0);
    return node;
  }

  private firstConcreteSubstitute(head: QName): ElementDecl | undefined {
    for (const e of this.model.elements) {
      if (e.synthesized || !e.substitutionGroup || key(e.substitutionGroup) !== key(head)) continue;
      if (!e.abstract) return e;
      const deeper = this.firstConcreteSubstitute(e.name);
      if (deeper) return deeper;
    }
    return undefined;
  }

  /** Fills an element's content and attributes from its type. */
  private fill(node: XmlNode, typeId: TypeId, value: { fixed?: string; default?: string }, depth: number): void {
    this.count++;
    const t = this.types.get(typeId);
    if (!t || t.kind === 'simple') {
      if (builtinOf(typeId) === 'anyType') return;
      const v = value.fixed ?? value.default;
      if (v !== undefined) node.text = v;
      else this.setSimple(node, typeId);
      return;
    }
    let type: ComplexTypeDef = t;
    if (type.abstract) {
      const concrete = this.firstConcreteType(type);
      if (!concrete) {
        node.notes.push(`type ${type.name?.local ?? type.id} is abstract and has no concrete derived type`);
        return;
      }
      type = concrete;
    }
    if (type !== t) node.xsiType = type.name;
    this.stack.push(type.id);
    try {
      const chain = this.chain(type);
      const attrs = new Map<string, AttributeUse>();
      for (const c of chain) for (const a of c.attributes) attrs.set(key(a.name), a);
      for (const a of attrs.values()) {
        if (a.use === 'prohibited') continue;
        const fixed = a.fixed ?? a.default;
        const s = fixed !== undefined ? { text: fixed } : simpleExample(this.types, a.type);
        node.attrs.push({ name: a.name, value: s.text });
        if ('note' in s && s.note) node.notes.push(`attribute ${a.name.local}: ${s.note}`);
        if ('prefix' in s && s.prefix) node.decls.push(s.prefix);
      }
      // Content: the restriction's own content replaces its base's; an extension appends to it.
      const particles: Particle[] = [];
      let simple: { valueType: TypeId; facets: Facets } | undefined;
      for (const c of chain) {
        if (c.derivation?.method === 'restriction' && c !== chain[0]) particles.length = 0;
        if (c.content.kind === 'elements') particles.push(c.content.particle);
        else if (c.content.kind === 'simple') simple = c.content;
      }
      if (simple) {
        const v = value.fixed ?? value.default;
        if (v !== undefined) node.text = v;
        else this.setSimple(node, simple.valueType, simple.facets);
      }
      for (const p of particles) this.particle(node, p, depth + 1, true);
    } finally {
      this.stack.pop();
    }
  }

  private setSimple(node: XmlNode, typeId: TypeId, extra?: Facets): void {
    const s = simpleExample(this.types, typeId, extra);
    node.text = s.text;
    if (s.note) node.notes.push(s.note);
    if (s.prefix) node.decls.push(s.prefix);
  }

  /** The complex types from the root of the derivation chain down to `type` (simple bases end the chain). */
  private chain(type: ComplexTypeDef): ComplexTypeDef[] {
    const out: ComplexTypeDef[] = [type];
    const seen = new Set([type.id]);
    for (let t = type; t.derivation; ) {
      const base = this.types.get(t.derivation.base);
      if (!base || base.kind !== 'complex' || seen.has(base.id)) break;
      seen.add(base.id);
      out.unshift(base);
      t = base;
    }
    return out;
  }

  private firstConcreteType(type: ComplexTypeDef, seen = new Set<TypeId>()): ComplexTypeDef | undefined {
    for (const id of type.derivedTypes) {
      const d = this.types.get(id);
      if (!d || d.kind !== 'complex' || seen.has(id)) continue;
      seen.add(id);
      if (!d.abstract && d.name) return d;
      const deeper = this.firstConcreteType(d, seen);
      if (deeper) return deeper;
    }
    return undefined;
  }

  /** Whether an optional member (of type `typeId`) is shown. */
  private showOptional(typeId: TypeId, depth: number): boolean {
    return depth <= this.maxDepth && this.count < this.maxElements && !this.stack.includes(typeId);
  }

  private particle(parent: XmlNode, p: Particle, depth: number, required: boolean): void {
    const min = required ? p.minOccurs : 0;
    if (p.kind === 'any') {
      // Optional wildcards stay empty (any content is the user's to add); a required one gets placeholder elements.
      for (let n = 0; n < min; n++) parent.children.push(this.wildcardElement(p.wildcard, depth));
      return;
    }
    if (p.kind === 'element') {
      let decl: { name: QName; type: TypeId; nillable: boolean; fixed?: string; default?: string } = p;
      if (p.ref) {
        const global = this.elements.get(key(p.ref));
        const concrete = global?.abstract ? this.firstConcreteSubstitute(global.name) : global;
        if (concrete) decl = concrete;
      }
      if (min === 0 && !this.showOptional(decl.type, depth)) return;
      const times = Math.max(1, min);
      for (let n = 0; n < times; n++) {
        const child = newNode(decl.name);
        parent.children.push(child);
        // A required member whose type is already being built: nil when allowed, else a note past a hard bound.
        if (this.stack.includes(decl.type) && decl.nillable) child.nil = true;
        else if (depth > this.maxDepth + 32) child.notes.push('recursion bound reached: content left out');
        else this.fill(child, decl.type, decl, depth);
      }
      return;
    }
    if (min === 0 && !(depth <= this.maxDepth && this.count < this.maxElements)) return;
    const times = Math.max(1, min);
    for (let n = 0; n < times; n++) this.group(parent, p, depth);
  }

  /** An element a wildcard accepts: a global element of an allowed namespace (strict needs one), else a placeholder. */
  private wildcardElement(w: Wildcard, depth: number): XmlNode {
    const decl = this.model.elements.find((e) => !e.synthesized && !e.abstract && wildcardAllows(e.name.ns, w.namespace, w.targetNamespace));
    if (decl && !this.stack.includes(decl.type)) {
      const node = newNode(decl.name);
      this.fill(node, decl.type, decl, depth);
      return node;
    }
    const ns = ['urn:example:any', w.targetNamespace, ''].find((n) => wildcardAllows(n, w.namespace, w.targetNamespace)) ?? 'urn:example:any';
    const node = newNode({ ns, local: 'example' });
    node.notes.push('wildcard content: any element the schema allows goes here');
    return node;
  }

  private group(parent: XmlNode, g: ModelGroup, depth: number): void {
    if (g.kind === 'choice') {
      // The first branch, unless it is a wildcard or cannot be shown while another branch can.
      const branch = g.particles.find((p) => p.kind !== 'any') ?? g.particles[0];
      if (branch) this.particle(parent, branch, depth, true);
      return;
    }
    for (const p of g.particles) this.particle(parent, p, depth, p.minOccurs > 0);
  }
}

export function newNode(name: QName): XmlNode {
  return { name, attrs: [], children: [], notes: [], decls: [] };
}

function key(q: QName): string {
  return `{${q.ns}}${q.local}`;
}

export type { SimpleTypeDef };
