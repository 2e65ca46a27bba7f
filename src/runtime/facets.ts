/**
 * Constraining facets (XSD 1.0 Part 2, section 4.3) checked at run time by generated serializers.
 *
 * Generated code declares each restricted type's facets once, as a module-level constant, and calls
 * `checkFacets(lexical, FACETS, kind, path, mode)` (compiled facets are cached per facets object), or keeps the
 * checker from `compileFacets(FACETS, kind)`. Enumerations are not handled here (the generated code knows them).
 *
 * What `value` is, per kind (the lexical form after white-space processing always works):
 * - 'string':  the string; lengths count code points (not UTF-16 units).
 * - 'decimal': decimal/integer lexical form (or a number/bigint); bounds and digits are compared exactly.
 * - 'float':   lexical form or number; NaN satisfies no bound (it is incomparable).
 * - 'date':    lexical form of any date/time type (dateTime, date, time, gYearMonth, gYear, gMonthDay, gDay, gMonth,
 *              recognised by their shape); compared as UTC instants, a value without timezone counting as UTC.
 * - 'duration': lexical form; XSD's partial order (incomparable values, such as P1M vs P30D, fail a bound).
 * - 'hexBinary' / 'base64Binary': lexical form or Uint8Array; lengths count octets.
 * - 'binary':  a Uint8Array; lengths count octets (patterns need one of the two lexical kinds above).
 * - 'list':    lexical form (space-separated) or array of item lexical forms; lengths count items.
 * Patterns always match the lexical form.
 */
import { DecodeError, EncodeError } from './errors';
import {
  base64Length,
  compareDecimal,
  compareDuration,
  compareInstants,
  dateTimeFields,
  dateTimeInstant,
  decimalParts,
  describeValue,
  durationFields,
  isDecimalLexical,
  numberToDecimalString,
  parseDouble,
  type DateTimeType,
  type DurationFields,
} from './lexical';

export type FacetKind = 'string' | 'decimal' | 'float' | 'date' | 'duration' | 'hexBinary' | 'base64Binary' | 'binary' | 'list';

export type FacetMode = 'decode' | 'encode';

export interface FacetSpec {
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  /**
   * Precompiled, anchored patterns (see xsd-regex). Every entry must match; an entry that is an array matches when
   * any of its patterns does (the patterns of one derivation step are alternatives, steps are cumulative).
   */
  readonly patterns?: readonly (RegExp | readonly RegExp[])[];
  /** Bounds in the type's lexical form. */
  readonly minInclusive?: string;
  readonly maxInclusive?: string;
  readonly minExclusive?: string;
  readonly maxExclusive?: string;
  readonly totalDigits?: number;
  readonly fractionDigits?: number;
}

export type FacetValue = string | number | bigint | Uint8Array | readonly string[];

export type FacetChecker = (value: FacetValue, path: string, mode: FacetMode) => void;

type BoundName = 'minInclusive' | 'maxInclusive' | 'minExclusive' | 'maxExclusive';
const BOUNDS: readonly BoundName[] = ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'];

/** What comparison results satisfy each bound facet: compare(value, bound). */
function boundHolds(facet: BoundName, c: number): boolean {
  switch (facet) {
    case 'minInclusive':
      return c >= 0;
    case 'maxInclusive':
      return c <= 0;
    case 'minExclusive':
      return c > 0;
    case 'maxExclusive':
      return c < 0;
  }
}

const BOUND_WORDS: Readonly<Record<BoundName, string>> = {
  minInclusive: '≥',
  maxInclusive: '≤',
  minExclusive: '>',
  maxExclusive: '<',
};

function violation(mode: FacetMode, path: string, facet: string, value: unknown, detail: string): never {
  const message = `${facet} facet violated by ${describeValue(value)}: ${detail}`;
  throw mode === 'decode' ? new DecodeError(message, path) : new EncodeError(message, path);
}

/** Number of code points (surrogate pairs count once). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** A comparable form of values of one kind, plus the comparison (NaN = incomparable). */
interface Ordering<K> {
  key(value: FacetValue): K | string; // a string is the reason the value has no key
  compare(a: K, b: K): number;
}

interface Instant {
  readonly seconds: number;
  readonly frac: string;
}

