/**
 * Example lexical values of simple types: lexically valid for the built-in, honouring enumerations, length and range
 * facets, and patterns where a sample can be found (pattern-sample.ts); otherwise a note saying what was not met.
 */
import type { BuiltinName, Facets, TypeDef, TypeId } from '../model/types';
import { builtinOf } from '../model/builtins';
import { compileXsdPattern } from '@wsdl2ts/runtime';
import { samplePattern } from './pattern-sample';

/** One readable, lexically valid value per built-in. */
const BUILTIN_EXAMPLES: Readonly<Record<BuiltinName, string>> = {
  anyType: 'string',
  anySimpleType: 'string',
  string: 'string',
  normalizedString: 'string',
  token: 'token',
  language: 'en',
  Name: 'name',
  NCName: 'name',
  ID: 'id1',
  IDREF: 'id1',
  IDREFS: 'id1',
  ENTITY: 'entity',
  ENTITIES: 'entity',
  NMTOKEN: 'token',
  NMTOKENS: 'token',
  boolean: 'true',
  decimal: '0',
  integer: '0',
  nonPositiveInteger: '0',
  negativeInteger: '-1',
  long: '0',
  int: '0',
  short: '0',
  byte: '0',
  nonNegativeInteger: '0',
  unsignedLong: '0',
  unsignedInt: '0',
  unsignedShort: '0',
  unsignedByte: '0',
  positiveInteger: '1',
  float: '0',
  double: '0',
  duration: 'PT1H',
  dateTime: '2024-01-02T03:04:05Z',
  time: '03:04:05Z',
  date: '2024-01-02',
  gYearMonth: '2024-01',
  gYear: '2024',
  gMonthDay: '--01-02',
  gDay: '---02',
  gMonth: '--01',
  hexBinary: '00',
  base64Binary: 'AA==',
  anyURI: 'http://example.com/',
  QName: 'example',
  NOTATION: 'example',
};

const NUMERIC = new Set<BuiltinName>(['decimal', 'integer', 'nonPositiveInteger', 'negativeInteger', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte', 'positiveInteger', 'float', 'double']);
const ORDERED_OTHER = new Set<BuiltinName>(['duration', 'dateTime', 'time', 'date', 'gYearMonth', 'gYear', 'gMonthDay', 'gDay', 'gMonth']);

interface Resolved {
  builtin: BuiltinName;
  enumeration?: string;
  /** The namespace of the type that declares the enumeration. */
  enumerationNs?: string;
  facets: Facets;
  /** The patterns of each derivation step: a value must match one pattern of every step. */
  patternSteps: (readonly string[])[];
  list?: TypeId;
  union?: TypeId;
  guid?: boolean;
}

export interface SimpleExample {
  text: string;
  note?: string;
  /** A prefix the text uses (a QName enumeration value as written in the schema), with the namespace assumed for it. */
  prefix?: { prefix: string; ns: string };
}

export function simpleExample(types: ReadonlyMap<TypeId, TypeDef>, typeId: TypeId, extra?: Facets): SimpleExample {
  const r = resolve(types, typeId, extra);
  if (r.enumeration !== undefined) {
    const m = /^([^:]+):/.exec(r.enumeration);
    if (m && (r.builtin === 'QName' || r.builtin === 'NOTATION')) {
      // The model keeps the value as written, not the schema's prefix bindings: the schema's own namespace is the likely one.
      const ns = r.enumerationNs ?? '';
      return { text: r.enumeration, prefix: { prefix: m[1]!, ns }, note: `prefix ${m[1]} assumed to mean ${ns}: check it` };
    }
    return { text: r.enumeration };
  }
  if (r.union) return simpleExample(types, r.union);
  if (r.list) {
    const item = simpleExample(types, r.list);
    const n = Math.max(1, r.facets.length ?? r.facets.minLength ?? 1);
    return { text: Array(n).fill(item.text).join(' '), note: item.note };
  }
  const candidates = [r.guid ? '00000000-0000-0000-0000-000000000001' : undefined, ranged(r), BUILTIN_EXAMPLES[r.builtin]].filter((c): c is string => c !== undefined);
  const sized = candidates.map((c) => sizedFor(c, r));
  const ok = (v: string) => r.patternSteps.every((step) => step.some((p) => compileXsdPattern(p)?.test(v) ?? true));
  const hit = sized.find(ok);
  if (hit !== undefined) return { text: hit };
  for (const step of r.patternSteps) {
    for (const p of step) {
      const sample = samplePattern(p);
      if (sample !== undefined && ok(sample)) return { text: sample };
    }
  }
  const patterns = r.patternSteps.flat().join(' | ');
  return { text: sized[0]!, note: `no example matching the pattern ${patterns} could be built: replace this value` };
}

function resolve(types: ReadonlyMap<TypeId, TypeDef>, typeId: TypeId, extra?: Facets): Resolved {
  const facetsDerivedFirst: Facets[] = extra ? [extra] : [];
  let enumeration: string | undefined;
  let enumerationNs: string | undefined;
  let guid = false;
  let id: TypeId | undefined = typeId;
  const seen = new Set<TypeId>();
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    const b = builtinOf(id);
    if (b) return finish(b);
    const t = types.get(id);
    if (!t) return finish('string');
    if (t.kind === 'complex') {
      if (t.content.kind === 'simple') {
        facetsDerivedFirst.push(t.content.facets);
        id = t.content.valueType;
        continue;
      }
      return finish('string');
    }
    const s = t;
    if (s.wellKnown === 'guid') guid = true;
    if (enumeration === undefined && s.enumeration?.length) {
      enumeration = s.enumeration[0]!.value;
      enumerationNs = s.name?.ns ?? /^\{([^}]*)\}/.exec(s.id)?.[1];
    }
    facetsDerivedFirst.push(s.facets);
    if (s.variety === 'list') return { ...finish('string'), list: s.itemType };
    if (s.variety === 'union') return { ...finish('string'), union: s.memberTypes?.[0] };
    if (!s.base && s.builtin) return finish(s.builtin);
    id = s.base;
  }
  return finish('string');

  function finish(builtin: BuiltinName): Resolved {
    const facets: Record<string, unknown> = {};
    for (const f of [...facetsDerivedFirst].reverse()) for (const [k, v] of Object.entries(f)) if (v !== undefined && k !== 'patterns') facets[k] = v;
    const patternSteps = facetsDerivedFirst.filter((f) => f.patterns?.length).map((f) => f.patterns!);
    return { builtin, enumeration, enumerationNs, facets: facets as Facets, patternSteps, guid };
  }
}

