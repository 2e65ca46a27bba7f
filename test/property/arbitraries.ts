/**
 * Model-driven fast-check arbitraries: valid values of the generated TypeScript types, built from the IR
 * (src/model/types.ts) and the content plan the emitters use (src/emit/content-plan.ts), never by hand per type.
 *
 * Every value produced here is meant to be a *fixed point* of decode ∘ encode, so generated values are already in
 * the form the decoder produces:
 * - absent optional properties are missing keys (never `undefined`), repeated elements and `$any` are absent or
 *   non-empty arrays (an empty array is written as nothing and read back as absent);
 * - `$type` is always set on types that are part of a derivation hierarchy (the decoder sets it even without
 *   xsi:type) and never on other types;
 * - decimals and big integers are canonical strings ("-12.5", never "+012.50") although the runtime keeps strings
 *   as written, dates/durations are valid lexical strings (kept as written), doubles may be -0, NaN and ±Infinity
 *   (the runtime writes "-0"/"NaN"/"INF", which read back as the same number), floats stay within float32 range;
 * - repeat-group items are generated so that the decoder's item splitting finds the same items (an item whose
 *   first element could continue the previous item is filtered out: it would be merged on the wire);
 * - raw XML (`RawXml`) is compared modulo namespace declarations (see equality.ts): the reader adds the in-scope
 *   namespace declarations to the fragment it returns.
 */
import fc from 'fast-check';
import { Container, Field, planContent } from '../../src/emit/content-plan';
import { DEFAULT_EMIT_OPTIONS, EmitContext } from '../../src/emit/emit-context';
import { builtinOf } from '../../src/model/builtins';
import type { AttributeUse, BuiltinName, ComplexTypeDef, ElementDecl, ElementParticle, Facets, Model, QName, SimpleTypeDef, TypeId, Wildcard } from '../../src/model/types';
import { BUILTIN_CODECS, wildcardAllows } from '@wsdl2ts/runtime';

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface ArbitraryOptions {
  /** Complex nesting depth after which optional content is left out (recursive types). */
  readonly maxDepth: number;
  /** Upper bound on generated occurrences beyond minOccurs. */
  readonly maxExtraItems: number;
  /** Whether nillable elements of raw (anyType) type may be null (off only to work around a past bug). */
  readonly nullForRawNillable: boolean;
  /** Optional element properties generated as always present (workaround for a known bug, see roundtrip.test.ts). */
  readonly alwaysPresent: (prop: string) => boolean;
}

const DEFAULTS: ArbitraryOptions = { maxDepth: 3, maxExtraItems: 2, nullForRawNillable: true, alwaysPresent: () => false };

/** One property of an object under construction, with what the decoder needs to tell repeat items apart. */
interface Entry {
  readonly key: string;
  readonly value: unknown;
  /** Field index in the object's schema order (content-plan `index`); -1 for attributes and $value. */
  readonly index: number;
  /** The decoder lets the next element have the same index and stay in the same object (repeated elements). */
  readonly sameOk: boolean;
  /** Choice branches taken to reach this field: [choice id, branch]. */
  readonly choices: readonly (readonly [number, number])[];
  readonly any?: boolean;
}

const none = (): fc.Arbitrary<Entry[]> => fc.constant<Entry[]>([]);

/** Builds an object with own data properties, `__proto__` included (plain assignment would change the prototype). */
export function makeObject(entries: readonly { key: string; value: unknown }[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const e of entries) Object.defineProperty(o, e.key, { value: e.value, enumerable: true, writable: true, configurable: true });
  return o;
}

// ---------------------------------------------------------------------------------------------------------------
// Lexical helpers

const ILLEGAL_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** One code point that XML 1.0 can carry, biased towards characters that need escaping. */
const xmlChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcxyzABCXYZ0189 _-.') },
  { weight: 3, arbitrary: fc.constantFrom('<', '>', '&', '"', "'", '\t', '\n', '\r', ']', '\u00e9', '\u00a0', '\u2028', '\ufffd', '\u{1F600}', '\u{10FFFF}', '\uE000') },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);
