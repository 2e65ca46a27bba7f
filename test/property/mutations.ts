/**
 * Model-driven mutations of valid values (→ encodeXml must throw EncodeError) and of valid documents
 * (→ decodeXml must throw DecodeError). Each mutation site is found by walking a generated value, or the DOM of
 * its encoding, alongside the model and the content plan, so every case gets the mutations its schema allows.
 */
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { Container, planContent } from '../../src/emit/content-plan';
import { builtinOf } from '../../src/model/builtins';
import type { ComplexTypeDef, ElementDecl, Facets, QName, TypeId } from '../../src/model/types';
import { wildcardAllows } from '@wsdl2ts/runtime';
import { integerRange, makeObject, ModelArbitraries, XSI } from './arbitraries';

export type EncodeMutationKind =
  | 'wrong-type'
  | 'unknown-enum-value'
  | 'out-of-range'
  | 'bad-lexical'
  | 'illegal-xml-char'
  | 'missing-required-element'
  | 'missing-required-attribute'
  | 'null-not-nillable'
  | 'too-few'
  | 'too-many'
  | 'two-choice-branches'
  | 'no-choice-branch'
  | 'unknown-$type'
  | 'unknown-$element';

export type DecodeMutationKind =
  | 'unknown-element'
  | 'required-element-removed'
  | 'required-attribute-removed'
  | 'choice-removed'
  | 'element-repeated'
  | 'bad-lexical'
  | 'bad-attribute-lexical'
  | 'child-in-simple-content';

type Key = string | number;

export interface EncodeSite {
  readonly kind: EncodeMutationKind;
  /** Where, as property keys from the root value. */
  readonly at: readonly Key[];
  /** What is concerned, when it matters to tell sites apart (e.g. `substitution-group item`). */
  readonly detail?: string;
  /** The mutated copy of the root value. */
  apply(root: unknown): unknown;
}

export interface DecodeSite {
  readonly kind: DecodeMutationKind;
  /** Child indexes from the root to the element concerned. */
  readonly at: string;
  /** The element or attribute name concerned, when there is one. */
  readonly detail?: string;
  /** The mutated document text. */
  apply(xml: string): string;
}

// ---------------------------------------------------------------------------------------------------------------
// Value plumbing

/** Deep copy keeping own `__proto__` properties and Uint8Arrays. */
export function clone<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Uint8Array) return new Uint8Array(v) as T;
  if (Array.isArray(v)) return v.map(clone) as T;
  return makeObject(Object.keys(v).map((key) => ({ key, value: clone(Object.getOwnPropertyDescriptor(v, key)!.value) }))) as T;
}

function own(o: unknown, k: Key): unknown {
  if (typeof o !== 'object' || o === null) return undefined;
  return Object.getOwnPropertyDescriptor(o, k)?.value;
}

function hasOwn(o: unknown, k: Key): boolean {
  return typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, k);
}

/** A copy of `root` with `edit` applied to the value at `at` (the root itself when `at` is empty). */
function edited(root: unknown, at: readonly Key[], edit: (parent: Record<Key, unknown>, key: Key) => void): unknown {
  const box = makeObject([{ key: 'root', value: clone(root) }]);
  let parent = box as Record<Key, unknown>;
  let key: Key = 'root';
  for (const k of at) {
    parent = own(parent, key) as Record<Key, unknown>;
    key = k;
  }
  edit(parent, key);
  return own(box, 'root');
}

const setTo = (value: unknown) => (p: Record<Key, unknown>, k: Key) => void Object.defineProperty(p, k, { value, enumerable: true, writable: true, configurable: true });
const remove = (p: Record<Key, unknown>, k: Key) => void delete p[k];

// ---------------------------------------------------------------------------------------------------------------
// Simple values

