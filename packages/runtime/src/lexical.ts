/**
 * Lexical codecs for every XSD 1.0 built-in datatype: XML text ⇄ typed values.
 *
 * Generated serializers call these. Conventions:
 * - `parseX(text, path)` takes the raw character data (white space is processed here, per the type's `whiteSpace`
 *   facet) and throws `DecodeError` (type, offending value JSON-quoted and cut at 64 characters, path).
 * - `formatX(value, path)` checks the value (type, range, lexical form) and throws `EncodeError` otherwise. It never
 *   repairs a value: a string with a leading space is not a valid `xs:token`, `NaN` is not an `xs:int`.
 * - Lossless defaults: integers beyond ±2^53 (`long`, `integer`, `unsignedLong`…) and `decimal` stay strings (the
 *   lexical form after white-space collapsing); the `…Big` variants give `bigint`. Date/time types stay strings too
 *   (the lexical form as received); `dateTimeToDate`/`dateToDate` convert on request.
 * - Every regular expression is compiled once, at module load.
 * Self-contained: imports nothing outside packages/runtime/src.
 */
import { DecodeError, EncodeError } from './errors';

/** Every XSD 1.0 built-in datatype, plus anyType and anySimpleType (the model's `BuiltinName` is this type). */
export type XsdBuiltinName =
  | 'anyType'
  | 'anySimpleType'
  | 'string'
  | 'normalizedString'
  | 'token'
  | 'language'
  | 'Name'
  | 'NCName'
  | 'ID'
  | 'IDREF'
  | 'IDREFS'
  | 'ENTITY'
  | 'ENTITIES'
  | 'NMTOKEN'
  | 'NMTOKENS'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'nonPositiveInteger'
  | 'negativeInteger'
  | 'long'
  | 'int'
  | 'short'
  | 'byte'
  | 'nonNegativeInteger'
  | 'unsignedLong'
  | 'unsignedInt'
  | 'unsignedShort'
  | 'unsignedByte'
  | 'positiveInteger'
  | 'float'
  | 'double'
  | 'duration'
  | 'dateTime'
  | 'time'
  | 'date'
  | 'gYearMonth'
  | 'gYear'
  | 'gMonthDay'
  | 'gDay'
  | 'gMonth'
  | 'hexBinary'
  | 'base64Binary'
  | 'anyURI'
  | 'QName'
  | 'NOTATION';

/** A resolved QName value. `ns` is `''` for no namespace. */
export interface XsdQName {
  readonly ns: string;
  readonly local: string;
}

/** In-scope namespace lookup while decoding: `''` asks for the default namespace; undefined = not declared. */
export type PrefixResolver = (prefix: string) => string | undefined;
/** Namespace → prefix to write while encoding (`''` = the default namespace); declaring it is the caller's job. */
export type PrefixProvider = (ns: string) => string;

// ---------------------------------------------------------------------------------------------------------------
// Errors

const MAX_SHOWN = 64;

/** A value for an error message: strings JSON-quoted and cut at 64 characters. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_SHOWN ? `${JSON.stringify(value.slice(0, MAX_SHOWN))}…` : JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'object':
      if (value === null) return 'null';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
      if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
      if (Array.isArray(value)) return `array(${value.length})`;
      return 'object';
    default:
      return typeof value;
  }
}

function decodeFail(type: string, text: string, path: string, reason?: string): never {
  throw new DecodeError(`invalid xs:${type} value ${describeValue(text)}${reason ? `: ${reason}` : ''}`, path);
}

function encodeFail(type: string, value: unknown, path: string, reason?: string): never {
  throw new EncodeError(`cannot encode ${describeValue(value)} as xs:${type}${reason ? `: ${reason}` : ''}`, path);
}

function expectString(type: string, value: unknown, path: string): string {
  if (typeof value !== 'string') encodeFail(type, value, path, 'expected a string');
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// White space

const WS_NOT_COLLAPSED = /[\t\n\r]|^ | $| {2}/;
const WS_RUNS = /[\t\n\r ]+/g;
const WS_CONTROL = /[\t\n\r]/g;
const WS_ANY = /[\t\n\r ]/;
const WS_ALL = /[\t\n\r ]+/g;

/** `whiteSpace="collapse"`: runs of tab/CR/LF/space become one space, leading and trailing ones go. */
export function collapseWhitespace(text: string): string {
  // Fast path: most values (numbers, codes, dates) hold no character at or below the space.
  const n = text.length;
  let i = 0;
  while (i < n && text.charCodeAt(i) > 0x20) i++;
  if (i === n) return text;
  if (!WS_NOT_COLLAPSED.test(text)) return text;
  const s = text.replace(WS_RUNS, ' ');
  const start = s.charCodeAt(0) === 0x20 ? 1 : 0;
  const end = s.length > start && s.charCodeAt(s.length - 1) === 0x20 ? s.length - 1 : s.length;
  return s.slice(start, end);
}

/** `whiteSpace="replace"`: each tab/CR/LF becomes a space. */
export function replaceWhitespace(text: string): string {
  return text.replace(WS_CONTROL, ' ');
}