const DATE_TYPES: readonly DateTimeType[] = ['dateTime', 'date', 'time', 'gYearMonth', 'gYear', 'gMonthDay', 'gDay', 'gMonth'];

function dateKey(value: FacetValue): Instant | string {
  if (typeof value !== 'string') return 'not a date/time lexical form';
  let reason = 'not a date/time value';
  for (const type of DATE_TYPES) {
    const f = dateTimeFields(type, value);
    if (typeof f !== 'string') return dateTimeInstant(f);
    if (!f.startsWith('not an ')) reason = f;
  }
  return reason;
}

function decimalKey(value: FacetValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? numberToDecimalString(value) : 'not a finite number';
  if (typeof value === 'bigint') return value.toString();
  return typeof value === 'string' ? value : 'not a decimal';
}

const DECIMAL_ORDERING: Ordering<{ readonly d: string }> = {
  key(value) {
    const s = decimalKey(value);
    return isDecimalLexical(s) ? { d: s } : 'not a decimal';
  },
  compare: (a, b) => compareDecimal(a.d, b.d),
};

const FLOAT_ORDERING: Ordering<{ readonly n: number }> = {
  key(value) {
    if (typeof value === 'number') return { n: value };
    if (typeof value !== 'string') return 'not a number';
    try {
      return { n: parseDouble(value, '') };
    } catch {
      return 'not a float/double lexical form';
    }
  },
  compare: (a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : a.n === b.n ? 0 : NaN),
};

const DATE_ORDERING: Ordering<Instant> = { key: dateKey, compare: compareInstants };

const DURATION_ORDERING: Ordering<DurationFields> = {
  key(value) {
    return (typeof value === 'string' && durationFields(value)) || 'not a duration lexical form';
  },
  compare: compareDuration,
};

const ORDERINGS: Partial<Record<FacetKind, Ordering<unknown>>> = {
  decimal: DECIMAL_ORDERING as Ordering<unknown>,
  float: FLOAT_ORDERING as Ordering<unknown>,
  date: DATE_ORDERING as Ordering<unknown>,
  duration: DURATION_ORDERING as Ordering<unknown>,
};

/** The facet's notion of length for a value of the kind, or a string saying why there is none. */
function lengthOf(kind: FacetKind, value: FacetValue): number | string {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? codePointLength(value) : 'not a string';
    case 'list':
      if (Array.isArray(value)) return value.length;
      return typeof value === 'string' ? (value === '' ? 0 : value.split(' ').length) : 'not a list';
    case 'hexBinary':
      if (value instanceof Uint8Array) return value.length;
      return typeof value === 'string' ? value.length >> 1 : 'not binary';
    case 'base64Binary':
      if (value instanceof Uint8Array) return value.length;
      return typeof value === 'string' ? base64Length(value) : 'not binary';
    case 'binary':
      return value instanceof Uint8Array ? value.length : 'not a Uint8Array';
    default:
      return `length facets do not apply to ${kind} values`;
  }
}

function lexicalOf(kind: FacetKind, value: FacetValue): string | undefined {
  if (typeof value === 'string') return value;
  if (kind === 'list' && Array.isArray(value)) return value.join(' ');
  if (kind === 'decimal' && (typeof value === 'number' || typeof value === 'bigint')) return decimalKey(value);
  return undefined;
}

/**
 * Compiles a facet set for one kind. Throws a TypeError (a generator bug, not bad data) when a facet does not apply
 * to the kind or a bound is not a valid lexical form of it.
 */
