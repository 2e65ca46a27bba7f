/**
 * Structural equality for decoded values, strict where the representation is exact:
 * - numbers with Object.is (so -0 ≠ 0 and NaN = NaN: xs:double keeps both),
 * - Uint8Array byte by byte, arrays element by element,
 * - plain objects: same prototype (Object.prototype), same own enumerable keys (an own `__proto__` included),
 * - RawXml (`{ xml }`): the same XML modulo namespace declarations and prefixes. The reader returns a fragment
 *   with every namespace binding in scope added to its start tag (documented in XmlReader.readRaw), so the text
 *   itself is not a fixed point; the element, attribute and text structure is.
 */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';

/** Undefined when equal, else the path of the first difference and what differs. */
export function diff(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    return Object.is(actual, expected) ? undefined : `${path}: ${show(actual)} ≠ expected ${show(expected)}`;
  }
  if (expected instanceof Uint8Array || actual instanceof Uint8Array) {
    if (!(expected instanceof Uint8Array) || !(actual instanceof Uint8Array)) return `${path}: Uint8Array expected on both sides`;
    if (expected.length !== actual.length || expected.some((b, i) => actual[i] !== b)) return `${path}: bytes [${[...actual]}] ≠ expected [${[...expected]}]`;
    return undefined;
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return `${path}: array expected on both sides`;
    if (expected.length !== actual.length) return `${path}: length ${actual.length} ≠ expected ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = diff(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${path}: different prototypes`;
  if (isRawXml(expected) && isRawXml(actual)) {
    const a = canonicalXml(actual.xml);
    const e = canonicalXml(expected.xml);
    return a === e ? undefined : `${path}.xml: ${a} ≠ expected ${e}`;
  }
  const ak = Object.keys(actual).sort();
  const ek = Object.keys(expected).sort();
  if (ak.join('\u0000') !== ek.join('\u0000')) return `${path}: keys [${ak.join(', ')}] ≠ expected [${ek.join(', ')}]`;
  for (const k of ek) {
    const d = diff(Object.getOwnPropertyDescriptor(actual, k)!.value, Object.getOwnPropertyDescriptor(expected, k)!.value, `${path}[${JSON.stringify(k)}]`);
    if (d) return d;
  }
  return undefined;
}

function isRawXml(v: object): v is { xml: string } {
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === 'xml' && typeof (v as { xml: unknown }).xml === 'string';
}

function show(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** Element structure with expanded names; namespace declarations and prefixes left out. */
export function canonicalXml(xml: string): string {
  let error: string | undefined;
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && (error = msg)) }).parseFromString(xml, 'text/xml');
  if (error || !doc.documentElement) return `<<not well-formed: ${error ?? 'no root'}>> ${xml}`;
  return canon(doc.documentElement);
}

function canon(n: Node): string {
  if (n.nodeType === 3 || n.nodeType === 4) return JSON.stringify(n.nodeValue);
  if (n.nodeType !== 1) return '';
  const e = n as Element;
  const attrs: string[] = [];
  for (let i = 0; i < e.attributes.length; i++) {
    const a = e.attributes.item(i)!;
    if (a.name === 'xmlns' || a.prefix === 'xmlns') continue;
    attrs.push(`{${a.namespaceURI ?? ''}}${a.localName}=${JSON.stringify(a.value)}`);
  }
  attrs.sort();
  let children = '';
  let text = '';
  for (let c = e.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 3 || c.nodeType === 4) text += c.nodeValue ?? '';
    else {
      if (text) children += JSON.stringify(text);
      text = '';
      children += canon(c);
    }
  }
  if (text) children += JSON.stringify(text);
  return `<{${e.namespaceURI ?? ''}}${e.localName}${attrs.length ? ' ' + attrs.join(' ') : ''}>${children}</>`;
}
