import { DecodeError, EncodeError } from './errors';
import { escapeAttr } from './escape';
import { isNCName, parseInt as parseXsdInt, type PrefixResolver } from './lexical';
import type { AnyAttribute, RawXml } from './values';
import { ReaderLimits, XmlReader } from './xml-reader';
import { XmlWriter } from './xml-writer';

/** Generated per global element: its name and the functions that read and write it. */
export interface ElementCodec<T> {
  readonly ns: string;
  readonly local: string;
  /** Reads the element the reader is positioned at (its start tag has been read). */
  decode(r: XmlReader, path: string): T;
  /** The whole element as a string, declaring on its root every namespace it uses. */
  toXml(value: T, path: string): string;
  /** Writes the whole element into a writer (an envelope, say). */
  encode(w: XmlWriter, value: T, path: string): void;
}

/** Parses a standalone XML document whose root is `codec`'s element, validating it against the schema. */
export function decodeXml<T>(codec: ElementCodec<T>, xml: string | Uint8Array, limits?: Partial<ReaderLimits>): T {
  const r = typeof xml === 'string' ? new XmlReader(xml, limits) : XmlReader.fromBytes(xml, limits);
  r.readRoot();
  const path = `/${r.local}`;
  if (r.ns !== codec.ns || r.local !== codec.local) {
    throw new DecodeError(`expected element {${codec.ns}}${codec.local}, found {${r.ns}}${r.local} at ${path}`, path);
  }
  const value = codec.decode(r, path);
  r.end();
  return value;
}

/** Writes `value` as a standalone XML document rooted at `codec`'s element. */
export function encodeXml<T>(codec: ElementCodec<T>, value: T, options: { xmlDeclaration?: boolean } = {}): string {
  const xml = codec.toXml(value, `/${codec.local}`);
  return options.xmlDeclaration ? '<?xml version="1.0" encoding="utf-8"?>' + xml : xml;
}

/** Reads an element carrying xsi:nil="true": it must be empty. */
export function readNil(r: XmlReader, path: string): null {
  const text = r.readText();
  if (text.trim() !== '') throw new DecodeError(`an element with xsi:nil="true" must be empty at ${path}`, path);
  return null;
}

/** Sets an own property even for names such as `__proto__`, which plain assignment would turn into a prototype change. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Splits an xs:list value on XML white space. */
export function splitList(text: string): string[] {
  // Fast path: items separated by single spaces, nothing around them (what encoders write).
  const n = text.length;
  let spaces = 0;
  let plain = n > 0;
  for (let i = 0; i < n && plain; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      spaces++;
      if (i === 0 || i === n - 1 || text.charCodeAt(i + 1) === 0x20) plain = false;
    } else if (c === 0x09 || c === 0x0a || c === 0x0d) plain = false;
  }
  if (plain) return spaces === 0 ? [text] : text.split(' ');
  const t = text.replace(/[\t\n\r ]+/g, ' ').trim();
  return t ? t.split(' ') : [];
}

/** Whether an element in namespace `ns` matches an xs:any `namespace` constraint written in schema `tns`. */
export function wildcardAllows(ns: string, constraint: string, tns: string): boolean {
  const c = constraint.trim();
  if (c === '##any' || c === '') return true;
  if (c === '##other') return ns !== tns && ns !== '';
  for (const token of c.split(/\s+/)) {
    if (token === '##targetNamespace' ? ns === tns : token === '##local' ? ns === '' : token === ns) return true;
  }
  return false;
}

/**
 * Reads the current element's text and hands it to `parse` with the element's namespace scope, captured before
 * the element is closed (QName values may use prefixes declared on the element itself).
 */
export function readScoped<T>(r: XmlReader, parse: (text: string, scope: PrefixResolver) => T, path?: string): T {
  if (path !== undefined && r.attrCount !== 0) checkAttributes(r, path, NO_ATTRIBUTES);
  const scope = r.scopeSnapshot();
  return parse(r.readText(), scope);
}

const NO_ATTRIBUTES: readonly string[] = [];

/**
 * The text of an element of simple type. Such an element has no attributes but xsi:* ones: anything else (an `href`,
 * an `id`, a misplaced attribute) is refused rather than ignored.
 */
export function leafText(r: XmlReader, path: string): string {
  if (r.attrCount !== 0) checkAttributes(r, path, NO_ATTRIBUTES);
  return r.readText();
}

/**
 * Prefixes for QName values written by generated encoders: one scope per element, whose `declarations` the encoder
 * puts on that element's start tag (q1, q2… never clash with the module's ns1, ns2… or xsi).
 */
export class QNameScope {
  declarations = '';
  private readonly byNs = new Map<string, string>();
  readonly prefixFor = (ns: string): string => {
    // The xml prefix is predeclared for the XML namespace, which no other prefix may be bound to.
    if (ns === XML_NAMESPACE) return 'xml';
    let p = this.byNs.get(ns);
    if (p === undefined) {
      p = `q${this.byNs.size + 1}`;
      this.byNs.set(ns, p);
      this.declarations += ` xmlns:${p}="${escapeAttr(ns, '')}"`;
    }
    return p;
  };
}