const noWsChar = xmlChar.filter((c) => !/[\t\n\r ]/.test(c));
const ncNameArb = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9._-]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('\u00e9t\u00e9', '\u4e2d\u6587', '_', 'a-1.b', 'xmlFoo') },
);
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}
function isLeapXsd(year: number): boolean {
  const y = year < 0 ? year + 1 : year; // XSD '-0001' is astronomical year 0
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
function daysIn(year: number, month: number): number {
  return month === 2 ? (isLeapXsd(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
const yearArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 9999 }) },
  { weight: 1, arbitrary: fc.integer({ min: -9999, max: -1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10000, max: 999999 }) },
);
const yearText = (y: number) => (y < 0 ? '-' + pad(-y, 4) : pad(y, 4));
const tzArb = fc.oneof(
  fc.constant(''),
  fc.constant('Z'),
  fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 59 })).map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
  fc.constantFrom('+14:00', '-14:00'),
);
const fracArb = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: digits(1, 7).map((d) => '.' + d) });
const timeArb = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fracArb).map(([h, m, s, f]) => `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${f}`) },
  { weight: 1, arbitrary: fc.constant('24:00:00') },
);
const ymdArb = fc
  .tuple(yearArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([y, m, d]) => `${yearText(y)}-${pad(m, 2)}-${pad(Math.min(d, daysIn(y, m)), 2)}`);

/** Lexical forms of the date/time built-ins: valid, kept as written by the runtime. */
const DATE_ARBS: Partial<Record<BuiltinName, fc.Arbitrary<string>>> = {
  dateTime: fc.tuple(ymdArb, timeArb, tzArb).map(([d, t, z]) => `${d}T${t}${z}`),
  date: fc.tuple(ymdArb, tzArb).map(([d, z]) => d + z),
  time: fc.tuple(timeArb, tzArb).map(([t, z]) => t + z),
  gYearMonth: fc.tuple(yearArb, fc.integer({ min: 1, max: 12 }), tzArb).map(([y, m, z]) => `${yearText(y)}-${pad(m, 2)}${z}`),
  gYear: fc.tuple(yearArb, tzArb).map(([y, z]) => yearText(y) + z),
  gMonthDay: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), tzArb).map(([m, d, z]) => `--${pad(m, 2)}-${pad(Math.min(d, daysIn(2000, m)), 2)}${z}`),
  gDay: fc.tuple(fc.integer({ min: 1, max: 31 }), tzArb).map(([d, z]) => `---${pad(d, 2)}${z}`),
  gMonth: fc.tuple(fc.integer({ min: 1, max: 12 }), tzArb).map(([m, z]) => `--${pad(m, 2)}${z}`),
};

/** xs:duration lexical forms: at least one component, 'T' only with a time component. */
function durationArb(maxDays: number): fc.Arbitrary<string> {
  const opt = (max: number, unit: string) => fc.option(fc.integer({ min: 0, max }).map((n) => `${n}${unit}`), { nil: '' });
  return fc
    .tuple(fc.boolean(), opt(maxDays === Infinity ? 9999 : 0, 'Y'), opt(maxDays === Infinity ? 99 : 0, 'M'), opt(Math.min(maxDays, 99999), 'D'), opt(23, 'H'), opt(59, 'M'), fc.option(fc.tuple(fc.integer({ min: 0, max: 59 }), fc.option(digits(1, 7), { nil: '' })).map(([s, f]) => `${s}${f ? '.' + f : ''}S`), { nil: '' }))
    .filter(([, y, mo, d, h, mi, s]) => (y + mo + d + h + mi + s).length > 0)
    .map(([neg, y, mo, d, h, mi, s]) => {
      const time = h + mi + s;
      // ser:duration (a TimeSpan) has no years or months: the maxDays bound drops them.
      return `${neg ? '-' : ''}P${maxDays === Infinity ? y + mo : ''}${d}${time ? 'T' + time : ''}`;
    })
    .filter((s) => /[0-9]/.test(s));
}

// ---------------------------------------------------------------------------------------------------------------
// Decimal arithmetic on strings (exact; bounds facets)

const SCALE = 40;
/** A decimal lexical form as a bigint scaled by 10^SCALE. */
export function decToScaled(s: string): bigint {
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  const [i = '0', f = ''] = body.split('.');
  const v = BigInt((i || '0') + f.padEnd(SCALE, '0').slice(0, SCALE));
  return neg ? -v : v;
}
/** The canonical decimal form of unscaled / 10^scale: no '+', no leading or trailing zeros, no '-0'. */
export function canonicalDecimal(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const s = frac ? `${int}.${frac}` : int;
  return neg && s !== '0' ? '-' + s : s;
}

interface Bounds {
  min?: bigint; // scaled, inclusive
  max?: bigint;
}