/** Mutations of a simple value that its format function must refuse. */
function simpleValueMutations(arbs: ModelArbitraries, id: TypeId, facets: readonly Facets[]): { kind: EncodeMutationKind; value: unknown }[] {
  const ctx = arbs.ctx;
  const s = ctx.simple(id);
  const out: { kind: EncodeMutationKind; value: unknown }[] = [];
  if (s?.variety === 'list' || s?.variety === 'union') return out; // not in the goldens; representation checks differ
  const b = ctx.builtinFor(id) ?? 'string';
  const rep = ctx.builtinTs(b);
  // A value of another JS type (the decimal and integer-string formats also take numbers, so use a boolean).
  out.push({ kind: 'wrong-type', value: rep === 'boolean' ? 'true' : rep === 'Uint8Array' ? [1, 2] : true });
  if (s?.enumeration) out.push({ kind: 'unknown-enum-value', value: rep === 'number' ? 987654 : 'NotAnEnumValue' });
  else if (s?.wellKnown === 'guid') out.push({ kind: 'bad-lexical', value: 'not-a-guid' });
  else if (s?.wellKnown === 'duration') out.push({ kind: 'bad-lexical', value: 'P1Y' }); // a TimeSpan has no years
  else if (s?.wellKnown === 'char') out.push({ kind: 'bad-lexical', value: 'ab' });
  else {
    const range = integerRange(b);
    const allFacets = [...facetChain(arbs, id), ...facets];
    const max = allFacets.map((f) => f.maxInclusive).find((x) => x !== undefined);
    if (range?.[1] !== undefined || max !== undefined) {
      const over = max !== undefined ? BigInt(max.split('.')[0]!) + 1n : range![1]! + 1n;
      out.push({ kind: 'out-of-range', value: rep === 'number' ? Number(over) : over.toString() });
    } else if (range?.[0] !== undefined) {
      out.push({ kind: 'out-of-range', value: rep === 'number' ? Number(range[0] - 1n) : (range[0] - 1n).toString() });
    }
    if (b === 'float') out.push({ kind: 'out-of-range', value: 1e39 });
    if (allFacets.some((f) => f.patterns?.length)) out.push({ kind: 'bad-lexical', value: '!!' });
    const bad = BAD_LEXICAL[b];
    if (bad !== undefined && rep === 'string') out.push({ kind: 'bad-lexical', value: bad });
    if (b === 'string' || b === 'anySimpleType' || b === 'normalizedString') out.push({ kind: 'illegal-xml-char', value: 'a\u0000b' });
  }
  return out;
}

function facetChain(arbs: ModelArbitraries, id: TypeId): Facets[] {
  const out: Facets[] = [];
  for (let s = arbs.ctx.simple(id), n = 0; s && n < 50; s = s.base ? arbs.ctx.simple(s.base) : undefined, n++) out.push(s.facets);
  return out;
}

/** A lexical form outside the built-in's lexical space (strings and tokens have none). */
const BAD_LEXICAL: Partial<Record<string, string>> = {
  int: 'twelve',
  short: 'twelve',
  byte: 'twelve',
  unsignedInt: '-1',
  unsignedShort: '-1',
  unsignedByte: '-1',
  long: 'twelve',
  integer: '1.5',
  nonNegativeInteger: '-1',
  positiveInteger: '0',
  nonPositiveInteger: '1',
  negativeInteger: '0',
  unsignedLong: '-1',
  decimal: '1e3',
  float: 'one',
  double: 'one',
  boolean: 'yes',
  dateTime: '2024-02-30T00:00:00',
  date: '2024-13-01',
  time: '25:00:00',
  gYearMonth: '2024-13',
  gYear: '0000',
  gMonthDay: '--02-30',
  gDay: '---32',
  gMonth: '--13',
  duration: 'P1Q',
  hexBinary: 'ABC',
  base64Binary: 'a',
  QName: '1bad:x',
  NOTATION: '1bad:x',
  NCName: 'a:b',
  ID: 'a:b',
  IDREF: 'a:b',
  ENTITY: 'a:b',
  Name: '1a',
  NMTOKEN: 'a b',
  language: 'toolonglanguage',
  token: ' a',
};

// ---------------------------------------------------------------------------------------------------------------
// Encode sites

export function encodeSites(arbs: ModelArbitraries, decl: ElementDecl, value: unknown): EncodeSite[] {
  const sites: EncodeSite[] = [];
  const w = new EncodeWalker(arbs, sites);
  if (value === null) return sites;
  w.value(decl.type, value, []);
  return sites;
}

class EncodeWalker {
  constructor(
    private readonly arbs: ModelArbitraries,
    private readonly sites: EncodeSite[],
  ) {}

  private add(kind: EncodeMutationKind, at: readonly Key[], edit: (p: Record<Key, unknown>, k: Key) => void, detail?: string): void {
    this.sites.push({ kind, at, detail, apply: (root) => edited(root, at, edit) });
  }