/** A value inside the range facets of a numeric or date/time type, when they exclude the default example. */
function ranged(r: Resolved): string | undefined {
  const { minInclusive, minExclusive, maxInclusive, maxExclusive } = r.facets;
  if (ORDERED_OTHER.has(r.builtin)) return minInclusive ?? maxInclusive;
  if (!NUMERIC.has(r.builtin)) return undefined;
  const base = Number(BUILTIN_EXAMPLES[r.builtin]);
  const integer = !['decimal', 'float', 'double'].includes(r.builtin);
  let lo = -Infinity;
  let hi = Infinity;
  if (minInclusive !== undefined) lo = Number(minInclusive);
  if (minExclusive !== undefined) lo = Math.max(lo, Number(minExclusive) + (integer ? 1 : 0));
  if (maxInclusive !== undefined) hi = Number(maxInclusive);
  if (maxExclusive !== undefined) hi = Math.min(hi, Number(maxExclusive) - (integer ? 1 : 0));
  if (base >= lo && base <= hi && (minExclusive === undefined || base > Number(minExclusive)) && (maxExclusive === undefined || base < Number(maxExclusive))) return undefined;
  if (minInclusive !== undefined && Number(minInclusive) <= hi) return minInclusive;
  if (Number.isFinite(lo) && Number.isFinite(hi) && !integer) return String((lo + hi) / 2);
  if (Number.isFinite(lo)) return String(integer ? Math.ceil(lo) : lo + 1);
  return maxInclusive ?? String(integer ? Math.floor(hi) : hi - 1);
}

/** Pads or cuts a string value to the length facets (binary values by octets). */
function sizedFor(value: string, r: Resolved): string {
  const { length, minLength, maxLength } = r.facets;
  if (length === undefined && minLength === undefined && maxLength === undefined) return value;
  const want = (n: number) => (length !== undefined ? length : Math.min(Math.max(n, minLength ?? 0), maxLength ?? Infinity));
  if (r.builtin === 'hexBinary') return '00'.repeat(want(1));
  if (r.builtin === 'base64Binary') return base64Zeros(want(1));
  if (NUMERIC.has(r.builtin) || ORDERED_OTHER.has(r.builtin) || r.builtin === 'boolean') return value;
  const n = want(value.length);
  return n <= value.length ? value.slice(0, n) : value + 'x'.repeat(n - value.length);
}

function base64Zeros(octets: number): string {
  const full = Math.floor(octets / 3);
  const rest = octets % 3;
  return 'AAAA'.repeat(full) + (rest === 1 ? 'AA==' : rest === 2 ? 'AAA=' : '');
}