/** Characters XML 1.0 cannot carry at all (not even as character references). */
const ILLEGAL_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkXmlChars(type: string, value: string, path: string): void {
  const m = ILLEGAL_XML_CHAR.exec(value);
  if (m) {
    const cp = m[0].codePointAt(0)!;
    encodeFail(type, value, path, `U+${cp.toString(16).toUpperCase().padStart(4, '0')} cannot appear in XML`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Strings and names

/** XML 1.0 (fifth edition) NameStartChar without ':', as RegExp class text for the `u` flag. */
export const NCNAME_START_CLASS =
  'A-Z_a-z\\u{C0}-\\u{D6}\\u{D8}-\\u{F6}\\u{F8}-\\u{2FF}\\u{370}-\\u{37D}\\u{37F}-\\u{1FFF}\\u{200C}-\\u{200D}' +
  '\\u{2070}-\\u{218F}\\u{2C00}-\\u{2FEF}\\u{3001}-\\u{D7FF}\\u{F900}-\\u{FDCF}\\u{FDF0}-\\u{FFFD}\\u{10000}-\\u{EFFFF}';
/** XML 1.0 (fifth edition) NameChar without ':'. */
export const NCNAME_CHAR_CLASS = NCNAME_START_CLASS + '\\-.0-9\\u{B7}\\u{300}-\\u{36F}\\u{203F}-\\u{2040}';

const NCNAME = `[${NCNAME_START_CLASS}][${NCNAME_CHAR_CLASS}]*`;
const NCNAME_RE = new RegExp(`^${NCNAME}$`, 'u');
const NAME_RE = new RegExp(`^[:${NCNAME_START_CLASS}][:${NCNAME_CHAR_CLASS}]*$`, 'u');
const NMTOKEN_RE = new RegExp(`^[:${NCNAME_CHAR_CLASS}]+$`, 'u');
const QNAME_RE = new RegExp(`^(?:(${NCNAME}):)?(${NCNAME})$`, 'u');
const LANGUAGE_RE = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/;

export function isNCName(s: string): boolean {
  return NCNAME_RE.test(s);
}

export function parseString(text: string, _path: string): string {
  return text;
}
export function formatString(value: string, path: string): string {
  checkXmlChars('string', expectString('string', value, path), path);
  return value;
}

export const parseAnySimpleType = parseString;
export function formatAnySimpleType(value: string, path: string): string {
  checkXmlChars('anySimpleType', expectString('anySimpleType', value, path), path);
  return value;
}

export function parseNormalizedString(text: string, _path: string): string {
  return replaceWhitespace(text);
}
export function formatNormalizedString(value: string, path: string): string {
  checkXmlChars('normalizedString', expectString('normalizedString', value, path), path);
  if (value.search(WS_CONTROL) >= 0) encodeFail('normalizedString', value, path, 'contains a tab, CR or LF');
  return value;
}

export function parseToken(text: string, _path: string): string {
  return collapseWhitespace(text);
}
export function formatToken(value: string, path: string): string {
  return checkCollapsed('token', value, path);
}

function checkCollapsed(type: string, value: unknown, path: string): string {
  const s = expectString(type, value, path);
  checkXmlChars(type, s, path);
  if (WS_NOT_COLLAPSED.test(s)) encodeFail(type, s, path, 'white space is not collapsed');
  return s;
}

function nameCodec(type: string, re: RegExp, what: string) {
  return {
    re,
    what,
    parse(text: string, path: string): string {
      const s = collapseWhitespace(text);
      if (!re.test(s)) decodeFail(type, s, path, `not ${what}`);
      return s;
    },
    format(value: string, path: string): string {
      const s = expectString(type, value, path);
      if (!re.test(s)) encodeFail(type, s, path, `not ${what}`);
      return s;
    },
  };
}

const languageCodec = nameCodec('language', LANGUAGE_RE, 'a language tag');
const nameNameCodec = nameCodec('Name', NAME_RE, 'an XML Name');
const ncnameCodec = nameCodec('NCName', NCNAME_RE, 'an XML NCName');
const idCodec = nameCodec('ID', NCNAME_RE, 'an XML NCName');
const idrefCodec = nameCodec('IDREF', NCNAME_RE, 'an XML NCName');
const entityCodec = nameCodec('ENTITY', NCNAME_RE, 'an XML NCName');
const nmtokenCodec = nameCodec('NMTOKEN', NMTOKEN_RE, 'an XML NMTOKEN');

export const parseLanguage = languageCodec.parse;
export const formatLanguage = languageCodec.format;
export const parseName = nameNameCodec.parse;
export const formatName = nameNameCodec.format;
export const parseNCName = ncnameCodec.parse;
export const formatNCName = ncnameCodec.format;
export const parseID = idCodec.parse;
export const formatID = idCodec.format;
export const parseIDREF = idrefCodec.parse;
export const formatIDREF = idrefCodec.format;
export const parseENTITY = entityCodec.parse;
export const formatENTITY = entityCodec.format;
export const parseNMTOKEN = nmtokenCodec.parse;
export const formatNMTOKEN = nmtokenCodec.format;

/** A list type: the collapsed text split on spaces, each item decoded with `item`. Empty text → `[]`. */
export function parseList<T>(text: string, path: string, item: (text: string, path: string) => T): T[] {
  const s = collapseWhitespace(text);
  if (s === '') return [];
  return s.split(' ').map((t) => item(t, path));
}

/** A list type: each item encoded with `item`, joined with single spaces. */
export function formatList<T>(values: readonly T[], path: string, item: (value: T, path: string) => string): string {
  if (!Array.isArray(values))
    throw new EncodeError(`cannot encode ${describeValue(values)} as a list: expected an array`, path);
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const s = item(values[i] as T, path);
    if (s === '' || WS_ANY.test(s)) {
      throw new EncodeError(
        `cannot encode list item ${describeValue(s)}: list items cannot be empty or contain white space`,
        path,
      );
    }
    out += i === 0 ? s : ' ' + s;
  }
  return out;
}

function builtinList(type: string, item: { readonly re: RegExp; readonly what: string }) {
  return {
    parse(text: string, path: string): string[] {
      const s = collapseWhitespace(text);
      if (s === '') return decodeFail(type, s, path, 'a list of at least one item is required');
      const items = s.split(' ');
      for (const t of items)
        if (!item.re.test(t)) decodeFail(type, s, path, `item ${describeValue(t)} is not ${item.what}`);
      return items;
    },
    format(values: readonly string[], path: string): string {
      if (!Array.isArray(values)) return encodeFail(type, values, path, 'expected an array');
      if (values.length === 0) encodeFail(type, values, path, 'a list of at least one item is required');
      for (const t of values)
        if (typeof t !== 'string' || !item.re.test(t)) encodeFail(type, t, path, `item is not ${item.what}`);
      return values.join(' ');
    },
  };
}

const idrefsCodec = builtinList('IDREFS', idrefCodec);
const entitiesCodec = builtinList('ENTITIES', entityCodec);
const nmtokensCodec = builtinList('NMTOKENS', nmtokenCodec);
export const parseIDREFS = idrefsCodec.parse;
export const formatIDREFS = idrefsCodec.format;
export const parseENTITIES = entitiesCodec.parse;
export const formatENTITIES = entitiesCodec.format;
export const parseNMTOKENS = nmtokensCodec.parse;
export const formatNMTOKENS = nmtokensCodec.format;

/**
 * xs:anyURI is deliberately lenient (XSD 1.0 accepts nearly any string, IRIs and relative references included):
 * only characters that cannot be part of a URI reference even after escaping are rejected (C0 controls, DEL).
 */
const URI_FORBIDDEN = /[\u0000-\u001F\u007F]/;
export function parseAnyURI(text: string, path: string): string {
  const s = collapseWhitespace(text);
  if (URI_FORBIDDEN.test(s)) decodeFail('anyURI', s, path, 'contains a control character');
  return s;
}
export function formatAnyURI(value: string, path: string): string {
  const s = checkCollapsed('anyURI', value, path);
  if (URI_FORBIDDEN.test(s)) encodeFail('anyURI', s, path, 'contains a control character');
  return s;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function qnameCodec(type: 'QName' | 'NOTATION') {
  return {
    /** `resolve('')` gives the default namespace (undefined = none); an undeclared prefix is an error. */
    parse(text: string, path: string, resolve?: PrefixResolver): XsdQName {
      const s = collapseWhitespace(text);
      const m = QNAME_RE.exec(s);
      if (!m) return decodeFail(type, s, path, 'not a QName');
      const prefix = m[1];
      const local = m[2]!;
      if (prefix === undefined) return { ns: resolve?.('') ?? '', local };
      const ns = resolve?.(prefix) ?? (prefix === 'xml' ? XML_NS : undefined);
      if (ns === undefined || ns === '') return decodeFail(type, s, path, `prefix '${prefix}' is not declared`);
      return { ns, local };
    },
    /**
     * `prefixFor(ns)` gives the prefix to write (`''` = default namespace). A value with `ns === ''` is written
     * unprefixed: the serializer must not have a default namespace in scope there.
     */
    format(value: XsdQName, path: string, prefixFor?: PrefixProvider): string {
      if (
        typeof value !== 'object' ||
        value === null ||
        typeof value.ns !== 'string' ||
        typeof value.local !== 'string'
      ) {
        return encodeFail(type, value, path, 'expected { ns, local }');
      }
      if (!NCNAME_RE.test(value.local)) encodeFail(type, value.local, path, 'local part is not an NCName');
      if (value.ns === '') return value.local;
      if (!prefixFor) return encodeFail(type, value.local, path, `no prefix provider for namespace '${value.ns}'`);
      const prefix = prefixFor(value.ns);
      if (prefix === '') return value.local;
      if (typeof prefix !== 'string' || !NCNAME_RE.test(prefix))
        return encodeFail(type, prefix, path, 'prefix is not an NCName');
      return `${prefix}:${value.local}`;
    },
  };
}

const qnameC = qnameCodec('QName');
const notationC = qnameCodec('NOTATION');
export const parseQName = qnameC.parse;
export const formatQName = qnameC.format;
export const parseNOTATION = notationC.parse;
export const formatNOTATION = notationC.format;

// ---------------------------------------------------------------------------------------------------------------
// boolean

export function parseBoolean(text: string, path: string): boolean {
  const s = collapseWhitespace(text);
  switch (s) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return decodeFail('boolean', s, path);
  }
}
export function formatBoolean(value: boolean, path: string): string {
  if (typeof value !== 'boolean') encodeFail('boolean', value, path, 'expected a boolean');
  return value ? 'true' : 'false';
}

// ---------------------------------------------------------------------------------------------------------------
// Integers and decimal

const INTEGER_RE = /^[+-]?[0-9]+$/;
const DECIMAL_RE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const LEADING_ZEROS = /^0+(?=[0-9])/;

/** Magnitude comparison of two digit strings without leading zeros. */
function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface IntegerRule {
  /** Largest magnitude allowed for negative values; null = no negatives; undefined = unbounded. */
  readonly neg: string | null | undefined;
  /** Largest positive value; null = no positives; undefined = unbounded. */
  readonly pos: string | null | undefined;
  readonly zero: boolean;
  readonly range: string;
}

const INTEGER_RULES = {
  integer: { neg: undefined, pos: undefined, zero: true, range: '' },
  nonPositiveInteger: {
    neg: undefined,
    pos: null,
    zero: true,
    range: 'must be ≤ 0',
  },
  negativeInteger: {
    neg: undefined,
    pos: null,
    zero: false,
    range: 'must be < 0',
  },
  nonNegativeInteger: {
    neg: null,
    pos: undefined,
    zero: true,
    range: 'must be ≥ 0',
  },
  positiveInteger: {
    neg: null,
    pos: undefined,
    zero: false,
    range: 'must be > 0',
  },
  long: {
    neg: '9223372036854775808',
    pos: '9223372036854775807',
    zero: true,
    range: 'out of range [-9223372036854775808, 9223372036854775807]',
  },
  unsignedLong: {
    neg: null,
    pos: '18446744073709551615',
    zero: true,
    range: 'out of range [0, 18446744073709551615]',
  },
} as const satisfies Record<string, IntegerRule>;

export type BigIntegerType = keyof typeof INTEGER_RULES;

/** Why an integer lexical form violates the rule, or undefined when it is fine. */
function integerProblem(s: string, rule: IntegerRule): string | undefined {
  // Fast path for the usual form: 1 to 18 digits, no sign, no leading zero. Every limit has 19 digits or more, so
  // only the sign rules apply; anything else takes the general path below.
  const n = s.length;
  if (n > 0 && n < 19) {
    let k = 0;
    let c = s.charCodeAt(0);
    if (c > 0x30 && c <= 0x39) {
      while (++k < n) {
        c = s.charCodeAt(k);
        if (c < 0x30 || c > 0x39) break;
      }
      if (k === n && rule.pos !== undefined) {
        if (rule.pos === null) return rule.range;
        if (rule.pos.length > n) return undefined;
      } else if (k === n) return undefined;
    }
  }
  return integerProblemSlow(s, rule);
}

/** integerProblem for every lexical form. */
function integerProblemSlow(s: string, rule: IntegerRule): string | undefined {
  if (!INTEGER_RE.test(s)) return 'not an integer';
  const signed = s.charCodeAt(0) === 0x2d || s.charCodeAt(0) === 0x2b;
  const digits = (signed ? s.slice(1) : s).replace(LEADING_ZEROS, '');
  if (digits === '0') return rule.zero ? undefined : rule.range;
  const limit = s.charCodeAt(0) === 0x2d ? rule.neg : rule.pos;
  if (limit === null) return rule.range;
  if (limit !== undefined && compareDigits(digits, limit) > 0) return rule.range;
  return undefined;
}

function bigIntegerCodecs(type: BigIntegerType) {
  const rule: IntegerRule = INTEGER_RULES[type];
  const formatAny = (value: unknown, path: string): string => {
    let s: string;
    if (typeof value === 'string') s = value;
    else if (typeof value === 'bigint') s = value.toString();
    else if (typeof value === 'number' && Number.isSafeInteger(value)) s = String(value);
    else return encodeFail(type, value, path, 'expected an integer string, a bigint or a safe integer number');
    const problem = integerProblem(s, rule);
    if (problem) encodeFail(type, value, path, problem);
    return s;
  };
  return {
    parse(text: string, path: string): string {
      const s = collapseWhitespace(text);
      const problem = integerProblem(s, rule);
      if (problem) decodeFail(type, s, path, problem);
      return s;
    },
    /** Strings are written as given (once validated); bigints and safe integer numbers in canonical form. */
    format: formatAny as (value: string | bigint | number, path: string) => string,
    parseBig(text: string, path: string): bigint {
      const s = collapseWhitespace(text);
      const problem = integerProblem(s, rule);
      if (problem) decodeFail(type, s, path, problem);
      return BigInt(s);
    },
    formatBig(value: bigint, path: string): string {
      if (typeof value !== 'bigint') encodeFail(type, value, path, 'expected a bigint');
      return formatAny(value, path);
    },
  };
}

const integerC = bigIntegerCodecs('integer');
const nonPositiveIntegerC = bigIntegerCodecs('nonPositiveInteger');
const negativeIntegerC = bigIntegerCodecs('negativeInteger');
const nonNegativeIntegerC = bigIntegerCodecs('nonNegativeInteger');
const positiveIntegerC = bigIntegerCodecs('positiveInteger');
const longC = bigIntegerCodecs('long');
const unsignedLongC = bigIntegerCodecs('unsignedLong');

export const parseInteger = integerC.parse;
export const formatInteger = integerC.format;
export const parseIntegerBig = integerC.parseBig;
export const formatIntegerBig = integerC.formatBig;
export const parseNonPositiveInteger = nonPositiveIntegerC.parse;
export const formatNonPositiveInteger = nonPositiveIntegerC.format;
export const parseNonPositiveIntegerBig = nonPositiveIntegerC.parseBig;
export const formatNonPositiveIntegerBig = nonPositiveIntegerC.formatBig;
export const parseNegativeInteger = negativeIntegerC.parse;
export const formatNegativeInteger = negativeIntegerC.format;
export const parseNegativeIntegerBig = negativeIntegerC.parseBig;
export const formatNegativeIntegerBig = negativeIntegerC.formatBig;
export const parseNonNegativeInteger = nonNegativeIntegerC.parse;
export const formatNonNegativeInteger = nonNegativeIntegerC.format;
export const parseNonNegativeIntegerBig = nonNegativeIntegerC.parseBig;
export const formatNonNegativeIntegerBig = nonNegativeIntegerC.formatBig;
export const parsePositiveInteger = positiveIntegerC.parse;
export const formatPositiveInteger = positiveIntegerC.format;
export const parsePositiveIntegerBig = positiveIntegerC.parseBig;
export const formatPositiveIntegerBig = positiveIntegerC.formatBig;
export const parseLong = longC.parse;
export const formatLong = longC.format;
export const parseLongBig = longC.parseBig;
export const formatLongBig = longC.formatBig;
export const parseUnsignedLong = unsignedLongC.parse;
export const formatUnsignedLong = unsignedLongC.format;
export const parseUnsignedLongBig = unsignedLongC.parseBig;
export const formatUnsignedLongBig = unsignedLongC.formatBig;

/** The bigint representation of the unbounded/64-bit integer types. */
export const BIGINT_CODECS: Readonly<
  Record<
    BigIntegerType,
    {
      parse(text: string, path: string): bigint;
      format(value: bigint, path: string): string;
    }
  >
> = {
  integer: { parse: integerC.parseBig, format: integerC.formatBig },
  nonPositiveInteger: {
    parse: nonPositiveIntegerC.parseBig,
    format: nonPositiveIntegerC.formatBig,
  },
  negativeInteger: {
    parse: negativeIntegerC.parseBig,
    format: negativeIntegerC.formatBig,
  },
  nonNegativeInteger: {
    parse: nonNegativeIntegerC.parseBig,
    format: nonNegativeIntegerC.formatBig,
  },
  positiveInteger: {
    parse: positiveIntegerC.parseBig,
    format: positiveIntegerC.formatBig,
  },
  long: { parse: longC.parseBig, format: longC.formatBig },
  unsignedLong: {
    parse: unsignedLongC.parseBig,
    format: unsignedLongC.formatBig,
  },
};

function smallIntegerCodecs(type: string, min: number, max: number) {
  const range = `out of range [${min}, ${max}]`;
  return {
    /** Leading '+' and zeros are accepted; '-0' gives 0. */
    parse(text: string, path: string): number {
      const s = collapseWhitespace(text);
      if (!INTEGER_RE.test(s)) return decodeFail(type, s, path, 'not an integer');
      const n = Number(s);
      if (n < min || n > max) decodeFail(type, s, path, range);
      return n + 0; // -0 → 0
    },
    format(value: number, path: string): string {
      if (typeof value !== 'number') return encodeFail(type, value, path, 'expected a number');
      if (!Number.isInteger(value)) encodeFail(type, value, path, 'not an integer');
      if (value < min || value > max) encodeFail(type, value, path, range);
      return String(value); // canonical; String(-0) === '0'
    },
  };
}

const intC = smallIntegerCodecs('int', -2147483648, 2147483647);
const shortC = smallIntegerCodecs('short', -32768, 32767);
const byteC = smallIntegerCodecs('byte', -128, 127);
const unsignedIntC = smallIntegerCodecs('unsignedInt', 0, 4294967295);
const unsignedShortC = smallIntegerCodecs('unsignedShort', 0, 65535);
const unsignedByteC = smallIntegerCodecs('unsignedByte', 0, 255);
export const parseInt = intC.parse;
export const formatInt = intC.format;
export const parseShort = shortC.parse;
export const formatShort = shortC.format;
export const parseByte = byteC.parse;
export const formatByte = byteC.format;
export const parseUnsignedInt = unsignedIntC.parse;
export const formatUnsignedInt = unsignedIntC.format;
export const parseUnsignedShort = unsignedShortC.parse;
export const formatUnsignedShort = unsignedShortC.format;
export const parseUnsignedByte = unsignedByteC.parse;
export const formatUnsignedByte = unsignedByteC.format;

export function isDecimalLexical(s: string): boolean {
  return DECIMAL_RE.test(s);
}

/** xs:decimal stays a string: the collapsed lexical form, exactly as received. */
export function parseDecimal(text: string, path: string): string {
  const s = collapseWhitespace(text);
  if (!DECIMAL_RE.test(s)) decodeFail('decimal', s, path);
  return s;
}

/** Strings are written as given once validated; finite numbers and bigints in plain (non-exponent) notation. */
export function formatDecimal(value: string | number | bigint, path: string): string {
  if (typeof value === 'string') {
    if (!DECIMAL_RE.test(value)) encodeFail('decimal', value, path, 'not a decimal');
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) encodeFail('decimal', value, path, 'not a finite number');
    return numberToDecimalString(value);
  }
  return encodeFail('decimal', value, path, 'expected a decimal string, a number or a bigint');
}

/** The shortest round-trip digits of a finite number without exponent notation (`1e21` → `1000000000000000000000`). */
export function numberToDecimalString(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s; // String(-0) is '0'
  const neg = s.charCodeAt(0) === 0x2d;
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp; // position of the decimal point within digits
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return neg ? '-' + out : out;
}

/** A decimal lexical form split into canonical parts (no sign on zero, no leading/trailing zeros). */
export function decimalParts(s: string): {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
} {
  const c0 = s.charCodeAt(0);
  const body = c0 === 0x2d || c0 === 0x2b ? s.slice(1) : s;
  const dot = body.indexOf('.');
  let int = dot < 0 ? body : body.slice(0, dot);
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  let i = 0;
  while (i < int.length && int.charCodeAt(i) === 0x30) i++;
  int = int.slice(i);
  let j = frac.length;
  while (j > 0 && frac.charCodeAt(j - 1) === 0x30) j--;
  frac = frac.slice(0, j);
  return { negative: c0 === 0x2d && (int !== '' || frac !== ''), int, frac };
}

/** Exact comparison of two decimal (or integer) lexical forms: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const x = decimalParts(a);
  const y = decimalParts(b);
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  let c = compareDigits(x.int, y.int);
  if (c === 0) {
    const n = Math.max(x.frac.length, y.frac.length);
    const fx = x.frac.padEnd(n, '0');
    const fy = y.frac.padEnd(n, '0');
    c = fx < fy ? -1 : fx > fy ? 1 : 0;
  }
  return x.negative ? -c : c;
}

// ---------------------------------------------------------------------------------------------------------------
// float, double

const FLOAT_RE = /^(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|-?INF|NaN)$/;

/** Whether s is -?digits with at most one '.' and at least one digit: a subset of FLOAT_RE's forms, tested faster. */
function isPlainDecimal(s: string): boolean {
  const n = s.length;
  let i = n > 0 && s.charCodeAt(0) === 0x2d ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

function parseFloating(type: string, text: string, path: string): number {
  const s = collapseWhitespace(text);
  if (isPlainDecimal(s)) return Number(s);
  if (!FLOAT_RE.test(s)) return decodeFail(type, s, path, "not a number ('INF', '-INF' and 'NaN' are spelled so)");
  if (s === 'INF') return Infinity;
  if (s === '-INF') return -Infinity;
  return Number(s); // also 'NaN'
}

function formatFloating(type: string, value: number, path: string): string {
  if (typeof value !== 'number') return encodeFail(type, value, path, 'expected a number');
  if (value === Infinity) return 'INF';
  if (value === -Infinity) return '-INF';
  if (value !== value) return 'NaN';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return String(value); // shortest round-trip digits; JS exponent form (1e+21, 5e-324) is valid XSD
}

/** xs:double: `parseDouble(formatDouble(x)) === x` for every number, `-0` and `NaN` included. */
export function parseDouble(text: string, path: string): number {
  return parseFloating('double', text, path);
}
export function formatDouble(value: number, path: string): string {
  return formatFloating('double', value, path);
}

/**
 * xs:float keeps the nearest *double* of the text (so `0.1` stays `0.1` and writes back as `0.1`); text beyond the
 * float32 range becomes ±Infinity, as a float32 reader would. Writing a finite number beyond that range is an error.
 */
export function parseFloat(text: string, path: string): number {
  const n = parseFloating('float', text, path);
  return Number.isFinite(n) && !Number.isFinite(Math.fround(n)) ? (n > 0 ? Infinity : -Infinity) : n;
}
export function formatFloat(value: number, path: string): string {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isFinite(Math.fround(value))) {
    encodeFail('float', value, path, 'beyond the float32 range');
  }
  return formatFloating('float', value, path);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and times
//
// Kept as strings (validated, returned as received after collapsing). Years follow XSD 1.0: no year 0000, '-0001'
// is 1 BCE (astronomical year 0, a leap year), more than four digits allowed without leading zeros.

export type DateTimeType = 'dateTime' | 'date' | 'time' | 'gYearMonth' | 'gYear' | 'gMonthDay' | 'gDay' | 'gMonth';

const YEAR = '(?<y>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))';
const MONTH = '(?<mo>0[1-9]|1[0-2])';
const DAY = '(?<d>0[1-9]|[12][0-9]|3[01])';
const TIME = '(?<h>[01][0-9]|2[0-4]):(?<mi>[0-5][0-9]):(?<s>[0-5][0-9])(?:\\.(?<f>[0-9]+))?';
const TZ = '(?<tz>Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?';

const NONZERO_DIGIT = /[1-9]/;

const DATE_RES: Readonly<Record<DateTimeType, RegExp>> = {
  dateTime: new RegExp(`^${YEAR}-${MONTH}-${DAY}T${TIME}${TZ}$`),
  date: new RegExp(`^${YEAR}-${MONTH}-${DAY}${TZ}$`),
  time: new RegExp(`^${TIME}${TZ}$`),
  gYearMonth: new RegExp(`^${YEAR}-${MONTH}${TZ}$`),
  gYear: new RegExp(`^${YEAR}${TZ}$`),
  gMonthDay: new RegExp(`^--${MONTH}-${DAY}${TZ}$`),
  gDay: new RegExp(`^---${DAY}${TZ}$`),
  // '--MM--' is the form of the first edition of XSD 1.0 (an erratum fixed it); still sent by old toolkits.
  gMonth: new RegExp(`^--${MONTH}(?:--)?${TZ}$`),
};

/** Date/time fields; missing ones take a reference value (year 1972, a leap year; January; day 1; midnight). */
export interface DateTimeFields {
  /** Astronomical year: XSD '-0001' (1 BCE) is 0. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Fractional-second digits, as written (may be ''). */
  readonly frac: string;
  /** Offset from UTC in minutes; undefined when the value has no timezone. */
  readonly tz: number | undefined;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian (astronomical) date. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The fields of a date/time lexical form (no white space processing), or a reason string when it is invalid. */
export function dateTimeFields(type: DateTimeType, s: string): DateTimeFields | string {
  const m = DATE_RES[type].exec(s);
  if (!m) return `not an xs:${type}`;
  const g = m.groups!;
  let year = 1972;
  if (g.y !== undefined) {
    const y = Number(g.y);
    if (y === 0) return 'year 0000 does not exist in XSD 1.0';
    year = y < 0 ? y + 1 : y;
  }
  const month = g.mo !== undefined ? Number(g.mo) : 1;
  const day = g.d !== undefined ? Number(g.d) : 1;
  if (day > daysInMonth(year, month)) return 'day out of range for the month';
  const hour = g.h !== undefined ? Number(g.h) : 0;
  const minute = g.mi !== undefined ? Number(g.mi) : 0;
  const second = g.s !== undefined ? Number(g.s) : 0;
  const frac = g.f ?? '';
  if (hour === 24 && (minute !== 0 || second !== 0 || NONZERO_DIGIT.test(frac)))
    return 'hour 24 is only allowed as 24:00:00';
  let tz: number | undefined;
  if (g.tz !== undefined) {
    tz =
      g.tz === 'Z'
        ? 0
        : (g.tz.charCodeAt(0) === 0x2d ? -1 : 1) * (Number(g.tz.slice(1, 3)) * 60 + Number(g.tz.slice(4, 6)));
  }
  return { year, month, day, hour, minute, second, frac, tz };
}

/**
 * Seconds since 1970-01-01T00:00:00Z (whole part) and the fractional digits. A value without timezone is taken
 * as UTC (the same choice as `dateTimeToDate`).
 */
export function dateTimeInstant(f: DateTimeFields): {
  readonly seconds: number;
  readonly frac: string;
} {
  const days = daysFromCivil(f.year, f.month, f.day);
  const seconds = days * 86400 + f.hour * 3600 + f.minute * 60 + f.second - (f.tz ?? 0) * 60;
  return { seconds, frac: f.frac };
}

/** Order of two instants: -1, 0 or 1. */
export function compareInstants(
  a: { readonly seconds: number; readonly frac: string },
  b: { readonly seconds: number; readonly frac: string },
): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  const n = Math.max(a.frac.length, b.frac.length);
  const x = a.frac.padEnd(n, '0');
  const y = b.frac.padEnd(n, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

function dateTimeCodec(type: DateTimeType) {
  return {
    parse(text: string, path: string): string {
      const s = collapseWhitespace(text);
      const f = dateTimeFields(type, s);
      if (typeof f === 'string') decodeFail(type, s, path, f);
      return s;
    },
    format(value: string, path: string): string {
      const s = expectString(type, value, path);
      const f = dateTimeFields(type, s);
      if (typeof f === 'string') encodeFail(type, s, path, f);
      return s;
    },
  };
}

const dateTimeC = dateTimeCodec('dateTime');
const dateC = dateTimeCodec('date');
const timeC = dateTimeCodec('time');
const gYearMonthC = dateTimeCodec('gYearMonth');
const gYearC = dateTimeCodec('gYear');
const gMonthDayC = dateTimeCodec('gMonthDay');
const gDayC = dateTimeCodec('gDay');
const gMonthC = dateTimeCodec('gMonth');
export const parseDateTime = dateTimeC.parse;
export const parseDate = dateC.parse;
export const parseTime = timeC.parse;
export const formatTime = timeC.format;
export const parseGYearMonth = gYearMonthC.parse;
export const formatGYearMonth = gYearMonthC.format;
export const parseGYear = gYearC.parse;
export const formatGYear = gYearC.format;
export const parseGMonthDay = gMonthDayC.parse;
export const formatGMonthDay = gMonthDayC.format;
export const parseGDay = gDayC.parse;
export const formatGDay = gDayC.format;
export const parseGMonth = gMonthC.parse;
export const formatGMonth = gMonthC.format;

/** Date's limits: ±8.64e15 ms around the epoch. */
const MAX_DATE_MS = 8.64e15;

function toDate(type: 'dateTime' | 'date', text: string, path: string): Date {
  const s = collapseWhitespace(text);
  const f = dateTimeFields(type, s);
  if (typeof f === 'string') return decodeFail(type, s, path, f);
  const { seconds, frac } = dateTimeInstant(f);
  // Date holds milliseconds: further fractional digits are truncated (toward the past).
  const ms = seconds * 1000 + (frac === '' ? 0 : Number(frac.slice(0, 3).padEnd(3, '0')));
  if (!(Math.abs(ms) <= MAX_DATE_MS)) decodeFail(type, s, path, 'outside the range of a JavaScript Date');
  return new Date(ms);
}

/**
 * xs:dateTime → Date. A dateTime WITHOUT timezone ("2024-01-02T03:04:05") has no fixed instant in XSD; it is
 * taken as UTC here (never as the host's local time, so results do not depend on where the code runs).
 * Fractional seconds beyond milliseconds are truncated.
 */
export function dateTimeToDate(text: string, path: string): Date {
  return toDate('dateTime', text, path);
}

/** xs:date → Date at the start of that day: UTC midnight, or the given timezone's midnight when there is one. */
export function dateToDate(text: string, path: string): Date {
  return toDate('date', text, path);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The XSD year of a Date's UTC year (JS year 0 is XSD '-0001'). */
function xsdYear(d: Date): string {
  const y = d.getUTCFullYear();
  const x = y <= 0 ? y - 1 : y;
  return x < 0 ? '-' + pad(-x, 4) : pad(x, 4);
}

function validDate(type: string, value: Date, path: string): Date {
  if (Number.isNaN(value.getTime())) encodeFail(type, value, path, 'invalid Date');
  return value;
}

/**
 * xs:dateTime. A string is validated and written as is; a Date is written in UTC with milliseconds,
 * e.g. `2024-01-02T03:04:05.678Z`.
 */
export function formatDateTime(value: string | Date, path = ''): string {
  if (!(value instanceof Date)) return dateTimeC.format(value, path);
  const d = validDate('dateTime', value, path);
  const y = d.getUTCFullYear();
  if (y >= 1 && y <= 9999) return d.toISOString();
  return (
    `${xsdYear(d)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:` +
    `${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`
  );
}

/** xs:date. A string is validated and written as is; a Date is written as its UTC calendar date (`2024-01-02`). */
export function formatDate(value: string | Date, path = ''): string {
  if (!(value instanceof Date)) return dateC.format(value, path);
  const d = validDate('date', value, path);
  return `${xsdYear(d)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Names used by the emitter for the `Date` representation (option date: 'Date'). */
export const parseDateTimeAsDate = dateTimeToDate;
export const parseDateAsDate = dateToDate;
export function formatDateTimeFromDate(value: Date, path: string): string {
  if (!(value instanceof Date)) encodeFail('dateTime', value, path, 'expected a Date');
  return formatDateTime(value, path);
}
export function formatDateFromDate(value: Date, path: string): string {
  if (!(value instanceof Date)) encodeFail('date', value, path, 'expected a Date');
  return formatDate(value, path);
}

// ---------------------------------------------------------------------------------------------------------------
// duration

const DURATION_RE =
  /^(-)?P(?=[0-9]|T[0-9])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?(?:T(?=[0-9])(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)(?:\.([0-9]+))?S)?)?$/;

export interface DurationFields {
  readonly negative: boolean;
  readonly months: number;
  /** Days, hours, minutes and whole seconds, in seconds. */
  readonly seconds: number;
  readonly frac: string;
}

export function durationFields(s: string): DurationFields | undefined {
  const m = DURATION_RE.exec(s);
  if (!m) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  return {
    negative: m[1] !== undefined,
    months: n(2) * 12 + n(3),
    seconds: n(4) * 86400 + n(5) * 3600 + n(6) * 60 + n(7),
    frac: m[8] ?? '',
  };
}

/** The four reference dateTimes of XSD 1.0's duration order (appendix E / 3.2.6.2), as [year, month]. */
const DURATION_REFERENCES: readonly (readonly [number, number])[] = [
  [1696, 9],
  [1697, 2],
  [1903, 3],
  [1903, 7],
];

/**
 * XSD's partial order of durations: -1, 0 or 1 when adding both to each reference dateTime gives the same order,
 * NaN when they are incomparable (e.g. P1M and P30D). Exact (bigint arithmetic).
 */
export function compareDuration(a: DurationFields, b: DurationFields): number {
  const n = Math.max(a.frac.length, b.frac.length);
  const scale = 10n ** BigInt(n);
  const offset = (d: DurationFields): bigint =>
    (d.negative ? -1n : 1n) * (BigInt(d.seconds) * scale + (n === 0 ? 0n : BigInt(d.frac.padEnd(n, '0'))));
  const oa = offset(a);
  const ob = offset(b);
  let result: number | undefined;
  for (const [year, month] of DURATION_REFERENCES) {
    const at = (d: DurationFields, off: bigint): bigint => {
      const m = year * 12 + (month - 1) + (d.negative ? -d.months : d.months);
      const days = daysFromCivil(Math.floor(m / 12), (((m % 12) + 12) % 12) + 1, 1);
      return BigInt(days) * 86400n * scale + off;
    };
    const x = at(a, oa);
    const y = at(b, ob);
    const c = x < y ? -1 : x > y ? 1 : 0;
    if (result === undefined) result = c;
    else if (result !== c) return NaN;
  }
  return result!;
}

export function parseDuration(text: string, path: string): string {
  const s = collapseWhitespace(text);
  if (!DURATION_RE.test(s)) decodeFail('duration', s, path);
  return s;
}
export function formatDuration(value: string, path: string): string {
  const s = expectString('duration', value, path);
  if (!DURATION_RE.test(s)) encodeFail('duration', s, path, 'not an xs:duration');
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Binary

const B64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUES[B64_CHARS.charCodeAt(i)] = i;
const B64_CODES = Uint8Array.from(B64_CHARS, (c) => c.charCodeAt(0));

function b64(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < 128 ? B64_VALUES[c]! : -1;
}

/**
 * xs:base64Binary: white space anywhere is ignored (MIME line breaks); otherwise strict: only the base64
 * alphabet, length a multiple of 4, '=' padding only at the end, and zero bits before the padding.
 */
export function parseBase64Binary(text: string, path: string): Uint8Array {
  const s = WS_ANY.test(text) ? text.replace(WS_ALL, '') : text;
  const len = s.length;
  if (len % 4 !== 0) return decodeFail('base64Binary', text, path, 'length is not a multiple of 4');
  if (len === 0) return new Uint8Array(0);
  const padding = s.charCodeAt(len - 1) === 0x3d ? (s.charCodeAt(len - 2) === 0x3d ? 2 : 1) : 0;
  const out = new Uint8Array((len / 4) * 3 - padding);
  const full = padding === 0 ? len : len - 4;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = b64(s, i);
    const b = b64(s, i + 1);
    const c = b64(s, i + 2);
    const d = b64(s, i + 3);
    if ((a | b | c | d) < 0) return decodeFail('base64Binary', text, path, 'character outside the base64 alphabet');
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  if (padding !== 0) {
    const a = b64(s, full);
    const b = b64(s, full + 1);
    if ((a | b) < 0) return decodeFail('base64Binary', text, path, 'character outside the base64 alphabet');
    out[o++] = (a << 2) | (b >> 4);
    if (padding === 1) {
      const c = b64(s, full + 2);
      if (c < 0) return decodeFail('base64Binary', text, path, 'character outside the base64 alphabet');
      if ((c & 3) !== 0) decodeFail('base64Binary', text, path, 'non-zero bits before the padding');
      out[o++] = ((b & 15) << 4) | (c >> 2);
    } else if ((b & 15) !== 0) {
      decodeFail('base64Binary', text, path, 'non-zero bits before the padding');
    }
  }
  return out;
}

function asciiToString(codes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < codes.length; i += 0x1000) {
    s += String.fromCharCode.apply(null, codes.subarray(i, i + 0x1000) as unknown as number[]);
  }
  return s;
}

function expectBytes(type: string, value: unknown, path: string): Uint8Array {
  if (!(value instanceof Uint8Array)) encodeFail(type, value, path, 'expected a Uint8Array');
  return value;
}

/** One line, no breaks, '=' padding. */
export function formatBase64Binary(value: Uint8Array, path: string): string {
  const bytes = expectBytes('base64Binary', value, path);
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64_CODES[v >> 18]!;
    out[o++] = B64_CODES[(v >> 12) & 63]!;
    out[o++] = B64_CODES[(v >> 6) & 63]!;
    out[o++] = B64_CODES[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | (i + 1 < n ? bytes[i + 1]! << 8 : 0);
    out[o++] = B64_CODES[v >> 18]!;
    out[o++] = B64_CODES[(v >> 12) & 63]!;
    out[o++] = i + 1 < n ? B64_CODES[(v >> 6) & 63]! : 0x3d;
    out[o++] = 0x3d;
  }
  return asciiToString(out);
}

/** How many octets a valid base64Binary lexical form holds (white space ignored). */
export function base64Length(s: string): number {
  const t = WS_ANY.test(s) ? s.replace(WS_ALL, '') : s;
  const padding = t.endsWith('==') ? 2 : t.endsWith('=') ? 1 : 0;
  return (t.length / 4) * 3 - padding;
}

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function hexValue(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

export function parseHexBinary(text: string, path: string): Uint8Array {
  const s = collapseWhitespace(text);
  if (!HEX_RE.test(s)) decodeFail('hexBinary', s, path, 'not an even number of hex digits');
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++)
    out[i] = (hexValue(s.charCodeAt(2 * i)) << 4) | hexValue(s.charCodeAt(2 * i + 1));
  return out;
}

/** Upper-case hex digits (the canonical form). */
export function formatHexBinary(value: Uint8Array, path: string): string {
  const bytes = expectBytes('hexBinary', value, path);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_DIGITS[bytes[i]!]!;
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// The table

export interface BuiltinCodec {
  /** QName/NOTATION take the in-scope prefix resolver as a third argument. */
  parse(text: string, path: string, resolve?: PrefixResolver): unknown;
  /** QName/NOTATION take the prefix provider as a third argument. */
  format(value: unknown, path: string, prefixFor?: PrefixProvider): string;
}

/** Default representation per built-in: strings for big integers, decimal and date/time types; numbers; etc. */
export const BUILTIN_CODECS: Readonly<Record<XsdBuiltinName, BuiltinCodec>> = {
  anyType: { parse: parseString, format: formatString },
  anySimpleType: { parse: parseAnySimpleType, format: formatAnySimpleType },
  string: { parse: parseString, format: formatString },
  normalizedString: {
    parse: parseNormalizedString,
    format: formatNormalizedString,
  },
  token: { parse: parseToken, format: formatToken },
  language: languageCodec,
  Name: nameNameCodec,
  NCName: ncnameCodec,
  ID: idCodec,
  IDREF: idrefCodec,
  IDREFS: idrefsCodec,
  ENTITY: entityCodec,
  ENTITIES: entitiesCodec,
  NMTOKEN: nmtokenCodec,
  NMTOKENS: nmtokensCodec,
  boolean: { parse: parseBoolean, format: formatBoolean },
  decimal: { parse: parseDecimal, format: formatDecimal },
  integer: integerC,
  nonPositiveInteger: nonPositiveIntegerC,
  negativeInteger: negativeIntegerC,
  long: longC,
  int: intC,
  short: shortC,
  byte: byteC,
  nonNegativeInteger: nonNegativeIntegerC,
  unsignedLong: unsignedLongC,
  unsignedInt: unsignedIntC,
  unsignedShort: unsignedShortC,
  unsignedByte: unsignedByteC,
  positiveInteger: positiveIntegerC,
  float: { parse: parseFloat, format: formatFloat },
  double: { parse: parseDouble, format: formatDouble },
  duration: { parse: parseDuration, format: formatDuration },
  dateTime: { parse: parseDateTime, format: formatDateTime },
  time: timeC,
  date: { parse: parseDate, format: formatDate },
  gYearMonth: gYearMonthC,
  gYear: gYearC,
  gMonthDay: gMonthDayC,
  gDay: gDayC,
  gMonth: gMonthC,
  hexBinary: { parse: parseHexBinary, format: formatHexBinary },
  base64Binary: { parse: parseBase64Binary, format: formatBase64Binary },
  anyURI: { parse: parseAnyURI, format: formatAnyURI },
  QName: qnameC,
  NOTATION: notationC,
};

// ---------------------------------------------------------------------------------------------------------------
// The one table of XSD built-ins: what the generator (model, types) and the schema compiler need to know of each.

/** How a built-in's values are represented in TypeScript by default (`--long`/`--date` may change big/date ones). */
export type BuiltinRepresentation = 'string' | 'number' | 'boolean' | 'binary' | 'qname' | 'list' | 'raw';

export interface XsdBuiltinInfo {
  /** Its base in the XSD 1.0 type hierarchy (null for anyType). */
  readonly base: XsdBuiltinName | null;
  readonly representation: BuiltinRepresentation;
  /** The facet family its values belong to. */
  readonly facetKind: FacetFamily;
  /** Its lexical forms never hold `&`, `<` or `>` (the encoder need not escape them). */
  readonly safeText: boolean;
  /** An unbounded integer: a string by default, a bigint with `--long bigint`. */
  readonly big?: true;
  /** dateTime/date: a string by default, a Date with `--date Date`. */
  readonly date?: { readonly parse: (text: string, path: string) => Date; readonly format: (value: Date, path: string) => string };
  /** Lists of another built-in (IDREFS, ENTITIES, NMTOKENS). */
  readonly listOf?: XsdBuiltinName;
}

/** Mirrors facets.ts's FacetKind (kept here so lexical.ts stays free of imports). */
type FacetFamily = 'string' | 'decimal' | 'float' | 'date' | 'duration' | 'hexBinary' | 'base64Binary' | 'list';

function b(base: XsdBuiltinName | null, representation: BuiltinRepresentation, facetKind: FacetFamily, safeText: boolean, extra: Partial<XsdBuiltinInfo> = {}): XsdBuiltinInfo {
  return { base, representation, facetKind, safeText, ...extra };
}

export const XSD_BUILTINS: Readonly<Record<XsdBuiltinName, XsdBuiltinInfo>> = {
  anyType: b(null, 'raw', 'string', false),
  anySimpleType: b('anyType', 'string', 'string', false),
  string: b('anySimpleType', 'string', 'string', false),
  normalizedString: b('string', 'string', 'string', false),
  token: b('normalizedString', 'string', 'string', false),
  language: b('token', 'string', 'string', false),
  Name: b('token', 'string', 'string', false),
  NCName: b('Name', 'string', 'string', false),
  ID: b('NCName', 'string', 'string', false),
  IDREF: b('NCName', 'string', 'string', false),
  IDREFS: b('anySimpleType', 'list', 'list', false, { listOf: 'IDREF' }),
  ENTITY: b('NCName', 'string', 'string', false),
  ENTITIES: b('anySimpleType', 'list', 'list', false, { listOf: 'ENTITY' }),
  NMTOKEN: b('token', 'string', 'string', false),
  NMTOKENS: b('anySimpleType', 'list', 'list', false, { listOf: 'NMTOKEN' }),
  boolean: b('anySimpleType', 'boolean', 'string', true),
  decimal: b('anySimpleType', 'string', 'decimal', true),
  integer: b('decimal', 'string', 'decimal', true, { big: true }),
  nonPositiveInteger: b('integer', 'string', 'decimal', true, { big: true }),
  negativeInteger: b('nonPositiveInteger', 'string', 'decimal', true, { big: true }),
  long: b('integer', 'string', 'decimal', true, { big: true }),
  int: b('long', 'number', 'decimal', true),
  short: b('int', 'number', 'decimal', true),
  byte: b('short', 'number', 'decimal', true),
  nonNegativeInteger: b('integer', 'string', 'decimal', true, { big: true }),
  unsignedLong: b('nonNegativeInteger', 'string', 'decimal', true, { big: true }),
  unsignedInt: b('unsignedLong', 'number', 'decimal', true),
  unsignedShort: b('unsignedInt', 'number', 'decimal', true),
  unsignedByte: b('unsignedShort', 'number', 'decimal', true),
  positiveInteger: b('nonNegativeInteger', 'string', 'decimal', true, { big: true }),
  float: b('anySimpleType', 'number', 'float', true),
  double: b('anySimpleType', 'number', 'float', true),
  duration: b('anySimpleType', 'string', 'duration', true),
  dateTime: b('anySimpleType', 'string', 'date', true, { date: { parse: dateTimeToDate, format: formatDateTimeFromDate } }),
  time: b('anySimpleType', 'string', 'date', true),
  date: b('anySimpleType', 'string', 'date', true, { date: { parse: dateToDate, format: formatDateFromDate } }),
  gYearMonth: b('anySimpleType', 'string', 'date', true),
  gYear: b('anySimpleType', 'string', 'date', true),
  gMonthDay: b('anySimpleType', 'string', 'date', true),
  gDay: b('anySimpleType', 'string', 'date', true),
  gMonth: b('anySimpleType', 'string', 'date', true),
  hexBinary: b('anySimpleType', 'binary', 'hexBinary', true),
  base64Binary: b('anySimpleType', 'binary', 'base64Binary', true),
  anyURI: b('anySimpleType', 'string', 'string', false),
  QName: b('anySimpleType', 'qname', 'string', false),
  NOTATION: b('anySimpleType', 'qname', 'string', false),
};