  /** A present, non-null value of type `id` at `at`. */
  value(id: TypeId, v: unknown, at: readonly Key[], facets: readonly Facets[] = []): void {
    const arbs = this.arbs;
    if (arbs.isRaw(id)) return; // RawXml is written unchecked: see the known-bug tests
    const c = arbs.ctx.complex(id);
    if (!c) {
      for (const m of simpleValueMutations(arbs, id, facets)) this.add(m.kind, at, setTo(m.value));
      return;
    }
    this.add('wrong-type', at, setTo(c.wcfArray ? 'not an array' : 42));
    if (c.wcfArray) {
      const a = c.wcfArray;
      (v as unknown[]).forEach((item, i) => {
        if (item === null) return;
        if (!a.nillable) this.add('null-not-nillable', [...at, i], setTo(null));
        this.value(a.itemType, item, [...at, i]);
      });
      return;
    }
    // The concrete type: `$type` names it for hierarchies.
    const $type = own(v, '$type');
    const t = arbs.concreteTypes(c).find((s) => s.tsName === $type) ?? c;
    if (c.abstract) this.add('unknown-$type', [...at, '$type'], setTo('NoSuchType'));
    this.exact(t, v as Record<string, unknown>, at);
  }

  private exact(t: ComplexTypeDef, v: Record<string, unknown>, at: readonly Key[]): void {
    const arbs = this.arbs;
    for (const a of arbs.attributesOf(t)) {
      if (!hasOwn(v, a.tsName)) continue;
      if (a.use === 'required') this.add('missing-required-attribute', [...at, a.tsName], remove);
      this.value(a.type, own(v, a.tsName), [...at, a.tsName]);
    }
    const sc = arbs.simpleContentOf(t);
    if (sc) {
      this.value(sc.valueType, own(v, '$value'), [...at, '$value'], sc.facets);
      return;
    }
    this.container(planContent(arbs.ctx, t).root, v, at);
  }

  /**
   * `branch`: set when `c` is a choice branch; removing its last present property leaves the branch, which is
   * only an error when the choice is required.
   */
  private container(c: Container, obj: Record<string, unknown>, at: readonly Key[], branch?: { props: string[]; optionalChoice: boolean }): void {
    for (const f of c.fields) {
      if (f.kind === 'element') {
        const p = f.particle;
        if (!hasOwn(obj, f.prop)) continue;
        const x = own(obj, f.prop);
        const here = [...at, f.prop];
        const othersLeft = branch ? branch.props.some((q) => q !== f.prop && hasOwn(obj, q)) : true;
        if (!f.optional && !f.repeated && (!branch || othersLeft || !branch.optionalChoice)) this.add('missing-required-element', here, remove);
        if (this.arbs.isRaw(p.type)) continue;
        const one = (item: unknown, where: readonly Key[]) => {
          if (item === null) return;
          if (!p.nillable) this.add('null-not-nillable', where, setTo(null), p.substitutes?.length ? 'substitution-group item' : undefined);
          if (p.substitutes?.length) {
            this.add('unknown-$element', [...where, '$element'], setTo('NoSuchMember'));
            const member = this.arbs.substitutionMembers(p).find((m) => m.name.local === own(item, '$element'));
            if (member) this.value(member.type, own(item, 'value'), [...where, 'value']);
          } else this.value(p.type, item, where);
        };
        if (f.repeated) {
          const list = x as unknown[];
          this.add('wrong-type', here, setTo('not an array'));
          if (f.min > 0 && !f.optional) this.add('too-few', here, setTo(list.slice(0, f.min - 1)));
          if (f.max !== 'unbounded') this.add('too-many', here, setTo([...list, ...Array.from({ length: f.max + 1 - list.length }, () => clone(list[0]))]));
          list.forEach((item, i) => one(item, [...here, i]));
        } else one(x, here);
      } else if (f.kind === 'choice') {
        const present = f.branches.map((b) => branchProps(b).some((p) => hasOwn(obj, p)));
        const chosen = present.indexOf(true);
        if (chosen < 0) continue;
        for (const [i, b] of f.branches.entries()) {
          const other = branchProps(b).find((p) => !hasOwn(obj, p));
          if (i !== chosen && other) this.add('two-choice-branches', [...at, other], setTo('x'));
        }
        if (!f.optional) {
          const props = branchProps(f.branches[chosen]!);
          this.sites.push({
            kind: 'no-choice-branch',
            at,
            apply: (root) => edited(root, at, (p, k) => props.forEach((q) => delete (own(p, k) as Record<string, unknown>)[q])),
          });
        }
        this.container(f.branches[chosen]!, obj, at, { props: branchProps(f.branches[chosen]!), optionalChoice: f.optional });
      } else if (f.kind === 'repeat') {
        if (!hasOwn(obj, f.prop)) continue;
        const items = own(obj, f.prop) as Record<string, unknown>[];
        const here = [...at, f.prop];
        if (f.min > 0 && !f.optional) this.add('too-few', here, setTo(items.slice(0, f.min - 1)));
        if (f.max !== 'unbounded') this.add('too-many', here, setTo([...items, ...Array.from({ length: f.max + 1 - items.length }, () => clone(items[0]))]));
        items.forEach((it, i) => this.container(f.item, it, [...here, i]));
      }
    }
  }
}