/**
 * The ` p:name="value"` text of xs:anyAttribute attributes, declaring their namespaces. Each must be allowed by the
 * wildcard, must not be a namespace declaration, and must not repeat a declared attribute (`declared`: `{ns}local`).
 */
export function anyAttributes(list: readonly AnyAttribute[] | undefined, path: string, constraint: string, tns: string, declared: readonly string[]): string {
  if (list === undefined) return '';
  if (!Array.isArray(list)) throw new EncodeError(`$anyAttributes must be an array at ${path}`, path);
  const scope = new QNameScope();
  const seen = new Set<string>(declared);
  let s = '';
  for (const a of list) {
    if (a === null || typeof a !== 'object' || typeof a.ns !== 'string' || typeof a.local !== 'string' || typeof a.value !== 'string') throw new EncodeError(`an $anyAttributes entry must be { ns, local, value } at ${path}`, path);
    if (!isNCName(a.local) || (a.ns === '' && a.local === 'xmlns') || a.ns === 'http://www.w3.org/2000/xmlns/') throw new EncodeError(`'${a.local}' cannot be written as an attribute at ${path}`, path);
    if (!wildcardAllows(a.ns, constraint, tns)) throw new EncodeError(`attribute {${a.ns}}${a.local} is not allowed by the wildcard at ${path}`, path);
    const key = `{${a.ns}}${a.local}`;
    if (seen.has(key)) throw new EncodeError(`attribute {${a.ns}}${a.local} is written twice at ${path}`, path);
    seen.add(key);
    const name = a.ns === '' ? a.local : `${scope.prefixFor(a.ns)}:${a.local}`;
    s += ` ${name}="${escapeAttr(a.value, path)}"`;
  }
  return scope.declarations + s;
}

/**
 * Checks a RawXml value before it is written: one well-formed element (and, for xs:any, in a namespace the
 * wildcard allows). Returns its text.
 */
export function rawXml(value: unknown, path: string, constraint?: string, tns?: string): string {
  if (value === null || typeof value !== 'object' || typeof (value as RawXml).xml !== 'string') throw new EncodeError(`expected raw XML { xml: string } at ${path}`, path);
  const xml = (value as RawXml).xml;
  let r: XmlReader;
  try {
    r = new XmlReader(xml);
    r.readRoot();
  } catch (e) {
    throw new EncodeError(`raw XML is not a well-formed element at ${path}: ${(e as Error).message}`, path);
  }
  if (constraint !== undefined && !wildcardAllows(r.ns, constraint, tns ?? '')) throw new EncodeError(`element {${r.ns}}${r.local} is not allowed by the wildcard at ${path}`, path);
  try {
    r.skip();
    r.end();
  } catch (e) {
    throw new EncodeError(`raw XML is not a well-formed element at ${path}: ${(e as Error).message}`, path);
  }
  if (xml.trimStart().startsWith('<?')) throw new EncodeError(`raw XML must not carry an XML declaration at ${path}`, path);
  return xml;
}

/** Reads an own property only (never one inherited from Object.prototype). */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** The own array under `key`, created when absent. */
export function ownList(obj: Record<string, unknown>, key: string): unknown[] {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) setOwn(obj, key, []);
  return obj[key] as unknown[];
}

/** Rejects xsi:nil on an element that is not nillable; returns undefined so callers can chain `?? value`. */
export function notNil(r: XmlReader, path: string): undefined {
  if (r.isNil()) throw new DecodeError(`xsi:nil on an element that is not nillable at ${path}`, path);
  return undefined;
}

/**
 * Rejects attributes a type does not declare. xsi:* is always allowed, and so are the SOAP envelope's own attributes
 * (mustUnderstand, actor/role, relay, encodingStyle), which SOAP puts on header blocks and body elements for itself.
 * `known` holds `{ns}local` keys.
 */
export function checkAttributes(r: XmlReader, path: string, known: readonly string[]): void {
  const n = r.attrCount;
  for (let i = 0; i < n; i++) {
    const ns = r.attrNs(i);
    if (ns === XSI_NS || ns === SOAP11_ENV_NS || ns === SOAP12_ENV_NS) continue;
    const key = `{${ns}}${r.attrLocal(i)}`;
    if (!known.includes(key)) throw new DecodeError(`attribute ${key} is not allowed at ${path}`, path);
  }
}

/** Attribute values with `fixed` in the schema must have exactly that value. */
export function checkFixed(actual: string, fixed: string, path: string, mode: 'decode' | 'encode'): void {
  if (actual.trim() === fixed.trim()) return;
  const message = `the value must be ${JSON.stringify(fixed)}, not ${JSON.stringify(actual.slice(0, 64))}, at ${path}`;
  throw mode === 'decode' ? new DecodeError(message, path) : new EncodeError(message, path);
}

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const SOAP11_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_ENV_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** WCF's ser:char: a single character, carried on the wire as its code point (an xs:int). */
export function parseChar(text: string, path: string): string {
  const code = parseXsdInt(text, path);
  if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new DecodeError(`${code} is not a Unicode code point at ${path}`, path);
  return String.fromCodePoint(code);
}

export function formatChar(value: string, path: string): string {
  if (typeof value !== 'string' || [...value].length !== 1) throw new EncodeError(`a char must be exactly one character at ${path}`, path);
  return String(value.codePointAt(0));
}