function boundsOf(facets: readonly Facets[], step: bigint): Bounds {
  const b: Bounds = {};
  for (const f of facets) {
    const lo = f.minInclusive !== undefined ? decToScaled(f.minInclusive) : f.minExclusive !== undefined ? decToScaled(f.minExclusive) + step : undefined;
    const hi = f.maxInclusive !== undefined ? decToScaled(f.maxInclusive) : f.maxExclusive !== undefined ? decToScaled(f.maxExclusive) - step : undefined;
    if (lo !== undefined && (b.min === undefined || lo > b.min)) b.min = lo;
    if (hi !== undefined && (b.max === undefined || hi < b.max)) b.max = hi;
  }
  return b;
}

const INT_RANGES: Partial<Record<BuiltinName, [bigint | undefined, bigint | undefined]>> = {
  integer: [undefined, undefined],
  nonPositiveInteger: [undefined, 0n],
  negativeInteger: [undefined, -1n],
  nonNegativeInteger: [0n, undefined],
  positiveInteger: [1n, undefined],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  short: [-32768n, 32767n],
  byte: [-128n, 127n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  unsignedShort: [0n, 65535n],
  unsignedByte: [0n, 255n],
};
const NUMBER_INTS: ReadonlySet<BuiltinName> = new Set(['int', 'short', 'byte', 'unsignedInt', 'unsignedShort', 'unsignedByte']);

export function integerRange(b: BuiltinName): [bigint | undefined, bigint | undefined] | undefined {
  return INT_RANGES[b];
}

/** A bigint in [lo, hi] biased towards small magnitudes and the bounds. */
function bigIntIn(lo: bigint | undefined, hi: bigint | undefined): fc.Arbitrary<bigint> {
  const L = lo ?? -(10n ** 30n);
  const H = hi ?? 10n ** 30n;
  const small = fc.bigInt({ min: L > -1000n ? L : -1000n, max: H < 1000n ? H : 1000n });
  const options: fc.Arbitrary<bigint>[] = [fc.bigInt({ min: L, max: H }), fc.constantFrom(L, H)];
  if ((L > -1000n ? L : -1000n) <= (H < 1000n ? H : 1000n)) options.push(small, small);
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------------------------

export class ModelArbitraries {
  readonly ctx: EmitContext;
  private readonly opts: ArbitraryOptions;
  private readonly memo = new Map<string, fc.Arbitrary<unknown>>();
  private readonly elementsByName = new Map<string, ElementDecl>();

  constructor(
    readonly model: Model,
    options: Partial<ArbitraryOptions> = {},
  ) {
    this.ctx = new EmitContext(model, DEFAULT_EMIT_OPTIONS);
    this.opts = { ...DEFAULTS, ...options };
    for (const e of model.elements) this.elementsByName.set(qkey(e.name), e);
  }

  elementDecl(name: QName): ElementDecl | undefined {
    return this.elementsByName.get(qkey(name));
  }

  /** The value an ElementCodec of the global element takes. */
  forElement(decl: ElementDecl): fc.Arbitrary<unknown> {
    const v = this.valueOf(decl.type, 0, decl.name, decl.fixed);
    if (!decl.nillable || (this.isRaw(decl.type) && !this.opts.nullForRawNillable)) return v;
    return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: v });
  }

  // ---- classification (mirrors the serializer emitter) -----------------------------------------------------------

  /** Values kept as raw XML: anyType, mixed complex types and unresolved types. */
  isRaw(id: TypeId): boolean {
    if (builtinOf(id) === 'anyType') return true;
    const c = this.ctx.complex(id);
    if (c) return c.mixed;
    return !this.ctx.isSimple(id);
  }

  /** Part of a derivation hierarchy: values carry `$type` (the decoder always sets it). */
  inHierarchy(t: ComplexTypeDef): boolean {
    return t.derivedTypes.length > 0 || !!(t.derivation && this.ctx.complex(t.derivation.base));
  }

  /** Concrete types a value declared as `t` may have: t itself (unless abstract) and its named non-abstract subtypes. */
  concreteTypes(t: ComplexTypeDef): ComplexTypeDef[] {
    return [t, ...this.ctx.subtypes(t.id)].filter((s) => !s.abstract && (s === t || !!s.name));
  }

  /** Attributes in effect for a type (base chain, later ones override, prohibited ones removed). */
  attributesOf(t: ComplexTypeDef): AttributeUse[] {
    const byName = new Map<string, AttributeUse>();
    for (const c of this.ctx.chain(t)) {
      for (const a of c.attributes) {
        if (a.use === 'prohibited') byName.delete(qkey(a.name));
        else byName.set(qkey(a.name), a);
      }
    }
    return [...byName.values()];
  }

  /** The simple content of a type (value type and every facet set along the chain), if it has simple content. */
  simpleContentOf(t: ComplexTypeDef): { valueType: TypeId; facets: Facets[] } | undefined {
    const chain = this.ctx.chain(t);
    const simple = [...chain].reverse().find((c) => c.content.kind === 'simple');
    if (!simple || simple.content.kind !== 'simple') return undefined;
    const facets = chain.flatMap((c) => (c.content.kind === 'simple' ? [c.content.facets] : []));
    return { valueType: simple.content.valueType, facets };
  }

  /** Members allowed where `p` is used: the element itself and its substitutes, abstract elements excluded. */
  substitutionMembers(p: ElementParticle): { name: QName; type: TypeId }[] {
    return [p.name, ...(p.substitutes ?? [])]
      .map((q) => ({ q, decl: this.elementDecl(q) }))
      .filter(({ decl }) => !decl?.abstract)
      .map(({ q, decl }) => ({ name: q, type: decl?.type ?? p.type }));
  }

  // ---- values ------------------------------------------------------------------------------------------------

  /** A value of type `id` as the content of an element named `name` (raw values are the whole element). */
  valueOf(id: TypeId, depth: number, name: QName, fixed?: string): fc.Arbitrary<unknown> {
    if (this.isRaw(id)) return rawElement(name);
    const c = this.ctx.complex(id);
    if (c) {
      if (c.wcfArray) return this.wcfArray(c, depth);
      return this.complexValue(c, depth);
    }
    if (fixed !== undefined) return fc.constant(this.parseLexical(id, fixed));
    return this.simple(id);
  }

  private memoize(key: string, make: () => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
    let a = this.memo.get(key);
    if (!a) {
      a = make();
      this.memo.set(key, a);
    }
    return a;
  }

  private wcfArray(t: ComplexTypeDef, depth: number): fc.Arbitrary<unknown> {
    return this.memoize(`wcf|${t.id}|${depth}`, () => {
      const a = t.wcfArray!;
      if (depth >= this.opts.maxDepth) return fc.constant([]);
      const item = this.valueOf(a.itemType, depth + 1, a.item);
      const itemOrNull = a.nillable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: item }) : item;
      return fc.array(itemOrNull, { maxLength: depth >= this.opts.maxDepth ? 0 : this.opts.maxExtraItems + 1 });
    });
  }

  private complexValue(t: ComplexTypeDef, depth: number): fc.Arbitrary<unknown> {
    return this.memoize(`complex|${t.id}|${depth}`, () => {
      const concrete = this.concreteTypes(t);
      if (concrete.length === 0) throw new Error(`no concrete type for ${t.id}`);
      const arbs = concrete.map((s) => this.exactValue(s, depth));
      return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
    });
  }

  /** A value of exactly type `t` (no subtype). */
  exactValue(t: ComplexTypeDef, depth: number): fc.Arbitrary<Record<string, unknown>> {
    return this.memoize(`exact|${t.id}|${depth}`, () => {
      const parts: fc.Arbitrary<Entry[]>[] = [];
      if (this.inHierarchy(t)) parts.push(fc.constant([{ key: '$type', value: t.tsName, index: -1, sameOk: false, choices: [] }]));
      for (const a of this.attributesOf(t)) parts.push(this.attribute(a, depth));
      const anyAttr = this.ctx.chain(t).find((c) => c.anyAttribute)?.anyAttribute;
      if (anyAttr) parts.push(this.anyAttributes(anyAttr, this.attributesOf(t)));
      const sc = this.simpleContentOf(t);
      if (sc) {
        parts.push(this.simple(sc.valueType, sc.facets).map((v) => [{ key: '$value', value: v, index: -1, sameOk: false, choices: [] }]));
      } else {
        const plan = planContent(this.ctx, t);
        parts.push(this.container(plan.root, depth + 1, []));
      }
      return fc.tuple(...parts).map((ps) => makeObject(ps.flat()));
    }) as fc.Arbitrary<Record<string, unknown>>;
  }

  private attribute(a: AttributeUse, depth: number): fc.Arbitrary<Entry[]> {
    const v = (a.fixed !== undefined ? fc.constant(this.parseLexical(a.type, a.fixed)) : this.valueOf(a.type, depth, a.name)).map((value) => [{ key: a.tsName, value, index: -1, sameOk: false, choices: [] }]);
    return a.use === 'required' ? v : fc.oneof(none(), v);
  }

  private anyAttributes(w: Wildcard, known: AttributeUse[]): fc.Arbitrary<Entry[]> {
    const candidates = ['urn:other:attr', 'urn:other:attr2', w.targetNamespace, ''].filter((ns) => ns !== XSI && wildcardAllows(ns, w.namespace, w.targetNamespace));
    if (candidates.length === 0) return none();
    const knownKeys = new Set(known.map((a) => qkey(a.name)));
    const attr = fc.record({ ns: fc.constantFrom(...candidates), local: ncNameArb.filter((l) => l !== "xmlns"), value: stringArb(0, 8) }).map((x) => ({ ...x }));
    const list = fc
      .uniqueArray(attr, { minLength: 1, maxLength: 3, selector: (x) => qkey(x) })
      .filter((xs) => xs.every((x) => !knownKeys.has(qkey(x))));
    return fc.oneof(none(), list.map((xs) => [{ key: '$anyAttributes', value: xs, index: -1, sameOk: false, choices: [] }]));
  }

  /** The properties a container contributes to its object, in schema order. */
  private container(c: Container, depth: number, choices: readonly (readonly [number, number])[]): fc.Arbitrary<Entry[]> {
    if (c.fields.length === 0) return none();
    return fc.tuple(...c.fields.map((f) => this.field(f, depth, choices))).map((xs) => xs.flat());
  }

  /** Whether optional content is left out at this depth (recursion bound). */
  private tooDeep(depth: number): boolean {
    return depth > this.opts.maxDepth;
  }

  private count(min: number, max: number | 'unbounded', optional: boolean, depth: number): fc.Arbitrary<number> {
    const lo = optional ? 0 : Math.max(min, 0);
    if (this.tooDeep(depth)) return fc.constant(lo);
    const cap = Math.max(lo, 1) + this.opts.maxExtraItems;
    const hi = max === 'unbounded' ? cap : Math.min(max, cap);
    return fc.integer({ min: lo, max: Math.max(lo, hi) });
  }

  private field(f: Field, depth: number, choices: readonly (readonly [number, number])[]): fc.Arbitrary<Entry[]> {
    switch (f.kind) {
      case 'element': {
        const p = f.particle;
        // Built eagerly: past the depth bound, optional content is not even constructed (recursive types).
        if (this.tooDeep(depth) && (f.optional || f.min === 0) && !this.opts.alwaysPresent(f.prop)) return none();
        if (depth > this.opts.maxDepth + 8) throw new Error(`required content nested too deep at ${p.name.local}`);
        const members = this.substitutionMembers(p);
        const one = (p.substitutes?.length
          ? fc.oneof(...members.map((m) => this.valueOf(m.type, depth, m.name, p.fixed).map((value) => ({ $element: m.name.local, value }))))
          : this.valueOf(p.type, depth, p.name, p.fixed)) as fc.Arbitrary<unknown>;
        const rawNil = this.isRaw(p.type) && !this.opts.nullForRawNillable;
        const value = p.nillable && !rawNil ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: one }) : one;
        const entry = (v: unknown): Entry[] => [{ key: f.prop, value: v, index: f.index, sameOk: f.repeated && !f.inAll, choices }];
        if (f.repeated) {
          // An empty list is written as nothing and read back as absent: present lists have at least one item.
          return this.count(f.min, f.max, f.optional, depth).chain((n) => (n === 0 ? none() : fc.array(value, { minLength: n, maxLength: n }).map(entry)));
        }
        if (!f.optional || this.opts.alwaysPresent(f.prop)) return value.map(entry);
        return fc.oneof(none(), value.map(entry));
      }
      case 'any': {
        const p = f.particle;
        if (this.tooDeep(depth)) return none();
        const item = anyElement(p.wildcard);
        if (!item) return none();
        return this.count(p.minOccurs, p.maxOccurs, true, depth).chain((n) =>
          n === 0 ? none() : fc.array(item, { minLength: n, maxLength: n }).map((xs) => [{ key: '$any', value: xs, index: f.index, sameOk: true, choices, any: true }]),
        );
      }
      case 'choice': {
        const branches = f.branches.map((b, i) => this.container(b, depth, [...choices, [f.id, i] as const]));
        const options = f.optional ? [none(), ...branches] : branches;
        return options.length === 1 ? options[0]! : fc.oneof(...options);
      }
      case 'repeat': {
        if (this.tooDeep(depth) && (f.optional || f.min === 0)) return none();
        const item = this.container(f.item, depth, []).filter((es) => es.length > 0 && !es[0]!.any);
        return this.count(f.min, f.max, f.optional, depth).chain((n) =>
          n === 0
            ? none()
            : fc
                .array(item, { minLength: n, maxLength: n })
                .filter(itemsSplitAsGenerated)
                .map((items) => [{ key: f.prop, value: items.map((es) => makeObject(es)), index: f.index, sameOk: true, choices }]),
        );
      }
    }
  }

  // ---- simple values -----------------------------------------------------------------------------------------

  /** A builtin's or simple type's value parsed from a lexical form (fixed values, enumerations). */
  parseLexical(id: TypeId, text: string): unknown {
    const b = this.ctx.builtinFor(id) ?? 'string';
    const s = this.ctx.simple(id);
    if (s?.wellKnown === 'char') return String.fromCodePoint(Number(text));
    return BUILTIN_CODECS[b].parse(text, '', () => '');
  }

  /** Facet sets along a simple type's restriction chain (each step's parser checks its own). */
  private facetChain(id: TypeId): Facets[] {
    const out: Facets[] = [];
    for (let s = this.ctx.simple(id), n = 0; s && n < 50; s = s.base ? this.ctx.simple(s.base) : undefined, n++) out.push(s.facets);
    return out;
  }

  simple(id: TypeId, extra: readonly Facets[] = []): fc.Arbitrary<unknown> {
    const key = `simple|${id}|${JSON.stringify(extra)}`;
    return this.memoize(key, () => this.simpleUncached(id, extra));
  }

  private simpleUncached(id: TypeId, extra: readonly Facets[]): fc.Arbitrary<unknown> {
    const b = builtinOf(id);
    if (b) return builtinArb(b, extra);
    const t = this.ctx.simple(id);
    if (!t) return stringArb(0, 10);
    const facets = [...this.facetChain(id), ...extra];
    if (t.enumeration && t.variety === 'atomic') {
      const values = t.enumeration.map((e) => this.parseLexical(t.base ?? id, e.value));
      return fc.constantFrom(...values);
    }
    if (t.variety === 'list') {
      const lengths = lengthBounds(facets);
      const item = this.simple(t.itemType!).filter((v) => typeof v !== 'string' || (v !== '' && !/[\t\n\r ]/.test(v)));
      return fc.array(item, { minLength: lengths.min ?? 0, maxLength: Math.min(lengths.max ?? 3, (lengths.min ?? 0) + 3) });
    }
    if (t.variety === 'union') {
      // Only the first member: a value of a later member might also be a valid lexical form of an earlier one.
      const first = t.memberTypes?.[0];
      return first ? this.simple(first) : stringArb(0, 10);
    }
    if (t.wellKnown === 'guid') return fc.stringMatching(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
    if (t.wellKnown === 'char') return fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c));
    // ser:duration is a .NET TimeSpan: days/hours/minutes/seconds only, well inside ±10675199 days.
    if (t.wellKnown === 'duration') return durationArb(99999);
    return builtinArb(t.builtin ?? 'string', facets);
  }
}