/** The properties that tell a choice branch is taken (as the generated encoder tests them). */
function branchProps(b: Container): string[] {
  const out: string[] = [];
  for (const f of b.fields) {
    if (f.kind === 'element' || f.kind === 'repeat') out.push(f.prop);
    if (f.kind === 'choice') for (const inner of f.branches) out.push(...branchProps(inner));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Decode sites (on the DOM of a valid encoding)

export function decodeSites(arbs: ModelArbitraries, decl: ElementDecl, xml: string): DecodeSite[] {
  const sites: DecodeSite[] = [];
  const doc = parse(xml);
  new DecodeWalker(arbs, sites).element(doc.documentElement!, decl.type, []);
  return sites;
}

function parse(xml: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`xmldom cannot parse the encoder's output (${message}): ${xml}`);
    },
  }).parseFromString(xml, 'text/xml');
}

function childElements(e: Element): Element[] {
  const out: Element[] = [];
  for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** The element at `route` (child indexes from the root). */
function at(doc: Document, route: readonly number[]): Element {
  let e = doc.documentElement!;
  for (const i of route) e = childElements(e)[i]!;
  return e;
}

class DecodeWalker {
  constructor(
    private readonly arbs: ModelArbitraries,
    private readonly sites: DecodeSite[],
  ) {}

  private add(kind: DecodeMutationKind, route: readonly number[], edit: (e: Element, doc: Document) => void, detail?: string): void {
    this.sites.push({
      kind,
      at: route.join('/'),
      detail,
      apply: (xml) => {
        const doc = parse(xml);
        edit(at(doc, route), doc);
        return new XMLSerializer().serializeToString(doc);
      },
    });
  }

  element(e: Element, id: TypeId, route: readonly number[], facets: readonly Facets[] = []): void {
    const arbs = this.arbs;
    if (e.getAttributeNS(XSI, 'nil') === 'true' || arbs.isRaw(id)) return;
    const c = arbs.ctx.complex(id);
    const insertUnknown = (ns: string) => this.add('unknown-element', route, (el, doc) => el.insertBefore(doc.createElementNS(ns || null, ns ? 'u:NoSuchElement' : 'NoSuchElement'), el.firstChild));
    if (!c) {
      const bad = badLexical(arbs, id, facets);
      if (bad !== undefined) this.add('bad-lexical', route, (el, doc) => setText(el, doc, bad));
      this.add('child-in-simple-content', route, (el, doc) => el.appendChild(doc.createElementNS('urn:unknown', 'u:child')));
      return;
    }
    if (c.wcfArray) {
      insertUnknown('urn:unknown');
      childElements(e).forEach((child, i) => this.element(child, c.wcfArray!.itemType, [...route, i]));
      return;
    }
    const t = this.actualType(e, c);
    for (const a of arbs.attributesOf(t)) {
      if (!e.hasAttributeNS(a.name.ns || null, a.name.local)) continue;
      if (a.use === 'required') this.add('required-attribute-removed', route, (el) => el.removeAttributeNS(a.name.ns || null, a.name.local), a.name.local);
      const bad = badLexical(arbs, a.type, []);
      if (bad !== undefined) this.add('bad-attribute-lexical', route, (el) => el.setAttributeNS(a.name.ns || null, a.name.ns ? `q:${a.name.local}` : a.name.local, bad), a.name.local);
    }
    const sc = arbs.simpleContentOf(t);
    if (sc) {
      const bad = badLexical(arbs, sc.valueType, sc.facets);
      if (bad !== undefined) this.add('bad-lexical', route, (el, doc) => setText(el, doc, bad));
      this.add('child-in-simple-content', route, (el, doc) => el.appendChild(doc.createElementNS('urn:unknown', 'u:child')));
      return;
    }
    const plan = planContent(arbs.ctx, t);
    // An unknown element in a namespace no wildcard of the type accepts.
    const wildcards = plan.containers.flatMap((k) => k.fields.flatMap((f) => (f.kind === 'any' ? [f.particle.wildcard] : [])));
    const ns = [t.name?.ns ?? '', 'urn:unknown'].find((n) => !wildcards.some((w) => wildcardAllows(n, w.namespace, w.targetNamespace)));
    if (ns !== undefined) insertUnknown(ns);
    const children = childElements(e);
    const named = (q: QName) => children.map((ch, i) => [ch, i] as const).filter(([ch]) => (ch.namespaceURI ?? '') === q.ns && ch.localName === q.local);
    const removeAll = (names: QName[]) => (el: Element) => {
      for (const ch of childElements(el)) if (names.some((q) => (ch.namespaceURI ?? '') === q.ns && ch.localName === q.local)) el.removeChild(ch);
    };
    const visit = (k: Container, inBranch: boolean, inItem: boolean): void => {
      for (const f of k.fields) {
        if (f.kind === 'element') {
          const p = f.particle;
          const members = [p.name, ...(p.substitutes ?? [])];
          const found = members.flatMap((q) => named(q));
          if (found.length === 0) continue;
          if (!f.optional && !inBranch && !inItem) this.add('required-element-removed', route, removeAll(members), p.name.local);
          // A second occurrence is an error, except in a repeat item where it starts the next item.
          if (!f.repeated && !inItem) this.add('element-repeated', route, (el) => void el.insertBefore(childElements(el)[found[0]![1]]!.cloneNode(true), childElements(el)[found[0]![1]]!.nextSibling), p.name.local);
          for (const [ch, i] of found) {
            const decl = members.length > 1 ? this.arbs.elementDecl({ ns: ch.namespaceURI ?? '', local: ch.localName! }) : undefined;
            this.element(ch, decl?.type ?? p.type, [...route, i]);
          }
        } else if (f.kind === 'choice') {
          const chosen = f.branches.find((b) => elementNames(b).some((q) => named(q).length > 0));
          if (chosen && !f.optional && !inBranch && !inItem) this.add('choice-removed', route, removeAll(elementNames(chosen)));
          for (const b of f.branches) visit(b, true, inItem);
        } else if (f.kind === 'repeat') {
          visit(f.item, inBranch, true);
        }
      }
    };
    visit(plan.root, false, false);
  }

  private actualType(e: Element, c: ComplexTypeDef): ComplexTypeDef {
    const xt = e.getAttributeNS(XSI, 'type');
    if (!xt) return c;
    const local = xt.includes(':') ? xt.slice(xt.indexOf(':') + 1) : xt;
    return this.arbs.concreteTypes(c).find((s) => s.name?.local === local) ?? c;
  }
}

function setText(el: Element, doc: Document, text: string): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(doc.createTextNode(text));
}