export function compileFacets(facets: FacetSpec, kind: FacetKind): FacetChecker {
  const checks: FacetChecker[] = [];
  const { length, minLength, maxLength } = facets;

  if (length !== undefined || minLength !== undefined || maxLength !== undefined) {
    if (!['string', 'list', 'hexBinary', 'base64Binary', 'binary'].includes(kind)) {
      throw new TypeError(`length facets do not apply to ${kind} values`);
    }
    checks.push((value, path, mode) => {
      const n = lengthOf(kind, value);
      if (typeof n === 'string') return violation(mode, path, 'length', value, n);
      const unit = kind === 'list' ? 'items' : kind === 'string' ? 'characters' : 'octets';
      if (length !== undefined && n !== length) violation(mode, path, 'length', value, `${n} ${unit}, must be exactly ${length}`);
      if (minLength !== undefined && n < minLength) violation(mode, path, 'minLength', value, `${n} ${unit}, must be at least ${minLength}`);
      if (maxLength !== undefined && n > maxLength) violation(mode, path, 'maxLength', value, `${n} ${unit}, must be at most ${maxLength}`);
    });
  }

  if (facets.patterns && facets.patterns.length > 0) {
    if (kind === 'binary') throw new TypeError("pattern facets need the lexical form: use kind 'hexBinary' or 'base64Binary'");
    const steps = facets.patterns.map((p) => (p instanceof RegExp ? [p] : p));
    for (const step of steps) {
      for (const re of step) {
        if (re.global || re.sticky) throw new TypeError(`pattern ${re} must not have the g or y flag`);
      }
    }
    checks.push((value, path, mode) => {
      const lexical = lexicalOf(kind, value);
      if (lexical === undefined) return violation(mode, path, 'pattern', value, 'patterns need the lexical form');
      for (const step of steps) {
        if (!step.some((re) => re.test(lexical))) {
          violation(mode, path, 'pattern', lexical, `does not match ${step.map((re) => re.source).join(' or ')}`);
        }
      }
    });
  }

  const bounds = BOUNDS.filter((b) => facets[b] !== undefined);
  if (bounds.length > 0) {
    const ordering = ORDERINGS[kind];
    if (!ordering) throw new TypeError(`bound facets do not apply to ${kind} values`);
    const limits = bounds.map((facet) => {
      const lexical = facets[facet]!;
      const key = ordering.key(lexical);
      if (typeof key === 'string') throw new TypeError(`${facet} ${JSON.stringify(lexical)}: ${key}`);
      return { facet, lexical, key };
    });
    checks.push((value, path, mode) => {
      const key = ordering.key(value);
      if (typeof key === 'string') return violation(mode, path, limits[0]!.facet, value, key);
      for (const { facet, lexical, key: limit } of limits) {
        const c = ordering.compare(key, limit);
        if (!boundHolds(facet, c)) {
          violation(mode, path, facet, value, c !== c ? `not comparable with ${lexical}` : `must be ${BOUND_WORDS[facet]} ${lexical}`);
        }
      }
    });
  }

  const { totalDigits, fractionDigits } = facets;
  if (totalDigits !== undefined || fractionDigits !== undefined) {
    if (kind !== 'decimal') throw new TypeError(`digit facets do not apply to ${kind} values`);
    checks.push((value, path, mode) => {
      const s = decimalKey(value);
      if (!isDecimalLexical(s)) return violation(mode, path, totalDigits !== undefined ? 'totalDigits' : 'fractionDigits', value, 'not a decimal');
      const { int, frac } = decimalParts(s);
      if (totalDigits !== undefined && int.length + frac.length > totalDigits) {
        violation(mode, path, 'totalDigits', value, `${int.length + frac.length} digits, at most ${totalDigits} allowed`);
      }
      if (fractionDigits !== undefined && frac.length > fractionDigits) {
        violation(mode, path, 'fractionDigits', value, `${frac.length} fraction digits, at most ${fractionDigits} allowed`);
      }
    });
  }

  if (checks.length === 0) return () => {};
  if (checks.length === 1) return checks[0]!;
  return (value, path, mode) => {
    for (const check of checks) check(value, path, mode);
  };
}

const compiled = new WeakMap<FacetSpec, Partial<Record<FacetKind, FacetChecker>>>();

/**
 * Checks `value` against `facets`, throwing DecodeError (mode 'decode') or EncodeError (mode 'encode') that names
 * the facet, the value and the path. The compiled form is cached per facets object: pass module-level constants.
 */
export function checkFacets(value: FacetValue, facets: FacetSpec, kind: FacetKind, path: string, mode: FacetMode): void {
  let byKind = compiled.get(facets);
  if (!byKind) compiled.set(facets, (byKind = {}));
  const check = (byKind[kind] ??= compileFacets(facets, kind));
  check(value, path, mode);
}
