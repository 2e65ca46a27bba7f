/**
 * Constraining facets (XSD 1.0 Part 2, section 4.3) checked at run time by generated serializers.
 *
 * Generated code declares each restricted type's facets once, as a module-level constant, and either keeps the
 * checker from `compileFacets(FACETS, kind)` or calls `checkFacets(value, FACETS, kind, path, mode)` (compiled
 * checkers are cached per facets object, so a facets literal written inline at the call site would be recompiled on
 * every call). Enumerations are not handled here (the generated code knows them).
 *
 * `value` is best given as the lexical form after white-space processing (the collapsed text when decoding, the
 * formatted text when encoding): patterns are defined on it. The parsed value is accepted too:
 * - 'string':  string (lengths count code points, not UTF-16 units); booleans/numbers are checked in their
 *              canonical lexical form; a QName `{ ns, local }` is not checked (its lexical form depends on prefixes,
 *              and XSD 1.0 deprecates length facets on QName/NOTATION).
 * - 'decimal': lexical form, number or bigint; bounds and digit counts are compared exactly on decimal strings.
 * - 'float':   lexical form or number; NaN satisfies no bound (it is incomparable).
 * - 'date':    lexical form of any date/time type (dateTime, date, time, gYearMonth, gYear, gMonthDay, gDay, gMonth,
 *              told apart by their shape) or a Date; compared as UTC instants, a value without timezone as UTC.
 * - 'duration': lexical form; XSD's partial order (incomparable values, such as P1M vs P30D, fail a bound).
 * - 'hexBinary' / 'base64Binary': lexical form or Uint8Array; lengths count octets.
 * - 'binary':  Uint8Array (octets); without the encoding known, a pattern passes if it matches the canonical hex
 *              or base64 form: prefer the two kinds above when patterns are present.
 * - 'list':    lexical form (space-separated) or array of items; lengths count items.
 *
 * Facets that do not apply to the kind and bounds that are not valid lexical forms of it are schema errors: they
 * are reported through `compileFacets`'s `onProblem` (the generator's diagnostics) and otherwise ignored, so that
 * loading generated code never fails because of a sloppy schema.
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
  formatBase64Binary,
  formatDateTime,
  formatDouble,
  formatHexBinary,
  isDecimalLexical,
  numberToDecimalString,
  parseDouble,
  type DateTimeType,
  type DurationFields,
} from './lexical';

export type FacetKind =
  'string' | 'decimal' | 'float' | 'date' | 'duration' | 'hexBinary' | 'base64Binary' | 'binary' | 'list';

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

export type FacetValue =
  | string
  | number
  | bigint
  | boolean
  | Date
  | Uint8Array
  | readonly unknown[]
  | { readonly ns: string; readonly local: string };

export type FacetChecker = (value: FacetValue, path: string, mode: FacetMode) => void;

type BoundName = 'minInclusive' | 'maxInclusive' | 'minExclusive' | 'maxExclusive';
const BOUNDS: readonly BoundName[] = ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'];

/** Whether compare(value, bound) satisfies the bound facet (NaN, incomparable, never does). */
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

/** Number of code points (a surrogate pair counts once). */
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

function isQNameValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'local' in value && 'ns' in value;
}