/** Every element name a container (its branches and items included) may start with or contain. */
function elementNames(k: Container): QName[] {
  const out: QName[] = [];
  for (const f of k.fields) {
    if (f.kind === 'element') out.push(f.particle.name, ...(f.particle.substitutes ?? []));
    else if (f.kind === 'choice') for (const b of f.branches) out.push(...elementNames(b));
    else if (f.kind === 'repeat') out.push(...elementNames(f.item));
  }
  return out;
}

/** Text the simple type's parser must refuse, or undefined when every string is valid (xs:string, anyURI…). */
function badLexical(arbs: ModelArbitraries, id: TypeId, facets: readonly Facets[]): string | undefined {
  const s = arbs.ctx.simple(id);
  if (s?.variety === 'list' || s?.variety === 'union') return undefined;
  if (s?.enumeration) return 'NotAnEnumValue';
  if (s?.wellKnown === 'guid') return 'not-a-guid';
  if (s?.wellKnown === 'duration') return 'P1Y';
  if (s?.wellKnown === 'char') return 'c';
  if ([...facetChain(arbs, id), ...facets].some((f) => f.patterns?.length)) return '!!';
  const max = [...facetChain(arbs, id), ...facets].map((f) => f.maxInclusive).find((x) => x !== undefined);
  if (max !== undefined && /^-?[0-9]+(\.[0-9]*)?$/.test(max)) return (BigInt(max.split('.')[0]!) + 1n).toString();
  const b = builtinOf(id) ?? arbs.ctx.builtinFor(id);
  return b ? BAD_LEXICAL[b] : undefined;
}