function qkey(q: { ns: string; local: string }): string {
  return `{${q.ns}}${q.local}`;
}

function lengthBounds(facets: readonly Facets[]): { min?: number; max?: number } {
  let min: number | undefined;
  let max: number | undefined;
  for (const f of facets) {
    if (f.length !== undefined) {
      min = Math.max(min ?? 0, f.length);
      max = Math.min(max ?? Infinity, f.length);
    }
    if (f.minLength !== undefined) min = Math.max(min ?? 0, f.minLength);
    if (f.maxLength !== undefined) max = Math.min(max ?? Infinity, f.maxLength);
  }
  return { min, max: max === Infinity ? undefined : max };
}

/** A string of `min`..`max` code points XML can carry. */
function stringArb(min: number, max: number, char: fc.Arbitrary<string> = xmlChar): fc.Arbitrary<string> {
  return fc.array(char, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
}

/** Strings with collapsed white space (xs:token and friends): single spaces between non-empty words. */
function tokenArb(maxWords: number): fc.Arbitrary<string> {
  return fc.array(stringArb(1, 6, noWsChar), { maxLength: maxWords }).map((ws) => ws.join(' '));
}

function patternArb(facets: readonly Facets[]): fc.Arbitrary<string> | undefined {
  const patterns = facets.flatMap((f) => f.patterns ?? []);
  if (patterns.length === 0) return undefined;
  // Only simple patterns are generated from (the first one, checked against all); others are out of scope.
  const res = patterns.map((p) => new RegExp(`^(?:${p.replace(/\\d/g, '[0-9]')})$`, 'u'));
  return fc.stringMatching(res[0]!).filter((s) => res.every((r) => r.test(s)) && !ILLEGAL_XML_CHAR.test(s));
}

/** Valid values of a built-in in its TypeScript representation, honouring length and bounds facets. */
export function builtinArb(b: BuiltinName, facets: readonly Facets[] = []): fc.Arbitrary<unknown> {
  const lengths = lengthBounds(facets);
  const pattern = patternArb(facets);
  const withLength = (a: fc.Arbitrary<string>) => a.filter((s) => [...s].length >= (lengths.min ?? 0) && [...s].length <= (lengths.max ?? Infinity));
  switch (b) {
    case 'string':
    case 'anySimpleType':
      if (pattern) return withLength(pattern);
      return stringArb(lengths.min ?? 0, lengths.max ?? Math.max(lengths.min ?? 0, 12));
    case 'normalizedString':
      if (pattern) return withLength(pattern);
      return stringArb(lengths.min ?? 0, lengths.max ?? 12, xmlChar.filter((c) => !/[\t\n\r]/.test(c)));
    case 'token':
      return withLength(pattern ?? tokenArb(3));
    case 'anyURI':
      return withLength(pattern ?? fc.oneof(fc.constantFrom('http://example.com/a?b=c&d=e#f', 'urn:x:y', 'relative/path', '', 'http://\u00fc.example/\u03c0'), tokenArb(2)));
    case 'language':
      return withLength(fc.stringMatching(/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,2}$/));
    case 'Name':
      return withLength(fc.oneof(ncNameArb, fc.stringMatching(/^[A-Za-z_:][A-Za-z0-9._:-]{0,8}$/)));
    case 'NCName':
    case 'ID':
    case 'IDREF':
    case 'ENTITY':
      return withLength(ncNameArb);
    case 'NMTOKEN':
      return withLength(fc.stringMatching(/^[A-Za-z0-9._:-]{1,10}$/));
    case 'IDREFS':
    case 'ENTITIES':
      return fc.array(ncNameArb, { minLength: Math.max(1, lengths.min ?? 1), maxLength: Math.max(1, lengths.max ?? 3) });
    case 'NMTOKENS':
      return fc.array(fc.stringMatching(/^[A-Za-z0-9._:-]{1,10}$/), { minLength: Math.max(1, lengths.min ?? 1), maxLength: Math.max(1, lengths.max ?? 3) });
    case 'boolean':
      return fc.boolean();
    case 'decimal': {
      // Canonical strings only ("-12.5", "0", "3"): the runtime writes decimal strings exactly as given.
      return fc.integer({ min: 0, max: 4 }).chain((scale) => {
        const step = 10n ** BigInt(SCALE - scale);
        const bd = boundsOf(facets, step);
        const lo = bd.min === undefined ? undefined : ceilDiv(bd.min, step);
        const hi = bd.max === undefined ? undefined : floorDiv(bd.max, step);
        const wide = 10n ** BigInt(20 + scale);
        return bigIntIn(lo ?? -wide, hi ?? wide).map((u) => canonicalDecimal(u, scale));
      });
    }
    case 'float':
    case 'double': {
      const bd = boundsOf(facets, 0n);
      const f32 = b === 'float';
      if (bd.min !== undefined || bd.max !== undefined) {
        const min = bd.min === undefined ? undefined : Number(canonicalDecimal(bd.min, SCALE));
        const max = bd.max === undefined ? undefined : Number(canonicalDecimal(bd.max, SCALE));
        return fc.double({ min, max, noNaN: true }).filter((x) => !f32 || Number.isFinite(Math.fround(x)));
      }
      // -0, NaN and ±Infinity included on purpose: the runtime round-trips them exactly ("-0", "NaN", "INF").
      return f32 ? fc.oneof(fc.float(), fc.double().filter((x) => !Number.isFinite(x) || Number.isFinite(Math.fround(x)))) : fc.double();
    }
    case 'duration':
      return pattern ? pattern : durationArb(Infinity);
    case 'dateTime':
    case 'date':
    case 'time':
    case 'gYearMonth':
    case 'gYear':
    case 'gMonthDay':
    case 'gDay':
    case 'gMonth':
      return DATE_ARBS[b]!;
    case 'hexBinary':
    case 'base64Binary':
      return fc.uint8Array({ minLength: lengths.min ?? 0, maxLength: lengths.max ?? 12 });
    case 'QName':
    case 'NOTATION':
      return fc.record({ ns: fc.constantFrom('', 'urn:q:a', 'http://example.com/q', 'http://schemas.microsoft.com/2003/10/Serialization/'), local: ncNameArb }).map((q) => ({ ...q }));
    case 'anyType':
      return stringArb(0, 8);
    default: {
      const range = INT_RANGES[b];
      if (!range) throw new Error(`no arbitrary for xs:${b}`);
      const bd = boundsOf(facets, 10n ** BigInt(SCALE));
      const lo = maxOf(range[0], bd.min === undefined ? undefined : ceilDiv(bd.min, 10n ** BigInt(SCALE)));
      const hi = minOf(range[1], bd.max === undefined ? undefined : floorDiv(bd.max, 10n ** BigInt(SCALE)));
      const ints = bigIntIn(lo, hi);
      // int/short/byte/unsigned* are numbers (never -0); long, integer & co. are canonical decimal strings.
      return NUMBER_INTS.has(b) ? ints.map((n) => Number(n)) : ints.map((n) => n.toString());
    }
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
function maxOf(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  return a === undefined ? b : b === undefined ? a : a > b ? a : b;
}
function minOf(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  return a === undefined ? b : b === undefined ? a : a < b ? a : b;
}

// ---------------------------------------------------------------------------------------------------------------
// Raw XML

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** A complete element named `name` with its own namespace declarations, as RawXml. */
export function rawElement(name: QName): fc.Arbitrary<{ xml: string }> {
  const text = stringArb(0, 6);
  const child = fc.record({ local: ncNameArb, text: stringArb(0, 4) });
  return fc
    .record({ prefix: fc.constantFrom('r', 'p1', 'xsd', 'a_b'), text, child: fc.option(child, { nil: undefined }), attr: fc.option(stringArb(0, 4), { nil: undefined }) })
    .map(({ prefix, text, child, attr }) => {
      const qn = name.ns ? `${prefix}:${name.local}` : name.local;
      const decl = name.ns ? ` xmlns:${prefix}="${escapeAttr(name.ns)}"` : '';
      const at = attr === undefined ? '' : ` note="${escapeAttr(attr)}"`;
      const inner = escapeText(text) + (child ? `<c:${child.local} xmlns:c="urn:other:child">${escapeText(child.text)}</c:${child.local}>` : '');
      return { xml: inner === '' ? `<${qn}${decl}${at}/>` : `<${qn}${decl}${at}>${inner}</${qn}>` };
    });
}

/** An element matched by the wildcard, in a namespace no declared element of these goldens uses. */
function anyElement(w: Wildcard): fc.Arbitrary<{ xml: string }> | undefined {
  const candidates = ['urn:other', 'urn:other:2', ...w.namespace.split(/\s+/).filter((t) => !t.startsWith('##'))].filter((ns) => wildcardAllows(ns, w.namespace, w.targetNamespace));
  if (candidates.length === 0) return undefined;
  return fc.record({ ns: fc.constantFrom(...candidates), local: ncNameArb }).chain((name) => rawElement(name));
}

// ---------------------------------------------------------------------------------------------------------------
// Repeat items

/**
 * Whether the decoder, reading the items' elements in a row, starts a new item exactly where a generated item
 * starts (it does when the next element is out of order for the current item, repeats a non-repeatable one, or
 * belongs to another branch of a choice the item already took).
 */
function itemsSplitAsGenerated(items: Entry[][]): boolean {
  for (let k = 1; k < items.length; k++) {
    const prev = items[k - 1]!.filter((e) => e.index >= 0);
    const first = items[k]!.find((e) => e.index >= 0);
    if (!first || prev.length === 0) return false;
    const last = prev[prev.length - 1]!.index;
    const taken = new Map<number, number>();
    for (const e of prev) for (const [c, b] of e.choices) taken.set(c, b);
    const conflict = first.choices.some(([c, b]) => taken.has(c) && taken.get(c) !== b);
    const startsNew = first.index < last || (first.index === last && !first.sameOk) || conflict;
    if (!startsNew) return false;
  }
  return true;
}