/** The (canonical) lexical form of a value, or undefined when there is none to be had. */
function lexicalOf(kind: FacetKind, value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      if (kind === 'decimal') return Number.isFinite(value) ? numberToDecimalString(value) : undefined;
      return formatDouble(value, '');
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : formatDateTime(value, '');
      if (value instanceof Uint8Array) {
        if (kind === 'hexBinary') return formatHexBinary(value, '');
        if (kind === 'base64Binary') return formatBase64Binary(value, '');
        return undefined;
      }
      if (Array.isArray(value)) {
        let out = '';
        for (let i = 0; i < value.length; i++) {
          const item = lexicalOf('string', value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : ' ' + item;
        }
        return out;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A comparable form of values of one kind, plus the comparison (NaN = incomparable). */
interface Ordering<K> {
  /** The key, or a string saying why the value has none (so K must not be a string). */
  key(value: unknown): K | string;
  compare(a: K, b: K): number;
}

interface Instant {
  readonly seconds: number;
  readonly frac: string;
}

const DATE_TYPES: readonly DateTimeType[] = [
  'dateTime',
  'date',
  'time',
  'gYearMonth',
  'gYear',
  'gMonthDay',
  'gDay',
  'gMonth',
];

const DATE_ORDERING: Ordering<Instant> = {
  key(value) {
    if (value instanceof Date) {
      const ms = value.getTime();
      if (Number.isNaN(ms)) return 'invalid Date';
      const seconds = Math.floor(ms / 1000);
      return { seconds, frac: String(ms - seconds * 1000).padStart(3, '0') };
    }
    if (typeof value !== 'string') return 'not a date/time value';
    let reason = 'not a date/time value';
    for (const type of DATE_TYPES) {
      const f = dateTimeFields(type, value);
      if (typeof f !== 'string') return dateTimeInstant(f);
      if (!f.startsWith('not an ')) reason = f;
    }
    return reason;
  },
  compare: compareInstants,
};

function decimalString(value: unknown): string | undefined {
  if (typeof value === 'string') return isDecimalLexical(value) ? value : undefined;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isFinite(value)) return numberToDecimalString(value);
  return undefined;
}

const DECIMAL_ORDERING: Ordering<{ readonly d: string }> = {
  key(value) {
    const d = decimalString(value);
    return d === undefined ? 'not a decimal' : { d };
  },
  compare: (a, b) => compareDecimal(a.d, b.d),
};

const FLOAT_ORDERING: Ordering<number> = {
  key(value) {
    if (typeof value === 'number') return value;
    if (typeof value !== 'string') return 'not a number';
    try {
      return parseDouble(value, '');
    } catch {
      return 'not a float/double lexical form';
    }
  },
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN),
};

const DURATION_ORDERING: Ordering<DurationFields> = {
  key: (value) => (typeof value === 'string' && durationFields(value)) || 'not a duration',
  compare: compareDuration,
};

const ORDERINGS: Partial<Record<FacetKind, Ordering<unknown>>> = {
  decimal: DECIMAL_ORDERING as Ordering<unknown>,
  float: FLOAT_ORDERING as Ordering<unknown>,
  date: DATE_ORDERING as Ordering<unknown>,
  duration: DURATION_ORDERING as Ordering<unknown>,
};

const LENGTH_KINDS: readonly FacetKind[] = ['string', 'list', 'hexBinary', 'base64Binary', 'binary'];

/** The facet's notion of length for the value; undefined = not checked (QName); a string = why it has none. */
function lengthOf(kind: FacetKind, value: unknown): number | string | undefined {
  if (value instanceof Uint8Array && kind !== 'string' && kind !== 'list') return value.length;
  switch (kind) {
    case 'string': {
      if (isQNameValue(value)) return undefined;
      const s = lexicalOf(kind, value);
      return s === undefined ? 'not a string' : codePointLength(s);
    }
    case 'list':
      if (Array.isArray(value)) return value.length;
      return typeof value === 'string' ? (value === '' ? 0 : value.split(' ').length) : 'not a list';
    case 'hexBinary':
      return typeof value === 'string' ? value.length >> 1 : 'not hexBinary';
    case 'base64Binary':
      return typeof value === 'string' ? base64Length(value) : 'not base64Binary';
    default:
      return "not a Uint8Array (for lexical forms use kind 'hexBinary' or 'base64Binary')";
  }
}

/**
 * Compiles a facet set for one kind. Facets that do not apply to the kind, bounds that are not valid lexical forms
 * of it and g/y-flagged patterns are schema or generator errors: each is passed to `onProblem` and left out.
 */
export function compileFacets(
  facets: FacetSpec,
  kind: FacetKind,
  onProblem: (message: string) => void = () => {},
): FacetChecker {
  const checks: FacetChecker[] = [];
  const { length, minLength, maxLength } = facets;

  if (length !== undefined || minLength !== undefined || maxLength !== undefined) {
    if (!LENGTH_KINDS.includes(kind)) {
      onProblem(`length facets do not apply to ${kind} values: not enforced`);
    } else {
      const unit = kind === 'list' ? 'items' : kind === 'string' ? 'characters' : 'octets';
      checks.push((value, path, mode) => {
        const n = lengthOf(kind, value);
        if (n === undefined) return;
        if (typeof n === 'string') return violation(mode, path, 'length', value, n);
        if (length !== undefined && n !== length) {
          violation(mode, path, 'length', value, `${n} ${unit}, must be exactly ${length}`);
        }
        if (minLength !== undefined && n < minLength) {
          violation(mode, path, 'minLength', value, `${n} ${unit}, must be at least ${minLength}`);
        }
        if (maxLength !== undefined && n > maxLength) {
          violation(mode, path, 'maxLength', value, `${n} ${unit}, must be at most ${maxLength}`);
        }
      });
    }
  }

  if (facets.patterns && facets.patterns.length > 0) {
    const steps = facets.patterns.map((p) =>
      (p instanceof RegExp ? [p] : p).map((re) => {
        if (!re.global && !re.sticky) return re;
        onProblem(`pattern /${re.source}/${re.flags}: the g and y flags are dropped`);
        return new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
      }),
    );
    checks.push((value, path, mode) => {
      let candidates: string[];
      const lexical = lexicalOf(kind, value);
      if (lexical !== undefined) candidates = [lexical];
      else if (value instanceof Uint8Array) candidates = [formatHexBinary(value, ''), formatBase64Binary(value, '')];
      else if (isQNameValue(value)) return;
      else return violation(mode, path, 'pattern', value, 'no lexical form to match');
      for (const step of steps) {
        if (!step.some((re) => candidates.some((c) => re.test(c)))) {
          violation(mode, path, 'pattern', candidates[0], `does not match ${step.map((re) => re.source).join(' or ')}`);
        }
      }
    });
  }

  const ordering = ORDERINGS[kind];
  const limits: { facet: BoundName; lexical: string; key: unknown }[] = [];
  for (const facet of BOUNDS) {
    const lexical = facets[facet];
    if (lexical === undefined) continue;
    if (!ordering) {
      onProblem(`${facet} does not apply to ${kind} values: not enforced`);
      continue;
    }
    const key = ordering.key(lexical);
    if (typeof key === 'string') onProblem(`${facet} ${JSON.stringify(lexical)} is ${key}: not enforced`);
    else limits.push({ facet, lexical, key });
  }
  if (ordering && limits.length > 0) {
    checks.push((value, path, mode) => {
      const key = ordering.key(value);
      if (typeof key === 'string') return violation(mode, path, limits[0]!.facet, value, key);
      for (const { facet, lexical, key: limit } of limits) {
        const c = ordering.compare(key, limit);
        if (!boundHolds(facet, c)) {
          const detail = c !== c ? `not comparable with ${lexical}` : `must be ${BOUND_WORDS[facet]} ${lexical}`;
          violation(mode, path, facet, value, detail);
        }
      }
    });
  }

  const { totalDigits, fractionDigits } = facets;
  if (totalDigits !== undefined || fractionDigits !== undefined) {
    if (kind !== 'decimal') {
      onProblem(`totalDigits/fractionDigits do not apply to ${kind} values: not enforced`);
    } else {
      const facet = totalDigits !== undefined ? 'totalDigits' : 'fractionDigits';
      checks.push((value, path, mode) => {
        const s = decimalString(value);
        if (s === undefined) return violation(mode, path, facet, value, 'not a decimal');
        const { int, frac } = decimalParts(s);
        const digits = int.length + frac.length;
        if (totalDigits !== undefined && digits > totalDigits) {
          violation(mode, path, 'totalDigits', value, `${digits} digits, at most ${totalDigits} allowed`);
        }
        if (fractionDigits !== undefined && frac.length > fractionDigits) {
          violation(
            mode,
            path,
            'fractionDigits',
            value,
            `${frac.length} fraction digits, at most ${fractionDigits} allowed`,
          );
        }
      });
    }
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
 * the facet, the value and the path. The compiled checker is cached per facets object: pass module-level constants.
 */
export function checkFacets(
  value: FacetValue,
  facets: FacetSpec,
  kind: FacetKind,
  path: string,
  mode: FacetMode,
): void {
  let byKind = compiled.get(facets);
  if (!byKind) compiled.set(facets, (byKind = {}));
  const check = (byKind[kind] ??= compileFacets(facets, kind));
  check(value, path, mode);
}
